package dev.driverlab.ops;

import dev.driverlab.web.api.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lab's server as a real operating-system process (the test's own classpath, its own JVM), so a test can do
 * what an operator's supervisor does to it: SIGTERM, SIGKILL, start it again on the same database file.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the server on a free port in the directory {@code data}, so its default database (./data/ under the
     * working directory, configured as in production) lives there; extra Spring arguments after.
     */
    static ServerProcess start(Path data, String... arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath(),
                "dev.driverlab.DriverLab",
                // only the production configuration: not the tests' config/application.properties (in-memory H2)
                "--spring.config.location=classpath:/application.properties",
                "--server.port=" + port,
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(arguments));
        Path log = data.resolve("server-" + port + ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(data.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ServerProcess server = new ServerProcess(p, port, log);
            server.awaitHealthy();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ApiClient api() {
        return new ApiClient(port);
    }

    /** What a supervisor's {@code kill -9} does: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** {@code kill -TERM}: a graceful shutdown; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("the server did not stop on SIGTERM");
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }

    private void awaitHealthy() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) throw new AssertionError("the server exited while starting:\n" + log());
            try {
                if (api().get("/actuator/health").body().contains("UP")) return;
            } catch (RuntimeException notYet) {
                // connection refused while it starts
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the server was not healthy within 120 s:\n" + log());
    }

    /** Surefire puts the real classpath here; java.class.path may be only its booter jar. */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

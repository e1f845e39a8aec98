package dev.driverlab.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The deployment of README "Scaling out", from Debian's packages, on this machine: PostgreSQL (initdb into a temp
 * directory, run as the {@code postgres} user when the test runs as root), RabbitMQ with its STOMP plugin (its own
 * node name, ports, epmd port and directories, as the {@code rabbitmq} user), two instances of the packaged jar
 * and HAProxy in front hashing on the session id. Everything it starts is stopped by {@link #close}, whatever
 * happened before: the test calls it from {@code @AfterAll}, and a JVM shutdown hook calls it if the run is cut
 * short. The processes' logs are copied to {@code target/cluster-logs/}.
 */
final class Cluster implements AutoCloseable {
    static final Duration SWEEP = Duration.ofSeconds(1);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    final Path base;
    final int pgPort = freePort();
    final int stompPort = freePort();
    final int routerPort = freePort();
    private final int amqpPort = freePort();
    private final int distPort = freePort();
    private final int epmdPort = freePort();
    private final String node = "driverlab-cluster-" + ProcessHandle.current().pid() + "@localhost";
    /** What to do at the end, last started first stopped. */
    private final Deque<Runnable> stops = new ArrayDeque<>();

    private final Map<String, Instance> instances = new LinkedHashMap<>();
    /** Where each started process writes its output, for a failure's message. */
    private final Map<Process, Path> logs = new HashMap<>();

    private final Thread hook = new Thread(this::stopAll, "cluster-stop");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Cluster() throws IOException {
        base = Files.createTempDirectory("driverlab-cluster");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        stops.push(this::saveLogsAndDelete);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** One instance of the packaged jar. */
    record Instance(String name, int port, Process process, Path log) {}

    // ---- PostgreSQL ----

    void startPostgres() throws Exception {
        Path data = dir("pg", "postgres");
        run(
                as(
                        "postgres",
                        List.of(
                                pgBin("initdb"),
                                "-D",
                                data.toString(),
                                "-U",
                                "driverlab",
                                "--auth=trust",
                                "-E",
                                "UTF8",
                                "--no-sync")),
                "initdb");
        Process pg = start(
                "postgres",
                as(
                        "postgres",
                        List.of(
                                pgBin("postgres"),
                                "-D",
                                data.toString(),
                                "-p",
                                String.valueOf(pgPort),
                                "-k",
                                data.toString(),
                                "-c",
                                "listen_addresses=127.0.0.1",
                                "-c",
                                "fsync=off")));
        // SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave).
        stops.push(() -> stop(pg, "INT"));
        await("PostgreSQL", Duration.ofSeconds(60), pg, () -> {
            try (Connection c = jdbc("postgres")) {
                return c.isValid(2);
            }
        });
        try (Connection c = jdbc("postgres")) {
            c.createStatement().execute("CREATE DATABASE driverlab");
        }
    }

    Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database, "driverlab", "");
    }

    private static String pgBin(String tool) throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                var newest = versions.map(v -> v.resolve("bin").resolve(tool))
                        .filter(Files::isExecutable)
                        .max(Comparator.comparingInt(p -> Integer.parseInt(p.getParent()
                                .getParent()
                                .getFileName()
                                .toString()
                                .replaceAll("\\D", "0"))));
                if (newest.isPresent()) return newest.get().toString();
            }
        }
        return tool; // from PATH
    }

    // ---- RabbitMQ ----

    void startRabbit() throws Exception {
        Path home = dir("rabbit", "rabbitmq");
        Files.copy(Path.of("deploy/enabled_plugins"), home.resolve("enabled_plugins")); // as docker-compose.yml
        Files.writeString(
                home.resolve("rabbitmq.conf"),
                String.join(
                        "\n",
                        "listeners.tcp.1 = 127.0.0.1:" + amqpPort,
                        "stomp.listeners.tcp.1 = 127.0.0.1:" + stompPort,
                        ""));
        List<String> env = List.of(
                "env",
                "HOME=" + home,
                "RABBITMQ_CONF_ENV_FILE=/dev/null",
                "RABBITMQ_NODENAME=" + node,
                "RABBITMQ_USE_LONGNAME=false",
                "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
                "RABBITMQ_NODE_PORT=" + amqpPort,
                "RABBITMQ_DIST_PORT=" + distPort,
                "ERL_EPMD_PORT=" + epmdPort,
                "RABBITMQ_CONFIG_FILE=" + home.resolve("rabbitmq.conf"),
                "RABBITMQ_ENABLED_PLUGINS_FILE=" + home.resolve("enabled_plugins"),
                "RABBITMQ_MNESIA_BASE=" + home.resolve("mnesia"),
                "RABBITMQ_LOG_BASE=" + home.resolve("log"),
                "RABBITMQ_LOGS=-",
                "RABBITMQ_PID_FILE=" + home.resolve("rabbit.pid"));
        List<String> command = new ArrayList<>(env);
        command.add(rabbitServer());
        Process rabbit = start("rabbitmq", as("rabbitmq", command));
        stops.push(() -> {
            stop(rabbit, "TERM");
            // epmd was started by the node as a daemon of its own, on this run's port: end it too.
            List<String> kill = new ArrayList<>(List.of("env", "ERL_EPMD_PORT=" + epmdPort, "epmd", "-kill"));
            try {
                run(as("rabbitmq", kill), "epmd -kill");
            } catch (Exception e) {
                System.err.println("cluster: could not stop epmd on port " + epmdPort + ": " + e);
            }
        });
        await("RabbitMQ's STOMP listener", Duration.ofSeconds(120), rabbit, this::stompAnswers);
    }

    private static String rabbitServer() {
        // The script itself, not /usr/sbin's wrapper (which switches to the rabbitmq user with su, as root only).
        Path script = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
        return Files.isExecutable(script) ? script.toString() : "rabbitmq-server";
    }

    /** A STOMP CONNECT answered by CONNECTED. */
    private boolean stompAnswers() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", stompPort), 1000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\n\n\0"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(9);
            return new String(head, StandardCharsets.UTF_8).equals("CONNECTED");
        }
    }

    // ---- HAProxy ----

    /**
     * The router: deploy/haproxy.cfg, the one docker-compose.yml mounts, with this run's addresses (the listening
     * one and the instances') and health checks every 500 ms (a dead instance leaves the rotation within a second).
     */
    void startRouter() throws Exception {
        Path dir = dir("router", "haproxy");
        StringBuilder cfg = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("deploy/haproxy.cfg"))) {
            if (line.trim().startsWith("server ")) continue;
            cfg.append(line.replace("bind :8080", "bind 127.0.0.1:" + routerPort)
                            .replace("inter 2s fall 2", "inter 500ms fall 1"))
                    .append('\n');
        }
        if (cfg.indexOf("127.0.0.1:" + routerPort) < 0 || cfg.indexOf("inter 500ms") < 0) {
            throw new IllegalStateException("deploy/haproxy.cfg changed: adapt Cluster.startRouter");
        }
        for (Instance i : instances.values()) { // the backend is the file's last section
            cfg.append("    server ")
                    .append(i.name())
                    .append(" 127.0.0.1:")
                    .append(i.port())
                    .append(" check\n");
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        run(List.of("haproxy", "-c", "-q", "-f", file.toString()), "haproxy -c");
        Process router = start("haproxy", as("haproxy", List.of("haproxy", "-db", "-f", file.toString())));
        stops.push(() -> stop(router, "TERM"));
        await("HAProxy", Duration.ofSeconds(30), router, () -> {
            for (int n = 0; n < instances.size(); n++) { // every instance up in its view: one answer from each
                if (get(routerPort, "/actuator/health").statusCode() != 200) return false;
            }
            return true;
        });
    }

    // ---- DriverLab ----

    /**
     * Starts the instances at once (they migrate the empty database concurrently: Flyway locks) and waits. A port
     * is picked free and then bound by the instance seconds later; if another process took it meanwhile, the
     * instance is started again on another port (once).
     */
    void startInstances(String... names) throws Exception {
        Path jar = Path.of(System.getProperty("driverlab.jar", "target/driverlab.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no packaged jar at " + jar);
        for (String name : names) launch(name, jar);
        for (String name : names) {
            if (!awaitHealthy(instances.get(name)) && !awaitHealthy(launch(name, jar))) {
                throw new IllegalStateException("instance " + name + ": its port was taken twice");
            }
        }
    }

    private Instance launch(String name, Path jar) throws IOException {
        int port = freePort();
        Path dir = dir("instance-" + name, null);
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1",
                "-Dspring.aot.enabled=" + aot(name),
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/driverlab",
                "--driverlab.catalog.badges-at-startup=false", // no catalog searches competing with the run
                "--spring.datasource.username=driverlab",
                "--spring.datasource.password=",
                "--driverlab.push.relay.enabled=true",
                "--driverlab.push.relay.host=127.0.0.1",
                "--driverlab.push.relay.port=" + stompPort,
                "--driverlab.push.topic-prefix=/topic/sessions.",
                "--driverlab.sessions.shared-database=true",
                "--driverlab.sessions.sweep-interval=PT" + SWEEP.toSeconds() + "S",
                "--server.forward-headers-strategy=native",
                "--driverlab.api.rate.create.capacity=100000",
                "--driverlab.api.rate.commands.capacity=100000",
                "--driverlab.api.rate.link.capacity=100000",
                "--driverlab.api.rate.lookup.capacity=100000");
        Path log = dir.resolve("driverlab-" + port + ".log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        logs.put(p, log);
        Instance instance = new Instance(name, port, p, log);
        instances.put(name, instance);
        stops.push(() -> stop(p, "TERM"));
        return instance;
    }

    /**
     * Instance "b" runs Spring's AOT-processed bean definitions, as {@code target/driverlab} starts the server
     * (README "Performance"): every deployment setting this cluster uses (PostgreSQL, the STOMP relay, the shared
     * database, forwarded headers, the exposed endpoints) must work with the conditions evaluated at build time.
     */
    static boolean aot(String name) {
        return name.equals("b");
    }

    /** True once the instance answers UP; false if it exited while starting because its port was taken. */
    private boolean awaitHealthy(Instance i) throws Exception {
        try {
            await(
                    "instance " + i.name(),
                    Duration.ofSeconds(180),
                    i.process(),
                    () -> get(i.port(), "/actuator/health").body().contains("UP"));
            return true;
        } catch (IllegalStateException e) {
            if (!i.process().isAlive() && portTaken(i)) return false;
            throw e;
        }
    }

    private static boolean portTaken(Instance i) throws IOException {
        String out = Files.readString(i.log(), StandardCharsets.UTF_8);
        return out.contains("Port " + i.port() + " was already in use") || out.contains("Address already in use");
    }

    Instance instance(String name) {
        return instances.get(name);
    }

    List<Instance> instances() {
        return List.copyOf(instances.values());
    }

    /** What a supervisor's {@code kill -9} does to the instance. */
    void kill(String name) throws InterruptedException {
        Process p = instances.get(name).process();
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** A POST with extra headers (name, value, ...). */
    HttpResponse<String> post(int port, String path, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    /** A DELETE with extra headers (name, value, ...). */
    HttpResponse<String> delete(int port, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .DELETE();
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    /** A GET with extra headers (name, value, ...). */
    HttpResponse<String> get(int port, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET();
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- processes ----

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running it
        }
    }

    private synchronized void stopAll() {
        while (!stops.isEmpty()) {
            try {
                stops.pop().run();
            } catch (RuntimeException e) {
                System.err.println("cluster: stopping failed: " + e);
            }
        }
    }

    /** A directory under the base, owned by {@code user} when running as root (its services refuse root). */
    private Path dir(String name, String user) throws IOException {
        Path d = Files.createDirectories(base.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (ROOT && user != null) {
            try {
                run(List.of("chown", "-R", user + ":", d.toString()), "chown");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        return d;
    }

    /** The command run as {@code user} (by setpriv, which execs: the process is the service itself). */
    private static List<String> as(String user, List<String> command) {
        if (!ROOT) return command;
        List<String> all =
                new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
        all.addAll(command);
        return all;
    }

    private Process start(String name, List<String> command) throws IOException {
        Path log = base.resolve(name + ".log");
        Process p = new ProcessBuilder(command)
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        logs.put(p, log);
        return p;
    }

    private void run(List<String> command, String what) throws IOException, InterruptedException {
        Path log = base.resolve("run.log");
        Process p = new ProcessBuilder(command)
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
        }
    }

    /** Sends the signal and waits; then SIGKILL, for the whole process tree, if it is still there. */
    private static void stop(Process p, String signal) {
        try {
            if (p.isAlive()) {
                new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid()))
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);
                p.waitFor(60, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (p.isAlive()) p.destroyForcibly();
    }

    interface Probe {
        boolean ready() throws Exception;
    }

    private void await(String what, Duration limit, Process process, Probe probe) throws Exception {
        long until = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited (" + process.exitValue() + ") while starting; logs in "
                        + base + "; the end of its output:\n" + tail(logs.get(process)));
            }
            try {
                if (probe.ready()) return;
            } catch (Exception notYet) {
                last = notYet;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(what + " not ready within " + limit.toSeconds() + " s (last: " + last
                + "); logs in " + base + "; the end of its output:\n" + tail(logs.get(process)));
    }

    /**
     * The last lines a process wrote: a CI run shows only the test's output, and the temp directory is gone after
     * it (the copy in target/cluster-logs stays on the CI machine).
     */
    private static String tail(Path log) {
        if (log == null) return "(no log)";
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Copies every log to target/cluster-logs/ (for a failure's post-mortem), then deletes the temp directory. */
    private void saveLogsAndDelete() {
        Path target = Path.of("target", "cluster-logs");
        try (Stream<Path> files = Files.walk(base)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f))
                    .toList()) {
                Path to = target.resolve(base.relativize(f).toString().replace('/', '-'));
                Files.createDirectories(target);
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("cluster: could not save logs: " + e);
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            System.err.println("cluster: could not delete " + base + ": " + e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.driverlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost when the server process dies: a real server, SIGKILLed or SIGTERMed, then started
 * again on the same database file. Shares answered 201 are there; a session's commands older than the sweep
 * interval are there after SIGKILL, and all of them after SIGTERM.
 */
class DurabilityTests {
    /** Rate limits out of the way: this is one client standing for a whole room. */
    private static final String[] NO_RATE_LIMIT = Stream.of(
                    "create", "run", "compile", "link", "commands", "replay", "lookup", "explore")
            .flatMap(c -> Stream.of(
                    "--driverlab.api.rate." + c + ".capacity=1000000",
                    "--driverlab.api.rate." + c + ".per-minute=1000000"))
            .toArray(String[]::new);

    @TempDir
    Path data;

    private static final Map<String, Object> SHARE =
            Map.of("scenario", "devm-irq-tasklet", "commands", List.of("insmod devm_irq_tasklet", "irq 17"));

    @Test
    void everyShareAnswered201SurvivesAKillMinusNine() throws Exception {
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        try (ServerProcess server = ServerProcess.start(data, NO_RATE_LIMIT)) {
            ApiClient api = server.api();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        HttpResponse<String> r;
                        try {
                            r = api.post("/api/shares", SHARE);
                        } catch (RuntimeException connectionGone) {
                            return;
                        }
                        if (r.statusCode() == 201)
                            acknowledged.add(ApiClient.json(r).get("id").asString());
                    }
                });
            }
            while (acknowledged.size() < 40) Thread.sleep(10);
            server.kill(); // while the clients are still creating shares
            clients.shutdownNow();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        try (ServerProcess server = ServerProcess.start(data)) {
            List<String> lost = new ArrayList<>();
            for (String id : List.copyOf(acknowledged)) {
                if (server.api().get("/api/shares/" + id).statusCode() != 200) lost.add(id);
            }
            assertThat(lost).as("shares answered 201, then gone after kill -9").isEmpty();
        }
    }

    @Test
    void aSessionsCommandsOlderThanTheSweepIntervalSurviveAKillMinusNine() throws Exception {
        String id;
        try (ServerProcess server = ServerProcess.start(data, "--driverlab.sessions.sweep-interval=PT1S")) {
            ApiClient api = server.api();
            id = api.newSession("devm-irq-tasklet");
            apply(api, id, "insmod devm_irq_tasklet", "irq 17");
            Thread.sleep(3_000); // three sweep intervals
            server.kill();
        }
        try (ServerProcess server = ServerProcess.start(data)) {
            assertThat(history(server.api(), id)).containsExactly("insmod devm_irq_tasklet", "irq 17");
        }
    }

    @Test
    void aGracefulShutdownStoresEverySessionsLastCommands() throws Exception {
        List<String> ids = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(data, "--driverlab.sessions.sweep-interval=PT1H")) {
            ApiClient api = server.api();
            for (int i = 0; i < 3; i++) {
                String id = api.newSession("devm-irq-tasklet");
                apply(api, id, "insmod devm_irq_tasklet");
                apply(api, id, "irq 17", "irq 17");
                ids.add(id);
            }
            server.terminate(); // no sweep has run: only the shutdown can have stored the second batches
        }
        try (ServerProcess server = ServerProcess.start(data)) {
            for (String id : ids) {
                assertThat(history(server.api(), id))
                        .as(id)
                        .containsExactly("insmod devm_irq_tasklet", "irq 17", "irq 17");
            }
        }
    }

    private static void apply(ApiClient api, String id, String... commands) {
        HttpResponse<String> r = api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of(commands)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static List<String> history(ApiClient api, String id) {
        HttpResponse<String> r = api.get("/api/sessions/" + id + "/history");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> commands = new ArrayList<>();
        ApiClient.json(r).get("commands").forEach(c -> commands.add(c.asString()));
        return commands;
    }
}

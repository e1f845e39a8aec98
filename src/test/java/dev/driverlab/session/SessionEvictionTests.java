package dev.driverlab.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Sessions leave memory (idle, over the cap) and come back from their stored history, unchanged. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "driverlab.sessions.max-live=3")
class SessionEvictionTests {
    static final List<String> COMMANDS =
            List.of("insmod devm_irq_tasklet", "break devres_release_all", "unbind my_device", "irq 17");

    @LocalServerPort
    int port;

    @Autowired
    SessionService sessions;

    @Test
    void anEvictedSessionIsRebuiltFromItsStoredHistoryWithTheSameTrace() {
        ApiClient api = new ApiClient(port);
        String id = api.newSession("devm-irq-tasklet");
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", COMMANDS));
        api.post("/api/sessions/" + id + "/rewind", "{\"step\":200}"); // a cut must survive too
        String trace = api.get("/api/sessions/" + id + "/trace").body();
        JsonNode state = ApiClient.json(api.get("/api/sessions/" + id)).get("state");

        sessions.evict(id);
        assertThat(sessions.isLive(id)).isFalse();

        assertThat(api.get("/api/sessions/" + id + "/trace").body()).isEqualTo(trace);
        assertThat(sessions.isLive(id)).isTrue();
        assertThat(ApiClient.json(api.get("/api/sessions/" + id)).get("state")).isEqualTo(state);
        assertThat(api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("continue")))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theSweepEvictsIdleSessionsOnly() {
        SessionState idle = sessions.create(ScenarioSpec.builtIn("devm-irq-tasklet"), null, null);
        sessions.apply(idle.id(), List.of("insmod devm_irq_tasklet"));
        sessions.sweep(Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(sessions.isLive(idle.id())).isFalse();
        List<String> history = sessions.read(idle.id(), s -> s.history().commands());
        assertThat(history).containsExactly("insmod devm_irq_tasklet");

        SessionState busy = sessions.create(ScenarioSpec.builtIn("devm-irq-tasklet"), null, null);
        sessions.sweep(Instant.now().plus(Duration.ofMinutes(29)));
        assertThat(sessions.isLive(busy.id())).isTrue();
    }

    @Test
    void pastTheCapTheLeastRecentlyUsedSessionIsEvicted() throws InterruptedException {
        String[] ids = new String[4];
        for (int i = 0; i < 3; i++) {
            ids[i] = sessions.create(ScenarioSpec.builtIn("devm-irq-tasklet"), null, null)
                    .id();
            Thread.sleep(5);
        }
        sessions.read(ids[0], Session::state); // ids[1] is now the least recently used
        Thread.sleep(5);
        ids[3] = sessions.create(ScenarioSpec.builtIn("devm-irq-tasklet"), null, null)
                .id();
        assertThat(sessions.liveCount()).isLessThanOrEqualTo(3);
        assertThat(sessions.isLive(ids[1])).isFalse();
        assertThat(sessions.isLive(ids[0])).isTrue();
        assertThat(sessions.isLive(ids[3])).isTrue();
        long steps = sessions.read(ids[1], s -> s.state().steps());
        assertThat(steps).isZero(); // and it comes back on demand
    }

    @Test
    void healthIsDownWhenTheSweepHasStoppedForThreeIntervals() {
        sessions.sweep(Instant.now());
        Duration allowed = Duration.ofSeconds(30);
        ZoneId utc = ZoneOffset.UTC;
        var soon = new SweepHealthIndicator(
                sessions, allowed, Clock.fixed(Instant.now().plusSeconds(5), utc));
        var late = new SweepHealthIndicator(
                sessions, allowed, Clock.fixed(Instant.now().plusSeconds(60), utc));
        assertThat(soon.health().getStatus().getCode()).isEqualTo("UP");
        assertThat(late.health().getStatus().getCode()).isEqualTo("DOWN");
        assertThat(new ApiClient(port).get("/actuator/health").body()).contains("UP");
    }
}

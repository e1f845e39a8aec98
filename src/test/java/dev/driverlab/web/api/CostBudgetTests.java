package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static dev.driverlab.web.api.SessionApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.push.StompTestClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompSession;
import tools.jackson.databind.JsonNode;

/**
 * Every budget but creation is two requests with no refill to speak of, so the third of a kind is refused; each
 * test spends one budget only (they are independent of each other, as the budgets are).
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "driverlab.api.rate.run.capacity=2", "driverlab.api.rate.run.per-minute=1",
            "driverlab.api.rate.compile.capacity=2", "driverlab.api.rate.compile.per-minute=1",
            "driverlab.api.rate.link.capacity=2", "driverlab.api.rate.link.per-minute=1",
            "driverlab.api.rate.commands.capacity=2", "driverlab.api.rate.commands.per-minute=1",
            "driverlab.api.rate.replay.capacity=2", "driverlab.api.rate.replay.per-minute=1",
            "driverlab.api.rate.lookup.capacity=2", "driverlab.api.rate.lookup.per-minute=1",
            "driverlab.api.rate.explore.capacity=2", "driverlab.api.rate.explore.per-minute=1"
        })
class CostBudgetTests {
    @LocalServerPort
    int port;

    @Autowired
    SimpleBrokerMessageHandler broker;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    static void assertRateLimited(HttpResponse<String> r) {
        assertProblem(r, 429, "rate-limited");
        assertThat(r.headers().firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
        assertThat(json(r).get("retryAfter").asLong()).isPositive();
    }

    @Test
    void compileChecksAreRateLimited() {
        Map<String, String> driver = Map.of("source", "int f(void) { return 1; }\n");
        assertThat(api.post("/api/validate", driver).statusCode()).isEqualTo(204);
        assertThat(api.post("/api/validate", driver).statusCode()).isEqualTo(204);
        assertRateLimited(api.post("/api/validate", driver));
        assertThat(api.get("/api/scenarios").statusCode())
                .as("other budgets are untouched")
                .isEqualTo(200);
    }

    @Test
    void makingAndDecodingLinksShareABudget() {
        String z = json(api.post("/api/links", Map.of("scenario", "devm-irq-tasklet", "commands", List.of())))
                .get("z")
                .asString();
        assertThat(api.post("/api/links/decode", Map.of("z", z)).statusCode()).isEqualTo(200);
        assertRateLimited(api.post("/api/links/decode", Map.of("z", z)));
    }

    @Test
    void runsAreRateLimited() {
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/api/runs", Map.of("scenario", "devm-irq-tasklet", "commands", List.of("lsmod")))
                            .statusCode())
                    .isEqualTo(200);
        }
        assertRateLimited(api.post("/api/runs", Map.of("scenario", "devm-irq-tasklet")));
    }

    @Test
    void commandsOverRestAndStompShareOneBudget() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        assertThat(api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("lsmod")))
                        .statusCode())
                .isEqualTo(200);
        StompTestClient stomp = new StompTestClient(port);
        try {
            StompSession session = stomp.connect();
            BlockingQueue<JsonNode> errors = StompTestClient.subscribe(session, "/user/queue/errors");
            // Frames of one connection are handled in order: once the topic is registered, so is the queue.
            BlockingQueue<JsonNode> topic = StompTestClient.watch(broker, session, "/topic/sessions/" + id);
            session.send("/app/sessions/" + id + "/commands", Map.of("commands", List.of("lsmod")));
            assertThat(topic.poll(10, TimeUnit.SECONDS))
                    .as("the second batch runs (errors: %s)", errors)
                    .isNotNull();
            session.send("/app/sessions/" + id + "/commands", Map.of("commands", List.of("lsmod")));
            JsonNode refused = errors.poll(10, TimeUnit.SECONDS);
            assertThat(refused.get("status").asInt()).isEqualTo(429);
            assertThat(refused.get("code").asString()).isEqualTo("rate-limited");
            assertThat(refused.get("retryAfter").asLong()).isPositive();
            assertThat(session.isConnected())
                    .as("a refused command does not end the connection")
                    .isTrue();
        } finally {
            stomp.stop();
        }
        assertRateLimited(api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("lsmod"))));
    }

    @Test
    void rewindsAndLabViewsShareTheReplayBudget() {
        String id = json(api.post(
                        "/api/sessions",
                        Map.of("scenario", "devm-irq-tasklet", "commands", List.of("insmod devm_irq_tasklet"))))
                .get("id")
                .asString(); // not the commands budget
        assertThat(api.get("/api/sessions/" + id + "/view?step=5").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/sessions/" + id + "/rewind", "{\"step\":10}").statusCode())
                .isEqualTo(200);
        assertRateLimited(api.get("/api/sessions/" + id + "/view?step=5"));
        assertRateLimited(api.post("/api/sessions/" + id + "/rewind", "{\"step\":5}"));
    }

    @Test
    void shareLookupsByApiAndPageShareABudget() {
        String id = json(api.post("/api/shares", Map.of("scenario", "devm-irq-tasklet", "commands", List.of())))
                .get("id")
                .asString();
        assertThat(api.get("/api/shares/" + id).statusCode()).isEqualTo(200);
        assertThat(api.get("/s/" + id).statusCode()).isEqualTo(200);
        assertRateLimited(api.get("/s/" + id));
    }

    @Test
    void searchJobsAreRateLimited() {
        assertThat(api.post("/api/explore/jobs", "{}").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/explore/jobs", "{}").statusCode()).isEqualTo(200);
        assertRateLimited(api.post("/api/explore", Map.of("scenario", "devm-irq-tasklet")));
    }
}

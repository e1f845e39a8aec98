package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static dev.driverlab.web.api.SessionApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ShareApiTests {
    static final List<String> SCRIPT = List.of(
            "insmod devm_irq_tasklet",
            "break devres_release_all",
            "break tasklet_handler",
            "unbind my_device",
            "irq 17",
            "continue unbind",
            "continue");

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    String trace(String session) {
        return api.get("/api/sessions/" + session + "/trace").body();
    }

    String sessionWithScript() {
        String id = api.newSession("devm-irq-tasklet");
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", SCRIPT));
        return id;
    }

    @Test
    void aSharedSessionOpensAsTheSameTraceByteForByte() {
        String original = sessionWithScript();
        HttpResponse<String> r = api.post("/api/shares", Map.of("sessionId", original));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode share = json(r);
        String id = share.get("id").asString();
        assertThat(id).matches("[A-Za-z0-9_-]{10}");
        assertThat(share.get("url").asString()).isEqualTo("/s/" + id); // no public-url set: relative
        assertThat(share.get("fragmentUrl").asString()).startsWith("/lab#z=");

        JsonNode stored = json(api.get("/api/shares/" + id));
        assertThat(stored.get("scenario").asString()).isEqualTo("devm-irq-tasklet");
        assertThat(stored.get("commands").size()).isEqualTo(SCRIPT.size());
        long steps = json(api.get("/api/sessions/" + original))
                .get("state")
                .get("steps")
                .asLong();
        assertThat(stored.get("step").asLong()).isEqualTo(steps);

        JsonNode first = json(api.post("/api/sessions", Map.of("share", id)));
        JsonNode second = json(api.post("/api/sessions", Map.of("share", id)));
        assertThat(trace(first.get("id").asString())).isEqualTo(trace(original));
        assertThat(trace(second.get("id").asString())).isEqualTo(trace(original));
    }

    @Test
    void theStoredLinkAndTheSelfContainedLinkOpenTheIdenticalSession() {
        String original = sessionWithScript();
        api.post("/api/sessions/" + original + "/rewind", "{\"step\":200}");
        JsonNode share = json(api.post("/api/shares", Map.of("sessionId", original)));
        String z = share.get("fragmentUrl").asString().replaceFirst(".*#z=", "");

        JsonNode fromShare =
                json(api.post("/api/sessions", Map.of("share", share.get("id").asString())));
        JsonNode fromZ = json(api.post("/api/sessions", Map.of("z", z)));
        assertThat(fromShare.get("state").get("steps").asLong()).isEqualTo(200);
        assertThat(trace(fromShare.get("id").asString())).isEqualTo(trace(original));
        assertThat(trace(fromZ.get("id").asString())).isEqualTo(trace(original));
        assertThat(fromZ.get("state").get("machine"))
                .isEqualTo(fromShare.get("state").get("machine"));

        JsonNode decoded = json(api.post("/api/links/decode", Map.of("z", z)));
        assertThat(decoded.get("cuts").get(0).get("step").asLong()).isEqualTo(200);
    }

    @Test
    void aShareOpensTheWholeSessionAtItsStepUnlessTheRequestCutsItElsewhere() {
        JsonNode share = json(api.post(
                "/api/shares",
                Map.of(
                        "scenario",
                        "devm-irq-tasklet",
                        "commands",
                        List.of("# load it", "insmod devm_irq_tasklet", "unbind my_device"),
                        "step",
                        150)));
        String id = share.get("id").asString();
        JsonNode stored = json(api.get("/api/shares/" + id));
        assertThat(stored.get("commands").toString()).isEqualTo("[\"insmod devm_irq_tasklet\",\"unbind my_device\"]");
        // The recipient gets the sender's whole session, shown at the shared step, with the future still ahead.
        JsonNode opened = json(api.post("/api/sessions", Map.of("share", id)));
        assertThat(opened.get("openAt").asLong()).isEqualTo(150);
        assertThat(opened.get("state").get("steps").asLong()).isGreaterThan(150);
        assertThat(opened.get("state").get("commands").asInt()).isEqualTo(2);
        // A fork "from here" cuts its copy at the step it asks for.
        JsonNode cut = json(api.post("/api/sessions", Map.of("share", id, "step", 10)));
        assertThat(cut.get("state").get("steps").asLong()).isEqualTo(10);
        assertThat(cut.has("openAt")).isFalse();
    }

    @Test
    void aSelfContainedLinkIsMadeWithoutStoring() {
        JsonNode link = json(api.post(
                "/api/links", Map.of("scenario", "devm-irq-tasklet", "commands", List.of("insmod devm_irq_tasklet"))));
        assertThat(link.get("url").asString())
                .isEqualTo("/lab#z=" + link.get("z").asString());
        JsonNode decoded =
                json(api.post("/api/links/decode", Map.of("z", link.get("z").asString())));
        assertThat(decoded.get("scenario").asString()).isEqualTo("devm-irq-tasklet");
        assertThat(decoded.get("commands").get(0).asString()).isEqualTo("insmod devm_irq_tasklet");
    }

    @Test
    void unknownSharesAndSessionsAre404() {
        assertProblem(api.get("/api/shares/AAAAAAAAAA"), 404, "not-found");
        assertProblem(api.get("/api/shares/x"), 404, "not-found");
        assertProblem(api.post("/api/sessions", Map.of("share", "AAAAAAAAAA")), 404, "not-found");
        assertProblem(api.post("/api/shares", Map.of("sessionId", "AAAAAAAAAAAAAAAAAAAAAA")), 404, "not-found");
    }

    @Test
    void oversizedSharesAre413() {
        assertProblem(
                api.post("/api/shares", Map.of("source", "x".repeat(70_000), "commands", List.of())), 413, "too-large");
        List<String> many = new ArrayList<>(Collections.nCopies(10_001, "lsmod"));
        assertProblem(
                api.post("/api/shares", Map.of("scenario", "devm-irq-tasklet", "commands", many)), 413, "too-large");
    }

    @Test
    void badSharesAre400Or422() {
        assertProblem(
                api.post("/api/shares", Map.of("sessionId", "x", "scenario", "devm-irq-tasklet")), 400, "bad-request");
        assertProblem(
                api.post("/api/shares", Map.of("scenario", "devm-irq-tasklet", "commands", List.of("continue nobody"))),
                422,
                "refused");
        assertProblem(
                api.post(
                        "/api/shares",
                        Map.of(
                                "scenario",
                                "devm-irq-tasklet",
                                "commands",
                                List.of("insmod devm_irq_tasklet"),
                                "step",
                                100_000)),
                422,
                "refused");
        assertProblem(api.post("/api/links/decode", Map.of("z", "!!!")), 400, "bad-request");
        assertProblem(api.post("/api/sessions", Map.of("z", "AAAA")), 400, "bad-request");
    }
}

package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies are read into the web's own records and mapped once into the sessions' types: the JSON clients
 * send is accepted as it was, and a body that breaks a rule gets the same problem (status, {@code code}, detail).
 * The bodies here are written as a client writes them, not built from the records.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "driverlab.api.rate.explore.capacity=100",
            "driverlab.api.rate.create.capacity=100",
            "spring.datasource.url=jdbc:h2:mem:request-bodies;DB_CLOSE_DELAY=-1"
        })
class RequestBodyTests {
    static final String SOURCE = "#include <linux/module.h>\\nstatic int __init m_init(void) { return 0; }\\n"
            + "module_init(m_init);\\nMODULE_LICENSE(\\\"GPL\\\");\\n";

    @LocalServerPort
    int port;

    private HttpResponse<String> post(String path, String body) {
        return new ApiClient(port).post(path, body);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String code, String detail) {
        ErrorResponseTests.assertProblem(r, status, code);
        assertThat(json(r).get("detail").asString()).isEqualTo(detail);
    }

    @Test
    void anInlineWorldWithDevicesIsReadAsBefore() {
        HttpResponse<String> r = post(
                "/api/sessions",
                "{\"source\":\"" + SOURCE + "\",\"module\":\"m\",\"world\":{\"cpus\":3,\"kernel\":\"6.6\","
                        + "\"devices\":[{\"name\":\"dev0\",\"irq\":17},"
                        + "{\"name\":\"stick\",\"bus\":\"usb\",\"vendor\":4660,\"product\":22136,\"data\":\"hi\"},"
                        + "{\"name\":\"leds\",\"compatible\":\"acme,leds\","
                        + "\"properties\":{\"reg\":[1,2],\"label\":\"a\",\"ready\":true}}]}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = json(r).get("id").asString();
        JsonNode spec = json(new ApiClient(port).get("/api/sessions/" + id + "/scenario"))
                .get("spec");
        assertThat(spec.get("world").toString())
                .isEqualTo("{\"cpus\":3,\"devices\":[{\"name\":\"dev0\",\"bus\":null,\"irq\":17,\"vendor\":null,"
                        + "\"product\":null,\"data\":null,\"compatible\":null,\"properties\":null},"
                        + "{\"name\":\"stick\",\"bus\":\"usb\",\"irq\":null,\"vendor\":4660,\"product\":22136,"
                        + "\"data\":\"hi\",\"compatible\":null,\"properties\":null},"
                        + "{\"name\":\"leds\",\"bus\":null,\"irq\":null,\"vendor\":null,\"product\":null,"
                        + "\"data\":null,\"compatible\":\"acme,leds\",\"properties\":{\"reg\":[1,2],\"label\":\"a\","
                        + "\"ready\":true}}],\"kernel\":\"6.6\"}");
        JsonNode machine = json(r).get("state").get("machine");
        assertThat(machine.get("devices").size()).isEqualTo(3);
    }

    @Test
    void aWorldThatBreaksARuleGetsTheSameProblem() {
        assertProblem(
                post("/api/sessions", "{\"source\":\"" + SOURCE + "\",\"world\":{\"devices\":[null]}}"),
                422,
                "scenario-error",
                "request: error: world.devices[0].name must be a non-empty string");
        assertProblem(
                post("/api/sessions", "{\"source\":\"" + SOURCE + "\",\"world\":{\"cpus\":\"two\"}}"),
                400,
                "malformed-json",
                "at \"world.cpus\": expected a whole number");
        assertProblem(
                post("/api/runs", "{\"source\":\"" + SOURCE + "\",\"world\":{\"devices\":[{\"irq\":[]}]}}"),
                400,
                "malformed-json",
                "at \"world.devices[0].irq\": expected a whole number");
        assertProblem(
                post("/api/sessions", "{\"source\":\"" + SOURCE + "\",\"world\":{\"devices\":{}}}"),
                400,
                "malformed-json",
                "at \"world.devices\": expected a list");
        assertProblem(
                post("/api/sessions", "{\"scenario\":\"devm-irq-tasklet\",\"world\":{}}"),
                400,
                "bad-request",
                "\"world\", \"module\" and \"modules\" go with \"source\" or \"sources\" only");
    }

    @Test
    void cutsAreReadAsBefore() {
        HttpResponse<String> link = post(
                "/api/links",
                "{\"scenario\":\"devm-irq-tasklet\",\"commands\":[\"insmod devm_irq_tasklet\"],"
                        + "\"cuts\":[{\"command\":0,\"step\":5}],\"step\":3}");
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        HttpResponse<String> decoded =
                post("/api/links/decode", "{\"z\":\"" + json(link).get("z").asString() + "\"}");
        assertThat(json(decoded).get("cuts").toString()).isEqualTo("[{\"command\":0,\"step\":5}]");
        assertProblem(
                post("/api/shares", "{\"scenario\":\"devm-irq-tasklet\",\"commands\":[],\"cuts\":[{\"step\":\"x\"}]}"),
                400,
                "malformed-json",
                "at \"cuts[0].step\": expected a whole number");
        assertProblem(
                post("/api/shares", "{\"sessionId\":\"x\",\"cuts\":[]}"),
                400,
                "bad-request",
                "give either \"sessionId\" or a scenario with \"commands\", not both");
    }

    @Test
    void aSearchsBoundsAreCheckedAsBefore() {
        String scenario = "{\"scenario\":\"devm-irq-tasklet\",";
        for (String[] c : new String[][] {
            {"\"depth\":0}", "depth must be 1..5000"},
            {"\"depth\":5001}", "depth must be 1..5000"},
            {"\"maxStates\":0}", "maxStates must be 1..500000"},
            {"\"maxStates\":500001}", "maxStates must be 1..500000"},
            {"\"maxMillis\":0}", "maxMillis must be 1..30000"},
            {"\"maxMillis\":30001}", "maxMillis must be 1..30000"},
            {"\"depth\":0,\"maxStates\":0,\"maxMillis\":0}", "depth must be 1..5000"},
            {"\"depth\":3,\"maxStates\":0,\"maxMillis\":0}", "maxStates must be 1..500000"},
        }) {
            assertProblem(post("/api/explore", scenario + c[0]), 400, "bad-request", c[1]);
        }
        // A scenario file may declare a deeper search than a request may run.
        String yaml = "id: deep\\ntitle: t\\nsummary: s\\nsource: |\\n  #include <linux/module.h>\\n"
                + "explore:\\n  events: [\\\"irq 17\\\"]\\n  depth: 6000\\n";
        assertProblem(
                post("/api/explore", "{\"yaml\":\"" + yaml + "\",\"maxStates\":0}"),
                400,
                "bad-request",
                "depth must be 1..5000");
        HttpResponse<String> ok = post(
                "/api/explore", scenario + "\"events\":[\"irq 17\"],\"depth\":3,\"maxStates\":50,\"maxMillis\":500}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }
}

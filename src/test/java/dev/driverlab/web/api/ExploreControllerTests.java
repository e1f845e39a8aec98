package dev.driverlab.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:explore;DB_CLOSE_DELAY=-1")
class ExploreControllerTests {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/explore"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void findsTheRaceOfABuiltInScenarioAndReturnsAReplayableScript() throws Exception {
        HttpResponse<String> r = post("{\"scenario\":\"devm-irq-tasklet\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("found").asBoolean()).isTrue();
        assertThat(body.get("report").get("kind").asString()).isEqualTo("use-after-free");
        assertThat(body.get("script").get(0).asString()).isEqualTo("insmod devm_irq_tasklet");
        assertThat(body.get("script").get(1).asString()).isEqualTo("schedule manual");
    }

    @Test
    void theFixedTwinHasNoCrashWithinBounds() throws Exception {
        JsonNode body =
                json.readTree(post("{\"scenario\":\"devm-irq-tasklet-fixed\"}").body());
        assertThat(body.get("found").asBoolean()).isFalse();
        assertThat(body.get("complete").asBoolean()).isTrue();
        assertThat(body.get("states").asInt()).isPositive();
    }

    @Test
    void aBuiltInScenariosDeclaredSearchIsCachedForTheCatalog() throws Exception {
        String url = "http://localhost:" + port + "/api/scenarios/workqueue-rearm/explore";
        HttpResponse<String> first =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json.readTree(first.body()).get("found").asBoolean()).isTrue();
        HttpResponse<String> again =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.body()).isEqualTo(first.body());
        HttpResponse<String> none = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/scenarios/locks/explore"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsAProblemNotAStackTrace() throws Exception {
        HttpResponse<String> none = post("{\"scenario\":\"devm-irq-tasklet\",\"events\":[]}");
        assertThat(none.statusCode()).isEqualTo(200); // nothing to search is an answer: incomplete, never a tick
        assertThat(ApiClient.json(none).get("verdict").asString()).isEqualTo("incomplete");
        assertThat(ApiClient.json(none).get("incompleteBecause").asString()).startsWith("nothing to interleave");
        HttpResponse<String> depth = post("{\"scenario\":\"devm-irq-tasklet\",\"depth\":0}");
        assertThat(depth.statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post("{\"scenario\":\"no-such-scenario\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).doesNotContain("Exception");
    }
}

package dev.driverlab.web.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CatalogControllerTests {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void frontPageIsServed() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        // styles and scripts by fingerprinted URLs (cached for a year as immutable)
        assertThat(response.body()).contains("DriverLab").containsPattern("/css/driverlab-[0-9a-f]{32}\\.css");
        // scripts come from files only (a strict Content-Security-Policy): no inline <script> without src but the
        // import map, which carries the response's nonce
        assertThat(response.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)(?![^>]*type=\"importmap\" nonce=)");
    }

    @Test
    void frontPageListsTheBuiltInScenarios() throws Exception {
        List<Scenario> scenarios = builtInOrSkip();
        String body = get("/").body();
        for (Scenario scenario : scenarios) {
            assertThat(body).contains(scenario.id());
        }
    }

    @Test
    void everyScenarioWhoseScriptReportsABugSaysSoAndNoCardShowsAnInternalFileName() throws Exception {
        get("/"); // the first visit starts computing the badges (this test server does not at startup)
        JsonNode badges = json.readTree(get("/catalog/badges").body());
        for (int i = 0; i < 1800 && !badges.get("done").asBoolean(); i++) {
            Thread.sleep(100);
            badges = json.readTree(get("/catalog/badges").body());
        }
        assertThat(badges.get("done").asBoolean()).isTrue();
        String body = get("/").body();
        for (Scenario s : builtInOrSkip()) {
            int card = body.indexOf("id=\"scenario-" + s.id() + "\"");
            assertThat(card).as(s.id()).isPositive();
            int end = body.indexOf("</li>", card);
            String html = body.substring(card, end);
            assertThat(html.contains("has a bug")).as(s.id()).isEqualTo(ScenarioLibrary.scriptReportsBug(s));
            assertThat(html).as(s.id()).doesNotContain(".txt").doesNotContain("running its script");
            JsonNode known = badges.get("scenarios").get(s.id());
            assertThat(known.get("script").toString().equals("\"buggy\""))
                    .as(s.id())
                    .isEqualTo(ScenarioLibrary.scriptReportsBug(s));
            if (!s.search().isEmpty()) {
                assertThat(known.get("race").get("verdict").asString())
                        .as(s.id())
                        .isIn("race-found", "no-crash", "incomplete");
            }
        }
        assertThat(body).contains("id=\"scenario-locks-abba\""); // one of those that said nothing before
    }

    @Test
    void textIsCompressedAndThereIsAFavicon() throws Exception {
        HttpRequest gzip = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/js/lab/LabPage.js"))
                .header("Accept-Encoding", "gzip")
                .GET()
                .build();
        HttpResponse<byte[]> js = http.send(gzip, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(js.headers().firstValue("Cache-Control").orElse("")).contains("no-cache");
        assertThat(get("/").body()).contains("rel=\"icon\"").containsPattern("/favicon-[0-9a-f]{32}\\.svg");
        HttpResponse<String> icon = get("/favicon.svg");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    }

    @Test
    void stylesheetIsServed() throws Exception {
        HttpResponse<String> response = get("/css/driverlab.css");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(".scenario");
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<Scenario> builtInOrSkip() {
        try {
            return ScenarioLibrary.builtIn().all();
        } catch (ScenarioException e) {
            // ScenarioLibraryTests owns the library's correctness; here only the page is under test.
            return abort("built-in library does not load yet: " + e.getMessage());
        }
    }
}

package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenApiTests {
    @LocalServerPort
    int port;

    @Test
    void theApiIsDocumentedAsOpenApi3() {
        JsonNode doc = json(new ApiClient(port).get("/v3/api-docs"));
        assertThat(doc.get("openapi").asString()).startsWith("3.");
        assertThat(doc.get("info").get("title").asString()).isEqualTo("DriverLab API");
        JsonNode paths = doc.get("paths");
        for (String path : new String[] {
            "/api/scenarios",
            "/api/scenarios/{id}",
            "/api/sessions",
            "/api/sessions/{id}",
            "/api/sessions/{id}/commands",
            "/api/sessions/{id}/trace",
            "/api/sessions/{id}/rewind",
            "/api/runs",
            "/api/shares",
            "/api/shares/{id}",
            "/api/links",
            "/api/links/decode"
        }) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
    }

    /** Responses are described by the web's own records (web/wire), not by the engine's or the sessions' types. */
    @Test
    void theDocumentDescribesTheWireRecords() {
        JsonNode schemas =
                json(new ApiClient(port).get("/v3/api-docs")).get("components").get("schemas");
        for (String dto : new String[] {
            "SessionStateDto",
            "StateDto",
            "ContextDto",
            "ReportDto",
            "EventDto",
            "HistoryDto",
            "ExploreResultDto",
            "GradeDto",
            "ScenarioDto",
            "SpecDto",
            "LinkDto"
        }) {
            assertThat(schemas.has(dto)).as(dto).isTrue();
        }
        for (String engine : new String[] {
            "SessionState",
            "StateView",
            "ContextView",
            "Report",
            "TraceEvent",
            "History",
            "ExploreResult",
            "Moment",
            "Grade",
            "Check",
            "Diagnostic",
            "Scenario",
            "ShareContent",
            "World",
            "ExploreSpec"
        }) {
            assertThat(schemas.has(engine)).as(engine).isFalse();
        }
    }

    @Test
    void swaggerUiIsServed() {
        HttpResponse<String> r = new ApiClient(port).get("/swagger-ui/index.html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("swagger-ui");
    }
}

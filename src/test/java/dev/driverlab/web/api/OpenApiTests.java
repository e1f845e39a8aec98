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
            "LinkDto",
            "LessonDto",
            "ExerciseDto",
            "RoomDto",
            "MemberDto",
            "LimitsDto"
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
            "ExploreSpec",
            "Lesson",
            "Step",
            "Exercise",
            "QuestionView",
            "MemberView",
            "Limits",
            "Room"
        }) {
            assertThat(schemas.has(engine)).as(engine).isFalse();
        }
    }

    /**
     * Request bodies too are the web's own records: a scenario's world, its devices and a rewind's cuts are read
     * into web/wire records and mapped once into the sessions' types, so the document names none of those.
     */
    @Test
    void requestBodiesAreTheWebsOwnRecords() {
        JsonNode doc = json(new ApiClient(port).get("/v3/api-docs"));
        JsonNode schemas = doc.get("components").get("schemas");
        String[][] bodies = {
            {"/api/sessions", "CreateSessionRequest"},
            {"/api/runs", "RunRequest"},
            {"/api/explore", "ExploreRequest"},
            {"/api/shares", "ShareRequest"},
            {"/api/links", "ShareRequest"},
            {"/api/links/decode", "DecodeRequest"},
            {"/api/validate", "ValidateRequest"},
            {"/api/sessions/{id}/commands", "CommandsRequest"},
            {"/api/sessions/{id}/rewind", "RewindRequest"}
        };
        for (String[] body : bodies) {
            JsonNode ref = doc.get("paths")
                    .get(body[0])
                    .get("post")
                    .get("requestBody")
                    .get("content")
                    .get("application/json")
                    .get("schema")
                    .get("$ref");
            assertThat(ref.asString()).as(body[0]).isEqualTo("#/components/schemas/" + body[1]);
        }
        JsonNode world = schemas.get("CreateSessionRequest").get("properties").get("world");
        assertThat(world.get("$ref").asString()).isEqualTo("#/components/schemas/WorldSpecDto");
        JsonNode cuts = schemas.get("ShareRequest").get("properties").get("cuts");
        assertThat(cuts.get("items").get("$ref").asString()).isEqualTo("#/components/schemas/CutDto");
        for (String session : new String[] {"ScenarioSpec", "WorldSpec", "DeviceSpec", "Cut"}) {
            assertThat(schemas.has(session)).as(session).isFalse();
        }
        // The limits a request declares are in the document.
        JsonNode explore = schemas.get("ExploreRequest").get("properties");
        assertThat(explore.get("depth").get("maximum").asInt()).isEqualTo(ExploreRequest.MAX_DEPTH);
        assertThat(explore.get("maxStates").get("maximum").asInt()).isEqualTo(ExploreController.MAX_STATES);
        assertThat(explore.get("maxMillis").get("minimum").asInt()).isEqualTo(1);
    }

    @Test
    void swaggerUiIsServed() {
        HttpResponse<String> r = new ApiClient(port).get("/swagger-ui/index.html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("swagger-ui");
    }
}

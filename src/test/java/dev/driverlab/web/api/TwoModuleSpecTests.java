package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLoader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A driver of two modules (the golden test-modlink: vsens exports, tempsens uses it) keeps both on every path a
 * scenario is rebuilt from its parts: the inline form ({@code sources} + {@code modules}), a share of it and its
 * {@code #z=} link, the lab's edited scenario file, and the REST views of each.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TwoModuleSpecTests {
    static final Path YAML = Path.of("src/test/resources/scenarios/test-modlink.yaml");
    static final List<String> COMMANDS = List.of("insmod vsens", "insmod tempsens", "lsmod", "rmmod tempsens");

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** The two modules as the inline form: their files and which module builds which. */
    static Map<String, Object> inline() {
        Scenario s = ScenarioLoader.load(YAML);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sources", s.sources());
        body.put("modules", s.modules());
        body.put("module", s.module());
        return body;
    }

    static String yaml() throws IOException {
        return Files.readString(YAML);
    }

    String trace(String session) {
        return api.get("/api/sessions/" + session + "/trace").body();
    }

    String session(Map<String, Object> spec) {
        Map<String, Object> body = new LinkedHashMap<>(spec);
        body.put("commands", COMMANDS);
        HttpResponse<String> r = api.post("/api/sessions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asString();
    }

    /** Both modules ran: tempsens's init called into vsens, and lsmod listed vsens used by tempsens. */
    static void bothModulesRan(String trace) {
        assertThat(trace).contains("vsens: sensor 'temp' registered").contains("tempsens: reading 21");
        assertThat(trace).contains("vsens                   4096  1 tempsens");
    }

    @Test
    void theInlineFormBuildsEachModuleOfItsFiles() {
        String id = session(inline());
        bothModulesRan(trace(id));
        JsonNode spec = json(api.get("/api/sessions/" + id + "/scenario")).get("spec");
        assertThat(spec.get("modules").propertyNames()).containsExactly("vsens", "tempsens");
        assertThat(spec.get("sources").propertyNames()).containsExactly("vsens.h", "vsens.c", "tempsens.c");
    }

    @Test
    void aShareOfTheInlineFormOpensBothModulesFromTheStoredLinkAndTheFragment() {
        String original = session(inline());
        JsonNode share = json(api.post("/api/shares", Map.of("sessionId", original)));
        String shareId = share.get("id").asString();
        JsonNode stored = json(api.get("/api/shares/" + shareId));
        assertThat(stored.get("modules").propertyNames()).containsExactly("vsens", "tempsens");
        assertThat(stored.get("sources").has("tempsens.c")).isTrue();

        String fromShare = json(api.post("/api/sessions", Map.of("share", shareId)))
                .get("id")
                .asString();
        String z = share.get("fragmentUrl").asString().replaceFirst(".*#z=", "");
        String fromZ = json(api.post("/api/sessions", Map.of("z", z))).get("id").asString();
        bothModulesRan(trace(fromShare));
        assertThat(trace(fromShare)).isEqualTo(trace(original));
        assertThat(trace(fromZ)).isEqualTo(trace(original));
        JsonNode decoded = json(api.post("/api/links/decode", Map.of("z", z)));
        assertThat(decoded.get("modules").get("tempsens").get(0).asString()).isEqualTo("tempsens.c");
    }

    @Test
    void aShareMadeFromPartsCarriesTheModules() {
        Map<String, Object> body = new LinkedHashMap<>(inline());
        body.put("commands", COMMANDS);
        JsonNode share = json(api.post("/api/shares", body));
        String opened = json(api.post(
                        "/api/sessions", Map.of("share", share.get("id").asString())))
                .get("id")
                .asString();
        bothModulesRan(trace(opened));
    }

    @Test
    void theLabsEditedScenarioFileKeepsBothModules() throws IOException {
        // The lab's editor sends the settings (with modules:) and every file back as one scenario file.
        HttpResponse<String> valid = api.post("/api/validate", Map.of("yaml", yaml()));
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(204);
        String edited = yaml().replace("pr_info(\"tempsens: reading %d\\n\"", "pr_info(\"tempsens: now %d\\n\"");
        String id = session(Map.of("yaml", edited));
        assertThat(trace(id)).contains("tempsens: now 21").contains("vsens: sensor 'temp' registered");
        JsonNode scenario = json(api.get("/api/sessions/" + id + "/scenario")).get("scenario");
        assertThat(scenario.get("modules").propertyNames()).containsExactly("vsens", "tempsens");
    }

    @Test
    void anInlineModuleMapNamingAMissingFileIsRefusedWithTheScenarioFilesWords() {
        Map<String, Object> body = new LinkedHashMap<>(inline());
        body.put("modules", Map.of("vsens", List.of("vsens.c"), "tempsens", List.of("nowhere.c")));
        HttpResponse<String> r = api.post("/api/sessions", body);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("modules.tempsens: 'nowhere.c' is not a C file of 'sources'");
        body.put("modules", Map.of("vsens", List.of("vsens.c")));
        body.put("module", "other");
        r = api.post("/api/sessions", body);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("module 'other' is not one of 'modules'");
    }
}

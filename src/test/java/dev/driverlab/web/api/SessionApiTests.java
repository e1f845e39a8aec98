package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.session.Batch;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
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
class SessionApiTests {
    static final String SCRIPT_0 = "insmod devm_irq_tasklet";

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    static void assertProblem(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode p = json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("code").asString()).isEqualTo(code);
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void createOnABuiltInScenarioGives201WithIdLinksAndState() {
        HttpResponse<String> r = api.post("/api/sessions", "{\"scenario\":\"devm-irq-tasklet\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode body = json(r);
        String id = body.get("id").asString();
        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/sessions/" + id);
        assertThat(body.get("links").get("topic").asString()).isEqualTo("/topic/sessions/" + id);
        assertThat(body.get("state").get("steps").asLong()).isZero();
        assertThat(body.get("state")
                        .get("machine")
                        .get("devices")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("my_device");
    }

    @Test
    void aBatchAnswerCarriesAtMostItsCapOfEventsAndTheRestIsPagedFromTheTrace() {
        String id = api.newSession("devm-irq-tasklet");
        List<String> commands = new ArrayList<>(List.of("insmod devm_irq_tasklet"));
        commands.addAll(Collections.nCopies(700, "irq 17"));
        JsonNode r = json(api.post("/api/sessions/" + id + "/commands", Map.of("commands", commands)));
        long from = r.get("from").asLong();
        long next = r.get("next").asLong();
        assertThat(r.get("events").size()).isEqualTo(Batch.MAX_EVENTS);
        assertThat(from + r.get("events").size()).isLessThan(next);
        JsonNode rest = json(api.get(
                "/api/sessions/" + id + "/trace?from=" + (from + r.get("events").size())));
        assertThat(rest.get("events").get(0).get("seq").asLong())
                .isEqualTo(from + r.get("events").size());
    }

    @Test
    void aWorldIsBoundedAndItsDeviceNamesAreSysfsNames() {
        String source =
                "#include <linux/module.h>\nstatic int __init m_init(void) { return 0; }\nmodule_init(m_init);\n";
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) many.add(Map.of("name", "d" + i));
        HttpResponse<String> tooMany =
                api.post("/api/sessions", Map.of("source", source, "world", Map.of("devices", many)));
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(json(tooMany).get("detail").asString()).contains("at most 64 devices");
        HttpResponse<String> slash = api.post(
                "/api/sessions",
                Map.of("source", source, "world", Map.of("devices", List.of(Map.of("name", "../../etc")))));
        assertThat(slash.statusCode()).isEqualTo(422);
        HttpResponse<String> i2c = api.post(
                "/api/sessions",
                Map.of("source", source, "world", Map.of("devices", List.of(Map.of("name", "sensor", "bus", "i2c")))));
        assertThat(i2c.statusCode()).as(i2c.body()).isEqualTo(201);
    }

    @Test
    void anInlineWorldNamesItsKernelAsAScenarioFileDoes() {
        String source =
                "#include <linux/module.h>\nstatic int __init m_init(void) { return 0; }\nmodule_init(m_init);\n";
        HttpResponse<String> v66 =
                api.post("/api/sessions", Map.of("source", source, "world", Map.of("kernel", "6.6")));
        assertThat(v66.statusCode()).as(v66.body()).isEqualTo(201);
        HttpResponse<String> v63 =
                api.post("/api/sessions", Map.of("source", source, "world", Map.of("kernel", "6.3")));
        assertThat(v63.statusCode()).isEqualTo(422);
        assertThat(json(v63).get("detail").asString()).contains("unknown kernel version '6.3'");
    }

    @Test
    void createFromAYamlFileOrAnInlineSource() {
        String yaml = "id: t\ntitle: T\nsummary: S\nmodule: hello\nsource: |\n"
                + "  static int __init h(void) { return 0; }\n"
                + "  module_init(h);\n  MODULE_LICENSE(\"GPL\");\n";
        HttpResponse<String> fromYaml =
                api.post("/api/sessions", Map.of("yaml", yaml, "commands", List.of("insmod hello")));
        assertThat(fromYaml.statusCode()).as(fromYaml.body()).isEqualTo(201);
        assertThat(json(fromYaml)
                        .get("state")
                        .get("machine")
                        .get("modules")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("hello");

        HttpResponse<String> inline = api.post(
                "/api/sessions",
                Map.of(
                        "source",
                                "static int __init h(void) { return 0; }\nmodule_init(h);\nMODULE_LICENSE(\"GPL\");\n",
                        "world",
                                Map.of(
                                        "cpus",
                                        4,
                                        "devices",
                                        List.of(Map.of("name", "dev0", "bus", "platform", "irq", 5))),
                        "module", "inl"));
        assertThat(inline.statusCode()).as(inline.body()).isEqualTo(201);
        JsonNode state = json(inline).get("state");
        assertThat(state.get("scenario").asString()).isEqualTo("inline");
        assertThat(state.get("machine").get("devices").get(0).get("irq").asInt())
                .isEqualTo(5);
    }

    @Test
    void commandsReturnTheirEventsLogLinesReportsAndState() {
        String id = api.newSession("devm-irq-tasklet");
        HttpResponse<String> first =
                api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of(SCRIPT_0)));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode b = json(first);
        assertThat(b.get("from").asLong()).isZero();
        assertThat(b.get("applied").asInt()).isEqualTo(1);
        assertThat(b.get("events").size()).isEqualTo(b.get("next").asInt());
        long next = b.get("next").asLong();

        List<String> rest = List.of(
                "break devres_release_all",
                "break tasklet_handler",
                "unbind my_device",
                "irq 17",
                "continue unbind",
                "continue");
        JsonNode c = json(api.post("/api/sessions/" + id + "/commands", Map.of("commands", rest)));
        assertThat(c.get("from").asLong()).isEqualTo(next);
        assertThat(c.get("events").get(0).get("seq").asLong()).isEqualTo(next);
        assertThat(c.get("reports").get(0).get("kind").asString()).isEqualTo("use-after-free");
        assertThat(c.get("dmesg").toString()).contains("KASAN");
        assertThat(c.get("state").get("stopped").asBoolean()).isTrue();

        JsonNode now = json(api.get("/api/sessions/" + id));
        assertThat(now.get("state").get("reports").size()).isEqualTo(1);
        assertThat(now.get("state").get("commands").asInt()).isEqualTo(7);
        assertThat(now.get("dmesg").toString()).contains("KASAN");
        JsonNode history = json(api.get("/api/sessions/" + id + "/history"));
        assertThat(history.get("commands").size()).isEqualTo(7);
    }

    @Test
    void rewindGoesBackAndDropsLaterCommands() {
        String id = api.newSession("devm-irq-tasklet");
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of(SCRIPT_0, "unbind my_device")));
        HttpResponse<String> r = api.post("/api/sessions/" + id + "/rewind", "{\"step\":10}"); // inside insmod
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode state = json(r).get("state");
        assertThat(state.get("steps").asLong()).isEqualTo(10);
        assertThat(state.get("cut").asLong()).isEqualTo(10);
        assertThat(state.get("commands").asInt()).isEqualTo(1);
        JsonNode trace = json(api.get("/api/sessions/" + id + "/trace"));
        assertThat(trace.get("size").asLong()).isEqualTo(state.get("next").asLong());
    }

    @Test
    void onlyTheOwnerRewindsASharedSessionAndCanUndoItsLastRewind() {
        String id = api.newSession("devm-irq-tasklet");
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of(SCRIPT_0, "unbind my_device")));
        String before = api.get("/api/sessions/" + id + "/history").body();
        long steps =
                json(api.get("/api/sessions/" + id)).get("state").get("steps").asLong();

        // Someone else in the room (no owner capability) cannot change the history everyone sees.
        ApiClient watcher = api.anonymous();
        assertProblem(watcher.post("/api/sessions/" + id + "/rewind", "{\"step\":10}"), 403, "not-owner");
        assertProblem(watcher.post("/api/sessions/" + id + "/rewind/undo", "{}"), 403, "not-owner");
        assertThat(api.get("/api/sessions/" + id + "/history").body()).isEqualTo(before);

        assertThat(api.post("/api/sessions/" + id + "/rewind", "{\"step\":10}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> undone = api.post("/api/sessions/" + id + "/rewind/undo", "{}");
        assertThat(undone.statusCode()).as(undone.body()).isEqualTo(200);
        assertThat(json(undone).get("state").get("steps").asLong()).isEqualTo(steps);
        assertThat(api.get("/api/sessions/" + id + "/history").body()).isEqualTo(before);
        assertProblem(api.post("/api/sessions/" + id + "/rewind/undo", "{}"), 422, "refused"); // only the last one

        // keep: back to "after command 1" even though commands taking no step finish at that same step
        api.post("/api/sessions/" + id + "/rewind", "{\"step\":" + steps + ",\"keep\":1}");
        assertThat(json(api.get("/api/sessions/" + id + "/history"))
                        .get("commands")
                        .size())
                .isEqualTo(1);
        // a command that came after the rewind (the lab's "rewind, then inject") goes with the undo
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("tick")));
        assertThat(api.post("/api/sessions/" + id + "/rewind/undo", "{}").statusCode())
                .isEqualTo(200);
        assertThat(api.get("/api/sessions/" + id + "/history").body()).isEqualTo(before);
    }

    @Test
    void deleteEndsTheSession() {
        String id = api.newSession("devm-irq-tasklet");
        assertThat(api.delete("/api/sessions/" + id).statusCode()).isEqualTo(204);
        assertProblem(api.get("/api/sessions/" + id), 404, "not-found");
        assertProblem(api.delete("/api/sessions/" + id), 404, "not-found");
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(api.post("/api/sessions", "{\"scenario\": "), 400, "malformed-json");
        String id = api.newSession("devm-irq-tasklet");
        assertProblem(
                api.post("/api/sessions/" + id + "/commands", "{\"commands\": \"insmod x\"}"), 400, "malformed-json");
    }

    @Test
    void zeroOrTwoScenarioFormsAre400() {
        assertProblem(api.post("/api/sessions", "{}"), 400, "bad-request");
        assertProblem(
                api.post("/api/sessions", "{\"scenario\":\"devm-irq-tasklet\",\"source\":\"int x;\"}"),
                400,
                "bad-request");
        assertProblem(
                api.post("/api/sessions", "{\"scenario\":\"devm-irq-tasklet\",\"share\":\"abcdefghij\"}"),
                400,
                "bad-request");
    }

    @Test
    void invalidRewindAndCommandBodiesAre400() {
        String id = api.newSession("devm-irq-tasklet");
        HttpResponse<String> negative = api.post("/api/sessions/" + id + "/rewind", "{\"step\":-1}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(api.post("/api/sessions/" + id + "/commands", "{}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void unknownSessionsAndScenariosAre404() {
        assertProblem(api.get("/api/sessions/AAAAAAAAAAAAAAAAAAAAAA"), 404, "not-found");
        assertProblem(api.get("/api/sessions/nonsense"), 404, "not-found");
        assertProblem(
                api.post("/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/commands", Map.of("commands", List.of("lsmod"))),
                404,
                "not-found");
        assertProblem(api.post("/api/sessions", "{\"scenario\":\"no-such-scenario\"}"), 404, "not-found");
    }

    @Test
    void aSourceOver64KiBIs413() {
        String big = "// " + "x".repeat(64 * 1024) + "\n";
        HttpResponse<String> r = api.post("/api/sessions", Map.of("source", big));
        assertProblem(r, 413, "too-large");
        assertThat(json(r).get("detail").asString()).contains("64 KiB");
    }

    @Test
    void moreThan10000CommandsIs413() {
        String id = api.newSession("devm-irq-tasklet");
        List<String> many = new ArrayList<>(Collections.nCopies(10_001, "lsmod"));
        assertProblem(api.post("/api/sessions/" + id + "/commands", Map.of("commands", many)), 413, "too-large");
    }

    @Test
    void aBodyOverTheLimitIs413WithOrWithoutAContentLength() {
        String huge = "{\"commands\":[\"" + "x".repeat(3 * 1024 * 1024) + "\"]}";
        String id = api.newSession("devm-irq-tasklet");
        assertProblem(api.post("/api/sessions/" + id + "/commands", huge), 413, "too-large");
        HttpResponse<String> chunked = api.send(HttpRequest.newBuilder(
                        URI.create(api.base() + "/api/sessions/" + id + "/commands"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes()))));
        assertProblem(chunked, 413, "too-large");
    }

    @Test
    void aScenarioFileThatDoesNotParseIs422WithItsLine() {
        HttpResponse<String> r =
                api.post("/api/sessions", Map.of("yaml", "id: t\ntitle: T\nsummary: S\nbogus: 1\n" + "source: x\n"));
        assertProblem(r, 422, "scenario-error");
        JsonNode p = json(r);
        assertThat(p.get("line").asInt()).isEqualTo(4);
        assertThat(p.get("message").asString()).startsWith("scenario.yaml:4: error: unknown key 'bogus'");
    }

    @Test
    void aDriverThatDoesNotCompileIs422WithGccStyleMessageLineAndCol() {
        HttpResponse<String> r = api.post("/api/sessions", Map.of("source", "static int x = ;\n", "module", "bad"));
        assertProblem(r, 422, "compile-error");
        JsonNode p = json(r);
        assertThat(p.get("line").asInt()).isEqualTo(1);
        assertThat(p.get("col").asInt()).isPositive();
        assertThat(p.get("message").asString()).matches("(?s)bad\\.c:1:\\d+: error: .*\\^.*");
        assertThat(p.get("diagnostics").get(0).get("file").asString()).isEqualTo("bad.c");
    }

    @Test
    void aScriptLineThatDoesNotParseIs422WithItsLine() {
        String id = api.newSession("devm-irq-tasklet");
        HttpResponse<String> r =
                api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of(SCRIPT_0, "frobnicate now")));
        assertProblem(r, 422, "script-error");
        assertThat(json(r).get("line").asInt()).isEqualTo(2);
        assertThat(json(r).get("detail").asString()).startsWith("commands:2: error: unknown command 'frobnicate'");
        assertThat(json(api.get("/api/sessions/" + id))
                        .get("state")
                        .get("commands")
                        .asInt())
                .isZero();
    }

    @Test
    void aCommandThatCannotApplyRefusesTheBatchWith422() {
        String id = api.newSession("devm-irq-tasklet");
        HttpResponse<String> r =
                api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of(SCRIPT_0, "continue nobody")));
        assertProblem(r, 422, "refused");
        assertThat(json(r).get("line").asInt()).isEqualTo(2);
        JsonNode state = json(api.get("/api/sessions/" + id)).get("state");
        assertThat(state.get("commands").asInt()).isZero();
        assertThat(state.get("next").asInt()).isZero();
    }

    @Test
    void rewindPastTheLastStepIs422() {
        String id = api.newSession("devm-irq-tasklet");
        assertProblem(api.post("/api/sessions/" + id + "/rewind", "{\"step\":5}"), 422, "refused");
    }
}

package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static dev.driverlab.web.api.SessionApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Engine;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RunApiTests {
    @LocalServerPort
    int port;

    @Test
    void aRunOfTheDefaultScriptIsTheClisJsonResult() {
        Scenario s = ScenarioLibrary.builtIn().find("devm-irq-tasklet").orElseThrow();
        String name = "devm-irq-tasklet.yaml#script";
        RunResult cli =
                ScenarioRunner.run(s, name, ScriptParser.parse(name, s.script()), Engine.DEFAULT_MAX_STEPS, true);
        HttpResponse<String> r = new ApiClient(port).post("/api/runs", "{\"scenario\":\"devm-irq-tasklet\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode expected = ApiClient.JSON.readTree(ApiClient.JSON.writeValueAsString(cli));
        JsonNode actual = json(r);
        for (String field : expected.propertyNames()) {
            assertThat(actual.get(field)).as(field).isEqualTo(expected.get(field)); // a readable diff per field
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void aRunOfANamedScriptOrOfCommands() {
        ApiClient api = new ApiClient(port);
        JsonNode rmmod = json(api.post("/api/runs", "{\"scenario\":\"devm-irq-tasklet\",\"scriptName\":\"rmmod\"}"));
        assertThat(rmmod.get("reports").get(0).get("kind").asString()).isEqualTo("oops");
        JsonNode lsmod = json(api.post(
                "/api/runs",
                Map.of("scenario", "devm-irq-tasklet", "commands", List.of("insmod devm_irq_tasklet", "lsmod"))));
        assertThat(lsmod.get("output").toString()).contains("devm_irq_tasklet");
        assertThat(lsmod.get("reports").size()).isZero();
    }

    @Test
    void aLongRunsResultIsCutToTheFirstEventsAndSaysWhereTheRestIs() {
        List<String> commands = new ArrayList<>(List.of("insmod devm_irq_tasklet"));
        commands.addAll(Collections.nCopies(600, "irq 17"));
        JsonNode r = json(
                new ApiClient(port).post("/api/runs", Map.of("scenario", "devm-irq-tasklet", "commands", commands)));
        assertThat(r.get("trace").size()).isEqualTo(RunController.MAX_EVENTS);
        assertThat(r.get("trace").get(0).get("seq").asLong()).isZero();
        assertThat(r.get("truncated").asString())
                .startsWith("trace: the first " + RunController.MAX_EVENTS + " of ")
                .contains("start a session");
    }

    @Test
    void aCommandThatCannotApplyEndsTheRunWithAnErrorAsTheCliDoes() {
        JsonNode r = json(new ApiClient(port)
                .post("/api/runs", Map.of("scenario", "devm-irq-tasklet", "commands", List.of("continue nobody"))));
        assertThat(r.get("error").asString()).startsWith("commands:1: error: context 'nobody' is not paused");
    }

    @Test
    void parseErrorsAre422WithTheGccStyleMessage() {
        ApiClient api = new ApiClient(port);
        HttpResponse<String> script = api.post(
                "/api/runs",
                Map.of(
                        "scenario",
                        "devm-irq-tasklet",
                        "commands",
                        List.of("insmod devm_irq_tasklet", "irq seventeen")));
        assertProblem(script, 422, "script-error");
        assertThat(json(script).get("message").asString())
                .isEqualTo("commands:2: error: IRQ number expected, got 'seventeen'");
        HttpResponse<String> source =
                api.post("/api/runs", Map.of("source", "int f(void) { return x; }\n", "module", "m"));
        assertProblem(source, 422, "compile-error");
        assertThat(json(source).get("message").asString()).startsWith("m.c:1:");
    }

    @Test
    void badRunRequests() {
        ApiClient api = new ApiClient(port);
        assertProblem(
                api.post("/api/runs", "{\"scenario\":\"devm-irq-tasklet\",\"scriptName\":\"nope\"}"), 422, "refused");
        assertProblem(api.post("/api/runs", "{\"scenario\":\"nope\"}"), 404, "not-found");
        assertProblem(api.post("/api/runs", "{\"scenario\":\"devm-irq-tasklet\",\"maxSteps\":0}"), 400, "bad-request");
        assertProblem(
                api.post("/api/runs", "{\"scenario\":\"devm-irq-tasklet\",\"commands\":[],\"scriptName\":\"rmmod\"}"),
                400,
                "bad-request");
        assertProblem(api.post("/api/runs", "[1,2"), 400, "malformed-json");
    }
}

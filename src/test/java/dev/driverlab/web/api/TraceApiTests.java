package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static dev.driverlab.web.api.SessionApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Command;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScriptParser;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TraceApiTests {
    @LocalServerPort
    int port;

    ApiClient api;
    String id;

    @BeforeEach
    void sessionWithTheScriptApplied() {
        api = new ApiClient(port);
        id = api.newSession("devm-irq-tasklet");
        List<String> lines = new ArrayList<>();
        String script =
                ScenarioLibrary.builtIn().find("devm-irq-tasklet").orElseThrow().script();
        for (Command c : ScriptParser.parse("s", script)) lines.add(c.text());
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", lines));
    }

    @Test
    void eventsFromASeqOnPageWithNext() {
        JsonNode all = json(api.get("/api/sessions/" + id + "/trace"));
        long size = all.get("size").asLong();
        assertThat(all.get("events").size()).isEqualTo((int) size);
        JsonNode tail = json(api.get("/api/sessions/" + id + "/trace?from=100&limit=50"));
        assertThat(tail.get("from").asLong()).isEqualTo(100);
        assertThat(tail.get("next").asLong()).isEqualTo(150);
        assertThat(tail.get("events").get(0)).isEqualTo(all.get("events").get(100));
        JsonNode past = json(api.get("/api/sessions/" + id + "/trace?from=" + (size + 10)));
        assertThat(past.get("events").size()).isZero();
    }

    @Test
    void textIsTheCliTraceLines() {
        HttpResponse<String> r = api.get("/api/sessions/" + id + "/trace?format=text");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String[] lines = r.body().split("\n");
        assertThat(lines).hasSize((int)
                json(api.get("/api/sessions/" + id + "/trace")).get("size").asLong());
        assertThat(lines[0]).contains("command").contains("insmod devm_irq_tasklet");
        assertThat(r.body()).contains("BUG: KASAN");
    }

    @Test
    void chromeFormatHasATrackPerCpuAndContextObjectSlicesAndReportInstants() {
        HttpResponse<String> r = api.get("/api/sessions/" + id + "/trace?format=chrome");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode events = json(r).get("traceEvents");
        assertThat(events.size()).isPositive();
        List<String> threads = new ArrayList<>();
        List<String> processes = new ArrayList<>();
        Map<String, Integer> depth = new HashMap<>();
        int objectBegins = 0;
        int objectEnds = 0;
        boolean report = false;
        long lastTs = -1;
        for (JsonNode e : events) {
            String ph = e.get("ph").asString();
            String name = e.get("name").asString();
            if (ph.equals("M") && name.equals("thread_name"))
                threads.add(e.get("args").get("name").asString());
            if (ph.equals("M") && name.equals("process_name"))
                processes.add(e.get("args").get("name").asString());
            String track =
                    e.get("pid").asInt() + "/" + (e.has("tid") ? e.get("tid").asInt() : -1);
            if (ph.equals("B")) depth.merge(track, 1, Integer::sum);
            if (ph.equals("E")) {
                depth.merge(track, -1, Integer::sum);
                assertThat(depth.get(track)).as("E without B on %s", track).isGreaterThanOrEqualTo(0);
            }
            if (ph.equals("b")) objectBegins++;
            if (ph.equals("e")) objectEnds++;
            if (ph.equals("i") && "report".equals(e.path("cat").asString())) {
                report = true;
                assertThat(e.get("s").asString()).isEqualTo("g");
                assertThat(e.get("name").asString()).startsWith("BUG: KASAN");
            }
            if (ph.equals("B") || ph.equals("E")) {
                assertThat(e.get("ts").asLong()).isGreaterThanOrEqualTo(lastTs);
                lastTs = e.get("ts").asLong();
            }
        }
        assertThat(depth.values()).allMatch(d -> d == 0);
        assertThat(processes).contains("CPU 0", "CPU 1", "objects", "script");
        assertThat(threads).contains("insmod", "unbind", "irq17", "softirq1");
        assertThat(objectBegins).isGreaterThanOrEqualTo(3);
        assertThat(objectEnds).isGreaterThanOrEqualTo(3);
        assertThat(report).isTrue();
    }

    @Test
    void anUnknownFormatOrANegativeFromIs400() {
        assertProblem(api.get("/api/sessions/" + id + "/trace?format=svg"), 400, "bad-request");
        assertProblem(api.get("/api/sessions/" + id + "/trace?from=-1"), 400, "bad-request");
        assertThat(api.get("/api/sessions/" + id + "/trace?from=abc").statusCode())
                .isEqualTo(400);
    }

    @Test
    void theTraceOfAnUnknownSessionIs404() {
        assertProblem(api.get("/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/trace"), 404, "not-found");
    }
}

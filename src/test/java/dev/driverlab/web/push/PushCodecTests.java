package dev.driverlab.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Engine;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import dev.driverlab.web.wire.EventDto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The columns of trace events built straight from the records are those of the events' JSON, byte for byte, and an
 * events frame written straight to bytes is the frame's message serialized.
 */
class PushCodecTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ORDER = PushCodec.memberOrder(JSON);

    @ParameterizedTest
    @ValueSource(strings = {"devm-irq-tasklet", "devm-chardev-unbind", "module-params", "proc-sleep-buggy", "locks"})
    void columnsOfTheRecordsAreTheColumnsOfTheirJsonForEveryChunkOfARun(String id) {
        Scenario s = ScenarioLoader.load(Path.of("src/main/resources/scenarios/" + id + ".yaml"));
        List<TraceEvent> trace = new ArrayList<>();
        for (String script : new ArrayList<>(List.of(s.script()))) {
            RunResult r = ScenarioRunner.run(
                    s, "script", ScriptParser.parse("script", script), Engine.DEFAULT_MAX_STEPS, true);
            trace.addAll(r.trace());
        }
        for (Map.Entry<String, String> named : s.scripts().entrySet()) {
            trace.addAll(ScenarioRunner.run(
                            s,
                            named.getKey(),
                            ScriptParser.parse(named.getKey(), named.getValue()),
                            Engine.DEFAULT_MAX_STEPS,
                            true)
                    .trace());
        }
        assertThat(trace).hasSizeGreaterThan(20);
        for (int chunk : new int[] {1, 7, 50, 200, trace.size()}) {
            for (int i = 0; i < trace.size(); i += chunk) {
                List<TraceEvent> part = trace.subList(i, Math.min(trace.size(), i + chunk));
                assertThat(JSON.writeValueAsString(PushCodec.columns(EventDto.of(part), ORDER)))
                        .as("%s events %d..", id, i)
                        .isEqualTo(JSON.writeValueAsString(PushCodec.columns(trees(part))));
                assertThat(new String(
                                PushCodec.eventsFrame(JSON, "s-1", 100 + i, EventDto.of(part), ORDER),
                                StandardCharsets.UTF_8))
                        .as("%s events frame %d..", id, i)
                        .isEqualTo(JSON.writeValueAsString(PushMessage.events(
                                "s-1", 100 + i, part.size(), PushCodec.columns(EventDto.of(part), ORDER))));
            }
        }
    }

    @Test
    void membersMissingFromTheFirstEventsComeInTheOrderTheyAreFirstMet() {
        List<TraceEvent> events = List.of(
                new TraceEvent(1, 0, 0, "insmod", null, 3, "statement", null, null, null, null),
                new TraceEvent(2, 0, 0, "insmod", "f", 3, "refcount", 7L, 1L, 2L, null),
                new TraceEvent(3, 1, 1, null, null, 0, "dmesg", null, null, null, "hello"),
                new TraceEvent(4, 1, 1, "irq17", "g", 9, "alloc", 9L, null, 64L, "kmalloc"));
        String direct = JSON.writeValueAsString(PushCodec.columns(EventDto.of(events), ORDER));
        assertThat(direct).isEqualTo(JSON.writeValueAsString(PushCodec.columns(trees(events))));
        assertThat(direct).contains("\"interned\":[\"context\",\"kind\",\"function\",\"text\"]");
    }

    private static List<JsonNode> trees(List<TraceEvent> events) {
        return events.stream()
                .map(e -> (JsonNode) JSON.valueToTree(EventDto.of(e)))
                .toList();
    }
}

package dev.driverlab.web.push;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Trace;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.trace.TraceEvents;
import dev.driverlab.kernel.EventKind;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.session.CommandScript;
import dev.driverlab.session.ScenarioCompiler;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionLimits;
import dev.driverlab.web.wire.EventDto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An events frame written straight from the trace is the frame of the events' JSON objects ({@link EventDto}, as
 * REST gives them) made into columns, byte for byte, for every chunk of every run of the built-in scenarios.
 */
class PushCodecTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ORDER = PushCodec.memberOrder(JSON);
    private static final SessionLimits LIMITS =
            new SessionLimits(1_000_000, 100_000_000, 5000, 8, Duration.ofSeconds(30), Long.MAX_VALUE);

    @ParameterizedTest
    @ValueSource(strings = {"devm-irq-tasklet", "devm-chardev-unbind", "module-params", "proc-sleep-buggy", "locks"})
    void anEventsFrameIsTheColumnsOfTheEventsJsonForEveryChunkOfARun(String id) {
        Scenario s = ScenarioLoader.load(Path.of("src/main/resources/scenarios/" + id + ".yaml"));
        List<String> scripts = new ArrayList<>(List.of(s.script()));
        scripts.addAll(s.scripts().values());
        ScenarioCompiler.Compiled compiled = new ScenarioCompiler().compile(ScenarioSpec.builtIn(id));
        for (String script : scripts) {
            Session session = new Session("s-1", ScenarioSpec.builtIn(id), compiled, LIMITS);
            TraceEvents trace =
                    session.apply(CommandScript.parse(script.lines().toList())).inPlace();
            assertThat(trace).hasSizeGreaterThan(20);
            for (int chunk : new int[] {1, 7, 50, 200, trace.size()}) {
                for (int i = 0; i < trace.size(); i += chunk) {
                    TraceEvents part = trace.subList(i, Math.min(trace.size(), i + chunk));
                    assertThat(new String(PushCodec.eventsFrame(JSON, "s-1", 100 + i, part, ORDER), UTF_8))
                            .as("%s events frame %d.. of %s", id, i, script)
                            .isEqualTo(JSON.writeValueAsString(
                                    PushMessage.events("s-1", 100 + i, part.size(), PushCodec.columns(trees(part)))));
                }
            }
        }
    }

    /** A state frame with its batch's events is the state message serialized with those events' columns in it. */
    @Test
    void aStateFrameCarryingEventsIsTheStateMessageWithTheirColumns() {
        ScenarioCompiler.Compiled compiled = new ScenarioCompiler().compile(ScenarioSpec.builtIn("devm-irq-tasklet"));
        Session session = new Session("s-1", ScenarioSpec.builtIn("devm-irq-tasklet"), compiled, LIMITS);
        session.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        var batch = session.apply(CommandScript.parse(List.of("irq 17")));
        TraceEvents events = batch.inPlace();
        JsonNode patch = JSON.readTree("{\"steps\":3,\"machine\":{\"irqs\":{\"[]\":1}}}");
        for (PushMessage.Delta delta : List.of(
                new PushMessage.Delta("v-2", "v-1", patch, null),
                new PushMessage.Delta("v-1", null, null, JSON.readTree("{\"steps\":2}")))) {
            PushMessage state =
                    PushMessage.state("s-1", batch.from() + events.size(), List.of("line"), List.of(), 1, 0, delta);
            JsonNode columns = PushCodec.columns(trees(events));
            PushMessage whole = new PushMessage(
                    "state",
                    "s-1",
                    batch.from(),
                    batch.from() + events.size(),
                    columns.get("strings"),
                    columns.get("interned"),
                    columns.get("columns"),
                    state.dmesg(),
                    state.reports(),
                    state.applied(),
                    state.skipped(),
                    null,
                    state.version(),
                    state.base(),
                    state.patch(),
                    state.state());
            assertThat(new String(PushCodec.stateFrame(JSON, state, batch.from(), events, ORDER), UTF_8))
                    .isEqualTo(JSON.writeValueAsString(whole));
            assertThat(new String(PushCodec.stateFrame(JSON, state, batch.from(), events.subList(0, 0), ORDER), UTF_8))
                    .as("no events: the state message as it is")
                    .isEqualTo(JSON.writeValueAsString(state));
        }
    }

    /** Members absent from the first events (a payload, a function, a text) come in the order first met. */
    @Test
    void membersMissingFromTheFirstEventsComeInTheOrderTheyAreFirstMet() {
        Trace trace = new Trace();
        Trace.Actor insmod = actor(trace, "insmod", 0);
        Trace.Actor irq = actor(trace, "irq17", 1);
        trace.command(0, 1, "irq 17");
        trace.statement(0, insmod, at(trace, "f", 3));
        trace.event(EventKind.REFCOUNT, 0, insmod, at(trace, "f", 3), 7, 1, 2, null);
        trace.irqFire(1, 1, irq, 17, null);
        trace.event(EventKind.ALLOC, 1, irq, at(trace, "g", 9), 9, 0, 64, "kmalloc");
        TraceEvents events = trace.events(0);
        String frame = new String(PushCodec.eventsFrame(JSON, "s", 0, events, ORDER), UTF_8);
        assertThat(frame)
                .isEqualTo(JSON.writeValueAsString(
                        PushMessage.events("s", 0, events.size(), PushCodec.columns(trees(events)))));
        assertThat(frame).contains("\"interned\":[\"context\",\"kind\",\"text\",\"function\"]");
    }

    /** A string met in two columns (a context named as a kind) is one entry of the frame's strings. */
    @Test
    void aStringInSeveralColumnsIsInternedOnce() {
        Trace trace = new Trace();
        Trace.Actor read = actor(trace, "read", 0);
        trace.statement(0, read, at(trace, "read", 1));
        trace.access(0, read, at(trace, "read", 2), false, 1, 0);
        String frame = new String(PushCodec.eventsFrame(JSON, "s", 0, trace.events(0), ORDER), UTF_8);
        assertThat(frame).contains("\"strings\":[\"read\",\"statement\"]");
        assertThat(frame)
                .isEqualTo(JSON.writeValueAsString(
                        PushMessage.events("s", 0, 2, PushCodec.columns(trees(trace.events(0))))));
    }

    private static Trace.Actor actor(Trace trace, String name, int cpu) {
        int id = trace.intern(name);
        return new Trace.Actor() {
            public int cpu() {
                return cpu;
            }

            public int traceName() {
                return id;
            }

            public String name() {
                return name;
            }

            public int pid() {
                return 0;
            }
        };
    }

    private static Trace.Position at(Trace trace, String function, int line) {
        int id = trace.intern(function);
        return new Trace.Position() {
            public int traceFunction() {
                return id;
            }

            public int line() {
                return line;
            }
        };
    }

    private static List<JsonNode> trees(List<TraceEvent> events) {
        return events.stream()
                .map(e -> (JsonNode) JSON.valueToTree(EventDto.of(e)))
                .toList();
    }
}

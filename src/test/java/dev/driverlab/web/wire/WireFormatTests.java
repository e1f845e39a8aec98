package dev.driverlab.web.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.exercise.Exercise;
import dev.driverlab.exercise.ExerciseLibrary;
import dev.driverlab.exercise.Grade;
import dev.driverlab.exercise.Grader;
import dev.driverlab.explore.ExploreResult;
import dev.driverlab.explore.ExploreRunner;
import dev.driverlab.explore.Explorer;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import dev.driverlab.session.CommandScript;
import dev.driverlab.session.History;
import dev.driverlab.session.ScenarioCompiler;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionLimits;
import dev.driverlab.session.SessionState;
import dev.driverlab.share.ShareContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web's own records serialize as the engine's and the sessions' records always did (the lab reads that JSON):
 * a difference here is a change of the API, to be made on purpose.
 */
class WireFormatTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SessionLimits LIMITS = new SessionLimits(
            CommandScript.MAX_COMMANDS, 1_000_000, 5_000, 8, Duration.ofMinutes(1), SessionLimits.DEFAULT_MAX_BYTES);

    @Test
    void eventsAndReportsOnTheWireAreTheEnginesRecordsFieldForField() {
        Scenario s = ScenarioLoader.load(Path.of("src/main/resources/scenarios/devm-irq-tasklet.yaml"));
        RunResult r = ScenarioRunner.run(
                s, "script", ScriptParser.parse("script", s.script()), Engine.DEFAULT_MAX_STEPS, true);
        assertThat(r.trace()).isNotEmpty();
        assertThat(r.reports()).isNotEmpty();
        for (TraceEvent e : r.trace()) {
            assertThat(JSON.writeValueAsString(EventDto.of(e))).isEqualTo(JSON.writeValueAsString(e));
        }
        for (Report report : r.reports()) {
            assertThat(JSON.writeValueAsString(ReportDto.of(report))).isEqualTo(JSON.writeValueAsString(report));
        }
        Report bare = new Report("oops", "BUG", "BUG", 3, null, null, List.of());
        assertThat(JSON.writeValueAsString(ReportDto.of(bare))).isEqualTo(JSON.writeValueAsString(bare));
        assertThat(JSON.writeValueAsString(StateDto.of(r.state()))).isEqualTo(JSON.writeValueAsString(r.state()));
    }

    /** A scenario with a GPIO controller and a state with GPIO lines in use, on the wire byte for byte. */
    @Test
    void gpioLinesOnTheWireAreTheEnginesRecordsByteForByte() {
        Scenario s = ScenarioLoader.load(Path.of("src/test/resources/scenarios/test-gpio-button.yaml"));
        assertThat(JSON.writeValueAsString(ScenarioDto.of(s))).isEqualTo(JSON.writeValueAsString(s));
        RunResult r = ScenarioRunner.run(
                s, "clean", ScriptParser.parse("clean", "insmod button\ngpio 17 1"), Engine.DEFAULT_MAX_STEPS, true);
        assertThat(r.state().gpio()).hasSize(2);
        assertThat(JSON.writeValueAsString(StateDto.of(r.state()))).isEqualTo(JSON.writeValueAsString(r.state()));
    }

    /**
     * Modules built together (none of the built-in scenarios has two): the scenario with its {@code modules}, and a
     * state where one module uses another's exports ({@code usedBy}).
     */
    @Test
    void modulesThatUseEachOtherOnTheWireAreTheirRecordsByteForByte() {
        Scenario s = ScenarioLoader.load(Path.of("src/test/resources/scenarios/test-modlink.yaml"));
        assertThat(s.modules()).hasSize(2);
        assertThat(JSON.writeValueAsString(ScenarioDto.of(s))).isEqualTo(JSON.writeValueAsString(s));
        RunResult r = ScenarioRunner.run(
                s,
                "script",
                ScriptParser.parse("script", "insmod vsens\ninsmod tempsens"),
                Engine.DEFAULT_MAX_STEPS,
                true);
        assertThat(r.state().modules()).anyMatch(m -> !m.usedBy().isEmpty());
        assertThat(JSON.writeValueAsString(StateDto.of(r.state()))).isEqualTo(JSON.writeValueAsString(r.state()));
    }

    /**
     * Every built-in scenario's script, run as a session and then rewound half-way (a cut, a stopped or live
     * kernel, objects freed or not, deferred work pending): the session's state and history on the wire are the
     * session's records byte for byte.
     */
    @Test
    void sessionStatesAndHistoriesOnTheWireAreTheSessionsRecordsByteForByte() {
        ScenarioCompiler compiler = new ScenarioCompiler();
        int withDeferred = 0;
        int withRefcounts = 0;
        for (Scenario scenario : ScenarioLibrary.builtIn().all()) {
            ScenarioSpec spec = ScenarioSpec.builtIn(scenario.id());
            Session s = new Session("wire", spec, compiler.compile(spec), LIMITS);
            List<String> lines = ScriptParser.parse("script", scenario.script()).stream()
                    .map(Command::text)
                    .toList();
            s.apply(CommandScript.parse(lines));
            assertSame(s);
            SessionState state = s.state();
            if (state.machine().deferred() != null
                    && !state.machine().deferred().isEmpty()) withDeferred++;
            if (!state.refcounts().isEmpty()) withRefcounts++;
            s.rewind(s.engine().machine().steps() / 2);
            assertSame(s);
        }
        assertThat(withDeferred).isPositive();
        assertThat(withRefcounts).isPositive();
        History bare = new History(List.of(), List.of());
        assertThat(JSON.writeValueAsString(HistoryDto.of(bare))).isEqualTo(JSON.writeValueAsString(bare));
    }

    /** A race found (report, script, moments with their stacks) and a search cut short (why it is incomplete). */
    @Test
    void searchResultsOnTheWireAreTheExplorersRecordsByteForByte() {
        Scenario s = ScenarioLibrary.builtIn().find("devm-irq-tasklet").orElseThrow();
        ExploreResult found = ExploreRunner.explore(
                s,
                ExploreRunner.defaultSetup(s),
                s.search().events(),
                new Explorer.Bounds(400, 200_000, 60_000),
                null,
                () -> false);
        assertThat(found.found()).isTrue();
        assertThat(found.moments()).isNotEmpty();
        assertThat(JSON.writeValueAsString(ExploreResultDto.of(found))).isEqualTo(JSON.writeValueAsString(found));
        ExploreResult cut = ExploreRunner.explore(
                s,
                ExploreRunner.defaultSetup(s),
                s.search().events(),
                new Explorer.Bounds(1, 10, 60_000),
                null,
                () -> false);
        assertThat(cut.incompleteBecause()).isNotNull();
        assertThat(JSON.writeValueAsString(ExploreResultDto.of(cut))).isEqualTo(JSON.writeValueAsString(cut));
    }

    /** A failing grade (a report, a crashing schedule) and a driver that does not compile (diagnostics). */
    @Test
    void gradesOnTheWireAreTheGradersRecordsByteForByte() {
        Exercise e = ExerciseLibrary.builtIn().find("call-rcu-unload").orElseThrow();
        Grade failing = Grader.grade(e, e.scenario().source(), Grader.Limits.DEFAULT);
        assertThat(failing.checks()).anyMatch(c -> c.report() != null);
        assertThat(JSON.writeValueAsString(GradeDto.of(failing))).isEqualTo(JSON.writeValueAsString(failing));
        Grade broken = Grader.grade(e, e.scenario().source().replace("call_rcu(", "call_rcuu("), Grader.Limits.DEFAULT);
        assertThat(broken.diagnostics()).isNotEmpty();
        assertThat(JSON.writeValueAsString(GradeDto.of(broken))).isEqualTo(JSON.writeValueAsString(broken));
    }

    /**
     * Every built-in scenario (devices on several buses, declared and derived searches, several sources), the specs a
     * session names it by (a world with a devicetree node and a USB device's ids and data), and a link's content.
     */
    @Test
    void scenariosSpecsAndLinksOnTheWireAreTheirRecordsByteForByte() {
        for (Scenario s : ScenarioLibrary.builtIn().all()) {
            assertThat(JSON.writeValueAsString(ScenarioDto.of(s))).as(s.id()).isEqualTo(JSON.writeValueAsString(s));
        }
        ScenarioSpec.WorldSpec world = new ScenarioSpec.WorldSpec(
                4,
                List.of(
                        new DeviceSpec("pdev", "platform", 17, null, null, null, "acme,widget", Map.of("reg", 1)),
                        new DeviceSpec("udev", "usb", null, 0x1234, 0x5678, "hi")),
                "6.6",
                new ScenarioSpec.GpioWorld(null, 16, List.of(3)));
        for (ScenarioSpec spec : List.of(
                ScenarioSpec.builtIn("devm-irq-tasklet"),
                ScenarioSpec.ofYaml("id: x"),
                new ScenarioSpec(null, null, "int x;", world, "drv"),
                new ScenarioSpec(null, null, "int x;", new ScenarioSpec.WorldSpec(null, null), null))) {
            assertThat(JSON.writeValueAsString(SpecDto.of(spec))).isEqualTo(JSON.writeValueAsString(spec));
            for (ShareContent link : List.of(
                    ShareContent.of(spec, History.of(List.of()), null),
                    ShareContent.of(
                            spec,
                            new History(List.of("insmod drv", "irq 17"), List.of(new History.Cut(1, 40))),
                            30L))) {
                assertThat(JSON.writeValueAsString(SpecDto.LinkDto.of(link))).isEqualTo(JSON.writeValueAsString(link));
            }
        }
    }

    private static void assertSame(Session s) {
        SessionState state = s.state();
        assertThat(JSON.writeValueAsString(SessionStateDto.of(state)))
                .as(state.scenario())
                .isEqualTo(JSON.writeValueAsString(state));
        History h = s.history();
        assertThat(JSON.writeValueAsString(HistoryDto.of(h))).isEqualTo(JSON.writeValueAsString(h));
    }
}

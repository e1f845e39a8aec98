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
import dev.driverlab.lesson.Lesson;
import dev.driverlab.lesson.LessonLibrary;
import dev.driverlab.room.RoomService;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
            Session s = session(compiler, scenario);
            s.apply(script(scenario));
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
                new ScenarioSpec(null, null, "int x;", new ScenarioSpec.WorldSpec(null, null), null),
                new ScenarioSpec(
                        null,
                        null,
                        null,
                        world,
                        "a",
                        Map.of("a.c", "int a;", "b.c", "int b;"),
                        Map.of("a", List.of("a.c"), "b", List.of("b.c"))))) {
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

    /** Every built-in lesson (steps with and without commands, questions with and without fixed choices). */
    @Test
    void lessonsOnTheWireAreTheLessonsRecordsByteForByte() {
        List<Lesson> lessons = LessonLibrary.builtIn().all();
        assertThat(lessons).isNotEmpty();
        assertThat(lessons.stream().flatMap(l -> l.steps().stream())).anyMatch(st -> st.question() != null);
        for (Lesson l : lessons) {
            assertThat(JSON.writeValueAsString(LessonDto.of(l)))
                    .as(l.scenario())
                    .isEqualTo(JSON.writeValueAsString(l));
        }
        Lesson.Step bare = new Lesson.Step("read", null, new Lesson.Question("text", "", null), false);
        Lesson one = new Lesson("s", "t", List.of(bare));
        assertThat(JSON.writeValueAsString(LessonDto.of(one))).isEqualTo(JSON.writeValueAsString(one));
    }

    /** A room's question (for the teacher, with the tally, and for a member, without), members and limits. */
    @Test
    void roomsOnTheWireAreTheRoomsRecordsByteForByte() {
        Map<String, Integer> tally = new LinkedHashMap<>();
        tally.put("a", 2);
        tally.put("b", 0);
        for (RoomService.QuestionView q : List.of(
                new RoomService.QuestionView("q1", 40, "next", "What runs next?", List.of("a", "b"), tally, null, 2),
                new RoomService.QuestionView("q2", 7, "text", "Why?", List.of(), null, List.of("a race"), 1),
                new RoomService.QuestionView("q3", 0, "freed", null, null, null, null, 0))) {
            assertThat(JSON.writeValueAsString(RoomDto.QuestionDto.of(q))).isEqualTo(JSON.writeValueAsString(q));
        }
        Object grade = JSON.readValue("{\"exercise\":\"x\",\"passed\":true,\"checks\":\"2/3\"}", Object.class);
        for (RoomService.MemberView m : List.of(
                new RoomService.MemberView("m1", "Ada", true, true, 12L, grade),
                new RoomService.MemberView("m2", "Bo", false, false, null, null))) {
            assertThat(JSON.writeValueAsString(RoomDto.MemberDto.of(m))).isEqualTo(JSON.writeValueAsString(m));
        }
        RoomService.Limits limits = new RoomService.Limits(100, 200, 50, 40, 500, 604_800);
        assertThat(JSON.writeValueAsString(RoomDto.LimitsDto.of(limits))).isEqualTo(JSON.writeValueAsString(limits));
    }

    /**
     * A room's STOMP frames are what the publisher built as maps before it had records ({@link #leanMap}): the step
     * frame after every built-in scenario's script and after a rewind, the end and the room's change frames.
     */
    @Test
    void roomFramesOnTheWireAreTheMapsThePublisherSentByteForByte() {
        ScenarioCompiler compiler = new ScenarioCompiler();
        for (Scenario scenario : ScenarioLibrary.builtIn().all()) {
            Session s = session(compiler, scenario);
            List<String> dmesg = s.apply(script(scenario)).dmesg();
            List<String> ran = List.of("insmod", "irq17");
            SessionStateDto applied = SessionStateDto.of(s.state());
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("type", "step");
            frame.put("steps", applied.steps());
            frame.put("dmesg", dmesg);
            frame.put("ran", ran);
            frame.put("state", leanMap(applied));
            assertThat(JSON.writeValueAsString(new RoomFrameDto(
                            "step", applied.steps(), dmesg, ran, RoomFrameDto.LeanStateDto.of(applied))))
                    .as(scenario.id())
                    .isEqualTo(JSON.writeValueAsString(frame));
            s.rewind(s.engine().machine().steps() / 2);
            SessionStateDto rewound = SessionStateDto.of(s.state());
            frame = new LinkedHashMap<>();
            frame.put("type", "step");
            frame.put("steps", rewound.steps());
            frame.put("state", leanMap(rewound));
            assertThat(JSON.writeValueAsString(new RoomFrameDto(
                            "step", rewound.steps(), null, null, RoomFrameDto.LeanStateDto.of(rewound))))
                    .as(scenario.id())
                    .isEqualTo(JSON.writeValueAsString(frame));
        }
        for (String type : List.of("ended", "members", "question", "answers", "recall", "closed", "expired")) {
            assertThat(JSON.writeValueAsString(RoomFrameDto.of(type)))
                    .isEqualTo(JSON.writeValueAsString(Map.of("type", type)));
        }
    }

    /** The lean state as RoomPublisher built it as a map, kept here as the reference of its format. */
    private static Map<String, Object> leanMap(SessionStateDto state) {
        List<Map<String, Object>> contexts = new ArrayList<>();
        for (StateDto.ContextDto c : state.machine().contexts()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", c.name());
            v.put("status", c.status());
            if (c.waitingOn() != null) v.put("waitingOn", c.waitingOn());
            if (!c.stack().isEmpty())
                v.put("stack", List.of(Map.of("function", c.stack().get(0).function())));
            contexts.add(v);
        }
        Map<String, Object> lean = new LinkedHashMap<>();
        lean.put("steps", state.steps());
        lean.put("stopped", state.stopped());
        lean.put("machine", Map.of("contexts", contexts));
        lean.put(
                "reports",
                state.reports().stream().map(r -> r.kind() + ": " + r.title()).toList());
        return lean;
    }

    /**
     * Request bodies: a world (devices of each bus, a devicetree node, nulls where a client left them) and cuts read
     * into the web's records and mapped are what reading them straight into the sessions' records gave.
     */
    @Test
    void requestWorldsAndCutsMapToWhatTheSessionsRecordsRead() {
        for (String world : List.of(
                "{}",
                "{\"cpus\":4,\"kernel\":\"6.6\"}",
                "{\"devices\":[null,{\"name\":\"d\"}]}",
                "{\"devices\":[{\"name\":\"pdev\",\"bus\":\"platform\",\"irq\":17,\"compatible\":\"acme,w\","
                        + "\"properties\":{\"reg\":[1,2],\"label\":\"x\",\"ready\":true}},"
                        + "{\"name\":\"u\",\"bus\":\"usb\",\"vendor\":4660,\"product\":22136,\"data\":\"hi\"}]}")) {
            assertThat(SpecDto.WorldSpecDto.spec(JSON.readValue(world, SpecDto.WorldSpecDto.class)))
                    .as(world)
                    .isEqualTo(JSON.readValue(world, ScenarioSpec.WorldSpec.class));
        }
        assertThat(SpecDto.WorldSpecDto.spec(null)).isNull();
        String cuts = "[{\"command\":1,\"step\":40},{\"command\":0,\"step\":3},null]";
        List<HistoryDto.CutDto> read =
                JSON.readerForListOf(HistoryDto.CutDto.class).readValue(cuts);
        List<History.Cut> direct = JSON.readerForListOf(History.Cut.class).readValue(cuts);
        assertThat(HistoryDto.CutDto.cuts(read)).isEqualTo(direct);
        assertThat(HistoryDto.CutDto.cuts(null)).isNull();
    }

    private static Session session(ScenarioCompiler compiler, Scenario scenario) {
        ScenarioSpec spec = ScenarioSpec.builtIn(scenario.id());
        return new Session("wire", spec, compiler.compile(spec), LIMITS);
    }

    /** The scenario's main script as a session's commands. */
    private static List<Command> script(Scenario scenario) {
        return CommandScript.parse(ScriptParser.parse("script", scenario.script()).stream()
                .map(Command::text)
                .toList());
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

package dev.driverlab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.engine.view.StateViews;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Sessions without Spring: batches, refusal, rewind against an independent fresh replay. */
class SessionTests {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SCENARIO = "devm-irq-tasklet";

    private final ScenarioCompiler compiler = new ScenarioCompiler();

    static Scenario scenario() {
        return ScenarioLibrary.builtIn().find(SCENARIO).orElseThrow();
    }

    static List<String> scriptLines() {
        List<String> lines = new ArrayList<>();
        for (Command c : ScriptParser.parse("script", scenario().script())) lines.add(c.text());
        return lines;
    }

    Session session(SessionLimits limits) {
        ScenarioSpec spec = ScenarioSpec.builtIn(SCENARIO);
        return new Session("test", spec, compiler.compile(spec), limits);
    }

    static String trace(Engine e) {
        return JSON.writeValueAsString(e.machine().trace().events(0));
    }

    static String view(Engine e) {
        return JSON.writeValueAsString(StateViews.of(e.machine()));
    }

    /**
     * "The state after step N" computed independently of Session: a fresh engine, each command applied in full
     * while that keeps the machine at or before N, the one that would pass N stopped at N (unless N was reached
     * exactly before it).
     */
    static Engine freshReplay(List<String> lines, long step) {
        Engine e = new Engine(ScenarioRunner.compile(scenario()));
        List<Command> commands = ScriptParser.parse("commands", String.join("\n", lines));
        for (Command c : commands) {
            Engine probe = e.copy();
            probe.apply(c);
            if (probe.machine().steps() <= step) {
                e = probe;
            } else {
                if (e.machine().steps() < step) e.apply(c, step); // a command that ran no step yet is not begun
                break;
            }
        }
        return e;
    }

    @Test
    void aBatchReturnsItsEventsLogLinesAndReports() {
        Session s = session(SessionLimits.DEFAULT);
        Batch b = s.apply(CommandScript.parse(scriptLines()));
        assertThat(b.applied()).isEqualTo(7);
        assertThat(b.skipped()).isZero();
        assertThat(b.from()).isZero();
        assertThat(b.events()).hasSize((int) b.state().next());
        for (int i = 0; i < b.events().size(); i++)
            assertThat(b.events().get(i).seq()).isEqualTo(i);
        assertThat(b.reports()).extracting(r -> r.kind()).containsExactly("use-after-free");
        assertThat(b.state().stopped()).isTrue();
        assertThat(b.state().commands()).isEqualTo(7);
        assertThat(trace(s.engine())).isEqualTo(trace(freshReplay(scriptLines(), Long.MAX_VALUE)));
    }

    @Test
    void theStateListsPendingDeferredWork() {
        Session s = session(SessionLimits.DEFAULT);
        s.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet", "break __do_softirq", "irq 17")));
        assertThat(s.state().machine().deferred())
                .extracting(StateView.DeferredView::kind)
                .containsExactly("tasklet");
        s.apply(CommandScript.parse(List.of("continue")));
        assertThat(s.state().machine().deferred()).isEmpty();
    }

    @Test
    void commandsAfterACrashInTheSameBatchAreSkipped() {
        Session s = session(SessionLimits.DEFAULT);
        List<String> lines = new ArrayList<>(scriptLines());
        lines.add("lsmod");
        Batch b = s.apply(CommandScript.parse(lines));
        assertThat(b.applied()).isEqualTo(7);
        assertThat(b.skipped()).isEqualTo(1);
        assertThat(s.history().commands()).hasSize(7);
    }

    @Test
    void aBatchWithACommandThatCannotApplyIsRefusedWhole() {
        Session s = session(SessionLimits.DEFAULT);
        s.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        String before = trace(s.engine());
        assertThatThrownBy(() -> s.apply(CommandScript.parse(List.of("irq 17", "continue nobody"))))
                .isInstanceOf(RefusedException.class)
                .hasMessageStartingWith("commands:2: error: context 'nobody' is not paused")
                .satisfies(e -> assertThat(((RefusedException) e).line()).isEqualTo(2));
        assertThat(trace(s.engine())).isEqualTo(before);
        assertThat(s.history().commands()).containsExactly("insmod devm_irq_tasklet");
    }

    @Test
    void aCrashedKernelRefusesFurtherBatches() {
        Session s = session(SessionLimits.DEFAULT);
        s.apply(CommandScript.parse(scriptLines()));
        assertThatThrownBy(() -> s.apply(CommandScript.parse(List.of("lsmod"))))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("the kernel has crashed");
    }

    @Test
    void aBatchThatWouldExceedTheStepLimitIsRefusedWhole() {
        long insmod = freshReplay(List.of("insmod devm_irq_tasklet"), Long.MAX_VALUE)
                .machine()
                .steps();
        Session s = session(new SessionLimits(100, insmod + 10, 50, 4));
        s.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        String before = trace(s.engine());
        assertThatThrownBy(() -> s.apply(CommandScript.parse(List.of("unbind my_device"))))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("limit of " + (insmod + 10) + " steps");
        assertThat(s.engine().machine().steps()).isEqualTo(insmod);
        assertThat(trace(s.engine())).isEqualTo(before);
    }

    @Test
    void aBatchThatWouldExceedTheCommandLimitIsRefused() {
        Session s = session(new SessionLimits(2, 1_000_000, 2_000, 4));
        assertThatThrownBy(() -> s.apply(CommandScript.parse(List.of("lsmod", "lsmod", "lsmod"))))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("the limit is 2");
    }

    @Test
    void aBatchThatRunsPastTheTimeLimitIsRefusedWholeAndLeavesTheSessionAsItWas() {
        Session s =
                session(new SessionLimits(100, 1_000_000, 5_000, 8, Duration.ZERO, SessionLimits.DEFAULT_MAX_BYTES));
        assertRefusedWhole(s, List.of("insmod devm_irq_tasklet", "irq 17"), "time-limit", "refused whole");
        assertThat(s.engine().machine().steps()).isZero();
    }

    /** The batch is refused with {@code code} and the session's history and trace are exactly as before. */
    static void assertRefusedWhole(Session s, List<String> batch, String code, String message) {
        String before = trace(s.engine());
        List<String> history = s.history().commands();
        assertThatThrownBy(() -> s.apply(CommandScript.parse(batch)))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
        assertThat(s.history().commands()).isEqualTo(history);
        assertThat(trace(s.engine())).isEqualTo(before);
    }

    @Test
    void aBatchThatWouldHoldTooMuchMemoryIsRefusedWhole() {
        Session probe = session(SessionLimits.DEFAULT);
        probe.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        long afterInsmod = probe.bytes();

        Session s = session(new SessionLimits(
                10_000, 1_000_000, 5_000, 8, SessionLimits.DEFAULT_BATCH_TIME, afterInsmod + 64 * 1024));
        s.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        assertRefusedWhole(s, Collections.nCopies(2_000, "irq 17"), "memory-limit", "of server memory");
    }

    @Test
    void aSessionsEstimatedMemoryGrowsWithItsTrace() {
        Session s = session(SessionLimits.DEFAULT);
        s.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        long small = s.bytes();
        s.apply(CommandScript.parse(Collections.nCopies(500, "irq 17")));
        assertThat(s.bytes()).isGreaterThan(small + 500L * 8 * 4); // at least 4 columns of 8 bytes per step
    }

    /** Machine steps after each command of the script: where command boundaries fall in this engine. */
    static long[] boundaries(List<String> lines) {
        long[] after = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            after[i] = freshReplay(lines.subList(0, i + 1), Long.MAX_VALUE)
                    .machine()
                    .steps();
        }
        return after;
    }

    @Test
    void rewindGivesTheStateAndTheTraceOfAFreshReplayToThatStep() {
        List<String> lines = scriptLines();
        long[] after = boundaries(lines);
        long total = after[after.length - 1];
        TreeSet<Long> steps = new TreeSet<>(List.of(0L, 1L, total - 1, total));
        for (long b : after) {
            steps.add(b); // exactly at a command boundary
            if (b > 0) steps.add(b - 1); // one step before it: inside the command
        }
        for (long step : steps) {
            Session s = session(new SessionLimits(100, 1_000_000, 40, 4)); // small interval: snapshots in play
            s.apply(CommandScript.parse(lines));
            s.rewind(step);
            Engine fresh = freshReplay(lines, step);
            assertThat(s.engine().machine().steps())
                    .as("steps after rewind to %d", step)
                    .isEqualTo(step);
            assertThat(trace(s.engine())).as("trace after rewind to %d", step).isEqualTo(trace(fresh));
            assertThat(view(s.engine())).as("state after rewind to %d", step).isEqualTo(view(fresh));
        }
    }

    @Test
    void aRewoundTraceIsAPrefixOfTheOriginal() {
        Session s = session(SessionLimits.DEFAULT);
        s.apply(CommandScript.parse(scriptLines()));
        var original = List.copyOf(s.engine().machine().trace().events(0));
        s.rewind(s.engine().machine().steps() / 2);
        var rewound = s.engine().machine().trace().events(0);
        assertThat(rewound).isEqualTo(original.subList(0, rewound.size()));
    }

    @Test
    void aSessionGoesOnFromARewoundStepAndItsHistoryReplaysToTheSameTrace() {
        Session s = session(SessionLimits.DEFAULT);
        s.apply(CommandScript.parse(scriptLines()));
        long[] after = boundaries(scriptLines());
        long middle = (after[3] + after[4]) / 2; // in the middle of "irq 17"
        s.rewind(middle);
        assertThat(s.history().cuts()).containsExactly(new History.Cut(4, middle));
        assertThat(s.state().cut()).isEqualTo(middle);
        s.apply(CommandScript.parse(List.of("continue")));
        assertThat(s.state().cut()).isNull();

        Session replayed = session(SessionLimits.DEFAULT);
        replayed.replay(s.history(), false);
        assertThat(trace(replayed.engine())).isEqualTo(trace(s.engine()));
        assertThat(view(replayed.engine())).isEqualTo(view(s.engine()));
    }

    @Test
    void rewindOutsideTheSessionsStepsIsRefused() {
        Session s = session(SessionLimits.DEFAULT);
        s.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        assertThatThrownBy(() -> s.rewind(100_000))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("outside this session's steps");
    }

    @Test
    void aLongSessionRewindsFromSnapshotsWithBoundedMemory() {
        List<String> lines = new ArrayList<>();
        lines.add("insmod devm_irq_tasklet");
        lines.addAll(Collections.nCopies(150, "irq 17"));
        Session s = session(SessionLimits.DEFAULT);
        s.apply(CommandScript.parse(lines));
        long total = s.engine().machine().steps();
        assertThat(total).isGreaterThan(10_000);
        assertThat(s.snapshotCount()).isLessThanOrEqualTo(SessionLimits.DEFAULT.maxSnapshots());

        long start = System.nanoTime();
        s.rewind(total - 1_000);
        long micros = (System.nanoTime() - start) / 1_000;
        System.out.printf("rewind of a %d-step session: %d us%n", total, micros);
        assertThat(trace(s.engine())).isEqualTo(trace(freshReplay(lines, total - 1_000)));
    }
}

package dev.driverlab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Engine;
import dev.driverlab.kernel.Lab;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplorerTests {
    private static final Explorer.Bounds BOUNDS = new Explorer.Bounds(400, 200_000, 60_000);

    private static Scenario scenario(String id) {
        return ScenarioLibrary.builtIn().find(id).orElseThrow();
    }

    private static ExploreResult explore(Scenario s) {
        return ExploreRunner.explore(
                s, ExploreRunner.defaultSetup(s), s.search().events(), BOUNDS, null, () -> false);
    }

    /**
     * The library's golden rule for "Find the race": every scenario whose script reports a bug has a search
     * (declared, or derived from the script) that finds a bug of that kind, and every scenario whose script runs
     * clean is proven clean over its search's whole bounded space — never a false all-clear, never a false alarm.
     */
    @Test
    void everyLibraryScenariosSearchFindsItsScriptsBugOrProvesItClean() {
        int buggy = 0;
        int clean = 0;
        for (Scenario s : ScenarioLibrary.builtIn().all()) {
            if (s.search().isEmpty()) continue;
            RunResult own = ScenarioRunner.run(
                    s, "script", ScriptParser.parse("script", s.script()), Engine.DEFAULT_MAX_STEPS, false);
            ExploreResult r = explore(s);
            if (own.reports().isEmpty()) {
                clean++;
                assertThat(r.verdict())
                        .as(s.id() + ": " + r.incompleteBecause())
                        .isEqualTo(ExploreResult.Verdict.NO_CRASH);
            } else {
                buggy++;
                assertThat(r.verdict())
                        .as(s.id() + ": " + r.incompleteBecause())
                        .isEqualTo(ExploreResult.Verdict.RACE_FOUND);
                assertThat(r.report().kind())
                        .as(s.id())
                        .isEqualTo(own.reports().get(0).kind());
            }
        }
        assertThat(buggy).isGreaterThanOrEqualTo(10);
        assertThat(clean).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aSearchWithNothingToInterleaveIsIncompleteNeverClean() {
        Scenario s = scenario("devm-irq-tasklet-fixed");
        ExploreResult r = ExploreRunner.explore(s, "insmod devm_irq_tasklet", List.of(), BOUNDS, null, () -> false);
        assertThat(r.verdict()).isEqualTo(ExploreResult.Verdict.INCOMPLETE);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.incompleteBecause()).startsWith("nothing to interleave");
    }

    /** The fixed twin's declared search under other bounds, or cancelled at once. */
    private static ExploreResult fixedTwin(Explorer.Bounds bounds, boolean cancelled) {
        Scenario s = scenario("devm-irq-tasklet-fixed");
        return ExploreRunner.explore(
                s, ExploreRunner.defaultSetup(s), s.search().events(), bounds, null, () -> cancelled);
    }

    @Test
    void aSearchCutByItsBoundIsIncompleteNeverClean() {
        ExploreResult r = fixedTwin(new Explorer.Bounds(400, 100, 60_000), false);
        assertThat(r.verdict()).isEqualTo(ExploreResult.Verdict.INCOMPLETE);
        assertThat(r.incompleteBecause()).contains("state bound");
    }

    @Test
    void aSearchCutByItsDepthBoundIsIncompleteNeverClean() {
        // the fixed twin's schedules are longer than 5 transitions: what lies beyond the bound is not searched
        ExploreResult r = fixedTwin(new Explorer.Bounds(5, 200_000, 60_000), false);
        assertThat(r.verdict()).isEqualTo(ExploreResult.Verdict.INCOMPLETE);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.incompleteBecause()).contains("depth bound (5 transitions)");
        assertThat(fixedTwin(BOUNDS, false).verdict()).isEqualTo(ExploreResult.Verdict.NO_CRASH);
    }

    @Test
    void aCancelledSearchIsIncompleteNeverClean() {
        ExploreResult r = fixedTwin(BOUNDS, true);
        assertThat(r.verdict()).isEqualTo(ExploreResult.Verdict.INCOMPLETE);
        assertThat(r.incompleteBecause()).contains("cancelled");
    }

    @Test
    void whenNothingCanRunTimePassesAndTheScheduleReplaysThroughIt() {
        // the callback runs only once a grace period ends; rmmod's synchronize_rcu waits for it
        Scenario s = scenario("call-rcu-unload-synchronize");
        ExploreResult r = explore(s);
        assertThat(r.found()).isTrue();
        assertThat(r.script()).anyMatch(l -> l.equals("grace-period"));
        RunResult replay = ScenarioRunner.run(
                s, "found", ScriptParser.parse("found", String.join("\n", r.script())), Engine.DEFAULT_MAX_STEPS, true);
        assertThat(replay.reports().get(0).title()).isEqualTo(r.report().title());
    }

    @Test
    void permutedEventsAndIrqsOnEitherCpuAreSearchedToo() {
        Scenario s = scenario("devm-irq-tasklet");
        List<String> events = List.of("irq 17", "unbind my_device");
        ExploreResult inOrder =
                ExploreRunner.explore(s, ExploreRunner.defaultSetup(s), events, BOUNDS, null, () -> false);
        ExploreResult permuted = ExploreRunner.explore(
                s,
                ExploreRunner.defaultSetup(s),
                events,
                new ExploreRunner.Options(true, true),
                BOUNDS,
                null,
                () -> false);
        assertThat(permuted.found())
                .as(permuted.incompleteBecause() + " " + permuted.states())
                .isTrue();
        assertThat(permuted.states()).isGreaterThan(inOrder.states());
    }

    @Test
    void aFoundRaceNamesTheFreeAndTheUseWithWhereEachRan() {
        ExploreResult r = explore(scenario("devm-irq-tasklet"));
        assertThat(r.moments()).hasSizeGreaterThanOrEqualTo(2);
        var use = r.moments().get(r.moments().size() - 1);
        assertThat(use.event().seq()).isEqualTo(r.report().seq());
        assertThat(r.moments()).anySatisfy(m -> assertThat(m.event().kind()).isEqualTo("free"));
        var free = r.moments().stream()
                .filter(m -> m.event().kind().equals("free"))
                .findFirst()
                .orElseThrow();
        assertThat(free.event().context()).isNotEqualTo(use.event().context()); // two contexts: that is the race
        assertThat(free.event().seq()).isLessThan(use.event().seq());
    }

    @Test
    void eachMomentCarriesTheCallStackItRanOnAndTheDriverLineOnIt() {
        ExploreResult r = explore(scenario("devm-irq-tasklet"));
        // the allocation: devm_kzalloc in the driver's probe, called by the driver core from the module's init
        Moment alloc = moment(r, "alloc");
        assertThat(alloc.stack().get(0))
                .isEqualTo(new Moment.Frame("my_probe", alloc.event().line(), "devm_irq_tasklet.c"));
        assertThat(alloc.stack())
                .extracting(Moment.Frame::function)
                .containsSubsequence("my_probe", "really_probe", "my_driver_init", "load_module");
        assertThat(alloc.file()).isEqualTo("devm_irq_tasklet.c");
        assertThat(alloc.driverLine()).isEqualTo(alloc.event().line());
        // the free: the driver core's devres release on unbind, with no driver code on the stack
        Moment free = moment(r, "free");
        assertThat(free.stack())
                .extracting(Moment.Frame::function)
                .containsSubsequence("release_nodes", "devres_release_all", "unbind_store");
        assertThat(free.file()).isNull();
        assertThat(free.driverLine()).isZero();
        // the use: the softirq running the freed tasklet
        Moment use = r.moments().get(r.moments().size() - 1);
        assertThat(use.stack())
                .extracting(Moment.Frame::function)
                .containsExactly("tasklet_action_common", "tasklet_action", "__do_softirq");
    }

    private static Moment moment(ExploreResult r, String kind) {
        return r.moments().stream()
                .filter(m -> m.event().kind().equals(kind))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The IRQ is pinned to CPU 0; the handler loads the buffer pointer once and then uses it, the writer unpublishes
     * it before freeing it. On one CPU the handler runs whole between two of the writer's steps (it holds the CPU), so
     * it sees the buffer or NULL, never a freed one: only a writer placed on the other CPU can free the buffer between
     * the handler's load and its use. The search finds that only when it may choose the process's CPU.
     */
    @Test
    void theSearchChoosesTheCpuAProcessRunsOnWhenAskedTo() {
        String src = Lab.platformDriver("""
                #include <linux/proc_fs.h>
                #include <linux/slab.h>

                static char *buf;

                static irqreturn_t lab_irq(int irq, void *dev)
                {
                	char *p = buf;

                	if (p)
                		p[0]++;
                	return IRQ_HANDLED;
                }

                static ssize_t lab_write(struct file *file, const char __user *ubuf, size_t len, loff_t *off)
                {
                	char *old = buf;

                	buf = NULL;
                	kfree(old);
                	return len;
                }

                static const struct proc_ops lab_ops = {
                	.proc_write = lab_write,
                };
                """, """
                	buf = kzalloc(8, GFP_KERNEL);
                	if (!buf)
                		return -ENOMEM;
                	proc_create("lab", 0666, NULL, &lab_ops);
                	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), lab_irq, 0, "lab", pdev);
                """, "\tremove_proc_entry(\"lab\", NULL);\n\treturn 0;");
        Scenario s = Lab.driver(src).cpus(2).device("my_device", 17).scenario("insmod lab");
        List<String> events = List.of("open /proc/lab as a", "write a x", "irq 17 cpu 0");
        ExploreResult pinned = ExploreRunner.explore(s, "insmod lab", events, BOUNDS, null, () -> false);
        assertThat(pinned.verdict()).as(pinned.incompleteBecause()).isEqualTo(ExploreResult.Verdict.NO_CRASH);
        ExploreResult anyCpu = ExploreRunner.explore(
                s, "insmod lab", events, new ExploreRunner.Options(false, true), BOUNDS, null, () -> false);
        assertThat(anyCpu.verdict())
                .as(anyCpu.incompleteBecause() + " " + anyCpu.states())
                .isEqualTo(ExploreResult.Verdict.RACE_FOUND);
        assertThat(anyCpu.report().title()).contains("use-after-free");
        assertThat(anyCpu.script()).contains("open /proc/lab as a on cpu 1", "irq 17 cpu 0");
        assertThat(anyCpu.states()).isGreaterThan(pinned.states());
        // the found schedule replays to the same report
        RunResult replay = ScenarioRunner.run(
                s,
                "found",
                ScriptParser.parse("found", String.join("\n", anyCpu.script())),
                Engine.DEFAULT_MAX_STEPS,
                true);
        assertThat(replay.reports().get(0).title()).isEqualTo(anyCpu.report().title());
    }

    @Test
    void theSameContextOnAnotherCpuIsAnotherState() {
        Scenario s = scenario("devm-irq-tasklet");
        Engine e = ScenarioRunner.boot(s);
        e.apply(ScriptParser.parse("setup", "insmod devm_irq_tasklet").get(0));
        Engine on0 = e.copy();
        on0.inject(ScriptParser.parse("e", "irq 17 cpu 0").get(0));
        Engine on1 = e.copy();
        on1.inject(ScriptParser.parse("e", "irq 17 cpu 1").get(0));
        assertThat(on0.machine().fingerprint()).isNotEqualTo(on1.machine().fingerprint());
    }

    @Test
    void theReturnedScriptReplaysToTheIdenticalReport() {
        Scenario s = scenario("devm-irq-tasklet");
        ExploreResult r = explore(s);
        RunResult replay = ScenarioRunner.run(
                s, "found", ScriptParser.parse("found", String.join("\n", r.script())), Engine.DEFAULT_MAX_STEPS, true);
        assertThat(replay.error()).isNull();
        assertThat(replay.reports()).hasSize(1);
        assertThat(replay.reports().get(0).title()).isEqualTo(r.report().title());
        assertThat(replay.reports().get(0).text()).isEqualTo(r.report().text());
        assertThat(replay.steps()).isEqualTo(r.steps());
    }

    @Test
    void theSearchIsDeterministic() {
        Scenario s = scenario("devm-irq-tasklet");
        ExploreResult a = explore(s);
        ExploreResult b = explore(s);
        assertThat(a.script()).isEqualTo(b.script());
        assertThat(a.states()).isEqualTo(b.states());
        assertThat(a.schedules()).isEqualTo(b.schedules());
    }

    @Test
    void equalStatesHaveEqualFingerprintsAndAStepChangesIt() {
        Scenario s = scenario("devm-irq-tasklet");
        Engine e = ScenarioRunner.boot(s);
        e.apply(ScriptParser.parse("t", "insmod devm_irq_tasklet").get(0));
        e.inject(ScriptParser.parse("t", "unbind my_device").get(0));
        Engine copy = e.copy();
        assertThat(copy.machine().fingerprint()).isEqualTo(e.machine().fingerprint());
        Engine other = ScenarioRunner.boot(s);
        other.apply(ScriptParser.parse("t", "insmod devm_irq_tasklet").get(0));
        other.inject(ScriptParser.parse("t", "unbind my_device").get(0));
        assertThat(other.machine().fingerprint()).isEqualTo(e.machine().fingerprint());
        long before = e.machine().fingerprint();
        for (int i = 0; i < 20; i++) {
            copy.stepOnce(copy.runnable().get(0));
            assertThat(copy.machine().fingerprint()).isNotEqualTo(before);
        }
        assertThat(e.machine().fingerprint()).as("the original is untouched").isEqualTo(before);
    }

    @Test
    void anEventThatCannotApplyOnlyPrunesItsBranch() {
        Scenario s = scenario("devm-irq-tasklet");
        ExploreResult r = ExploreRunner.explore(
                s,
                "insmod devm_irq_tasklet",
                List.of("unbind no_such_device"),
                new Explorer.Bounds(50, 10_000, 10_000),
                null,
                () -> false);
        assertThat(r.found()).isFalse();
    }

    @Test
    void aSearchWhoseWaitingStatesWouldOutgrowItsMemoryBoundStopsIncomplete() {
        Scenario s = scenario("devm-irq-tasklet-fixed");
        ExploreResult r = ExploreRunner.explore(
                s,
                ExploreRunner.defaultSetup(s),
                s.explore().events(),
                new Explorer.Bounds(400, 200_000, 60_000, 64 * 1024),
                null,
                () -> false);
        assertThat(r.found()).isFalse();
        assertThat(r.complete()).isFalse();
        assertThat(r.stoppedBy()).startsWith("memory bound");
    }
}

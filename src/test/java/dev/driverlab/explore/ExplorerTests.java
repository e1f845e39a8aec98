package dev.driverlab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Engine;
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

    @Test
    void aSearchCutByItsBoundIsIncompleteNeverClean() {
        Scenario s = scenario("devm-irq-tasklet-fixed");
        ExploreResult r = ExploreRunner.explore(
                s,
                ExploreRunner.defaultSetup(s),
                s.search().events(),
                new Explorer.Bounds(400, 100, 60_000),
                null,
                () -> false);
        assertThat(r.verdict()).isEqualTo(ExploreResult.Verdict.INCOMPLETE);
        assertThat(r.incompleteBecause()).contains("state bound");
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
        assertThat(use.seq()).isEqualTo(r.report().seq());
        assertThat(r.moments()).anySatisfy(m -> assertThat(m.kind()).isEqualTo("free"));
        var free = r.moments().stream()
                .filter(m -> m.kind().equals("free"))
                .findFirst()
                .orElseThrow();
        assertThat(free.context()).isNotEqualTo(use.context()); // two contexts: that is the race
        assertThat(free.seq()).isLessThan(use.seq());
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

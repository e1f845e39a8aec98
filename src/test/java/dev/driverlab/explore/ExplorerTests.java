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
        return ExploreRunner.explore(s, ExploreRunner.defaultSetup(s), s.explore().events(), BOUNDS, null, () -> false);
    }

    @Test
    void everyBuggyScenarioWithASearchHasACrashOfItsOwnKindInNoMoreSteps() {
        int searched = 0;
        for (Scenario s : ScenarioLibrary.builtIn().all()) {
            if (s.explore().isEmpty() || s.id().endsWith("-fixed")) continue;
            searched++;
            RunResult own = ScenarioRunner.run(s, "script", ScriptParser.parse("script", s.script()),
                    Engine.DEFAULT_MAX_STEPS, false);
            ExploreResult r = explore(s);
            assertThat(r.found()).as(s.id()).isTrue();
            assertThat(r.report().kind()).as(s.id()).isEqualTo(own.reports().get(0).kind());
            assertThat(r.steps()).as(s.id()).isLessThanOrEqualTo(own.steps());
        }
        assertThat(searched).isPositive();
    }

    @Test
    void everyFixedTwinSurvivesTheWholeBoundedSpace() {
        int searched = 0;
        for (Scenario s : ScenarioLibrary.builtIn().all()) {
            if (s.explore().isEmpty() || !s.id().endsWith("-fixed")) continue;
            searched++;
            ExploreResult r = explore(s);
            assertThat(r.found()).as(s.id()).isFalse();
            assertThat(r.complete()).as(s.id() + " searched completely").isTrue();
            assertThat(r.states()).isPositive();
        }
        assertThat(searched).isPositive();
    }

    @Test
    void theReturnedScriptReplaysToTheIdenticalReport() {
        Scenario s = scenario("devm-irq-tasklet");
        ExploreResult r = explore(s);
        RunResult replay = ScenarioRunner.run(s, "found", ScriptParser.parse("found", String.join("\n", r.script())),
                Engine.DEFAULT_MAX_STEPS, true);
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
        ExploreResult r = ExploreRunner.explore(s, "insmod devm_irq_tasklet", List.of("unbind no_such_device"),
                new Explorer.Bounds(50, 10_000, 10_000), null, () -> false);
        assertThat(r.found()).isFalse();
    }

    @Test
    void aSearchWhoseWaitingStatesWouldOutgrowItsMemoryBoundStopsIncomplete() {
        Scenario s = scenario("devm-irq-tasklet-fixed");
        ExploreResult r = ExploreRunner.explore(s, ExploreRunner.defaultSetup(s), s.explore().events(),
                new Explorer.Bounds(400, 200_000, 60_000, 64 * 1024), null, () -> false);
        assertThat(r.found()).isFalse();
        assertThat(r.complete()).isFalse();
        assertThat(r.stoppedBy()).startsWith("memory bound");
    }
}

package dev.driverlab.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The golden exercises: each library scenario's buggy driver fails its exercise, and its fixed twin passes. */
class ExerciseLibraryTests {
    static Stream<String> exercises() {
        return ExerciseLibrary.builtIn().all().stream().map(Exercise::id);
    }

    @Test
    void theLibraryHasTheWorkshopExercises() {
        assertThat(ExerciseLibrary.builtIn().all())
                .extracting(Exercise::id)
                .contains(
                        "devm-irq-tasklet",
                        "devm-chardev-unbind",
                        "module-refcount-openers-buggy",
                        "proc-sleep-buggy",
                        "call-rcu-unload");
        assertThat(ExerciseLibrary.builtIn().all())
                .allSatisfy(e -> assertThat(e.solution()).isNotNull());
    }

    @ParameterizedTest
    @MethodSource("exercises")
    void theBuggyDriverFailsWithAShortestCrashingSchedule(String id) {
        Exercise e = ExerciseLibrary.builtIn().find(id).orElseThrow();
        Grade g = Grader.grade(e, e.scenario().source(), Grader.Limits.DEFAULT);
        assertThat(g.passed()).as(id + " " + g).isFalse();
        assertThat(g.checks().get(0).status()).isEqualTo(Check.PASS);
        Check search = g.checks().get(g.checks().size() - 1);
        assertThat(search.name()).isEqualTo("search");
        assertThat(search.status()).as(search.toString()).isEqualTo(Check.FAIL);
        assertThat(search.verdict()).isEqualTo("race-found");
        assertThat(search.schedule()).isNotEmpty();
        assertThat(e.forbid()).contains(search.report().kind());
    }

    @ParameterizedTest
    @MethodSource("exercises")
    void theFixedTwinPassesEveryCheck(String id) {
        Exercise e = ExerciseLibrary.builtIn().find(id).orElseThrow();
        Scenario fixed = ScenarioLibrary.builtIn().find(e.solution()).orElseThrow();
        Grade g = Grader.grade(e, fixed.source(), Grader.Limits.DEFAULT);
        assertThat(g.checks())
                .as(id)
                .allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(Check.PASS));
        assertThat(g.passed()).isTrue();
        assertThat(g.checks()).hasSize(e.scripts().size() + 2);
    }

    @Test
    void aDriverThatDoesNotCompileFailsWithGccErrorsAndSkipsTheRest() {
        Exercise e = ExerciseLibrary.builtIn().find("call-rcu-unload").orElseThrow();
        Grade g = Grader.grade(e, e.scenario().source().replace("call_rcu(", "call_rcuu("), Grader.Limits.DEFAULT);
        assertThat(g.passed()).isFalse();
        assertThat(g.diagnostics()).isNotEmpty();
        assertThat(g.diagnostics().get(0).message()).contains("call_rcuu");
        assertThat(g.checks())
                .extracting(Check::status)
                .containsExactly(Check.FAIL, Check.SKIPPED, Check.SKIPPED, Check.SKIPPED);
    }

    @Test
    void aDriverWithoutTheNodeTheScriptsUseFailsTheScripts() {
        Exercise e = ExerciseLibrary.builtIn().find("devm-chardev-unbind").orElseThrow();
        Grade g = Grader.grade(
                e, e.scenario().source().replace("node_served_by_driver", "renamed"), Grader.Limits.DEFAULT);
        assertThat(g.passed()).isFalse();
        assertThat(g.checks().get(1).status()).isEqualTo(Check.FAIL);
        assertThat(g.checks().get(1).detail()).contains("could not run to its end");
    }

    @Test
    void aReportOfAKindTheExerciseDoesNotForbidIsAWarningNotAFailure() {
        Exercise e = ExerciseLibrary.builtIn().find("devm-irq-tasklet").orElseThrow();
        Exercise lenient = new Exercise(
                e.id(),
                e.scenario(),
                e.title(),
                e.task(),
                List.of("script"),
                e.search(),
                List.of("double-free"),
                e.solution());
        Grade g = Grader.grade(lenient, e.scenario().source(), Grader.Limits.DEFAULT);
        assertThat(g.checks().get(1).status()).isEqualTo(Check.WARN);
        assertThat(g.checks().get(1).detail()).startsWith("allowed, but note: use-after-free");
        assertThat(g.passed()).isTrue();
    }

    @Test
    void badExerciseFilesAreRejectedWithAMessage() {
        Scenario s = ScenarioLibrary.builtIn().find("call-rcu-unload").orElseThrow();
        assertThatThrownBy(
                        () -> ExerciseLibrary.parse("x.yaml", s, "title: t\ntask: t\nscripts: [nope]\nforbid: [oops]"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("no script 'nope'");
        assertThatThrownBy(() -> ExerciseLibrary.parse("x.yaml", s, "title: t\ntask: t\nscripts: [script]\nforbid: []"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("forbid");
        assertThatThrownBy(() -> ExerciseLibrary.parse(
                        "x.yaml", s, "title: t\ntask: t\nscripts: [script]\n" + "forbid: [oops]\nfoo: 1"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() -> ExerciseLibrary.parse(
                        "x.yaml",
                        s,
                        "title: t\ntask: t\nscripts: [script]\n"
                                + "forbid: [oops]\nsearch: {events: [frobnicate now]}"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("frobnicate");
        assertThat(ExerciseLibrary.parse("x.yaml", s, "title: t\ntask: t\nscripts: [script]\nforbid: [oops]")
                        .search())
                .as("the scenario's own search by default")
                .isEqualTo(s.search());
    }
}

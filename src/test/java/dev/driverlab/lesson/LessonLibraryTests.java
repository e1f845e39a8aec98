package dev.driverlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.engine.Engine;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LessonLibraryTests {
    @Test
    void everyLessonRunsItsCommandsToTheScenariosEnd() {
        assertThat(LessonLibrary.builtIn().all())
                .extracting(Lesson::scenario)
                .contains("devm-irq-tasklet", "call-rcu-unload");
        for (Lesson l : LessonLibrary.builtIn().all()) {
            Scenario s = ScenarioLibrary.builtIn().find(l.scenario()).orElseThrow();
            String script = l.steps().stream()
                    .filter(st -> st.command() != null)
                    .map(Lesson.Step::command)
                    .collect(Collectors.joining("\n"));
            RunResult r = ScenarioRunner.run(
                    s, "lesson", ScriptParser.parse("lesson", script), Engine.DEFAULT_MAX_STEPS, false);
            assertThat(r.error()).as(l.scenario()).isNull();
            assertThat(r.reports()).as("the lesson shows the bug").isNotEmpty();
            assertThat(l.steps()).anySatisfy(st -> assertThat(st.question()).isNotNull());
        }
    }

    @Test
    void badLessonsAreRejected() {
        Scenario s = ScenarioLibrary.builtIn().find("call-rcu-unload").orElseThrow();
        assertThatThrownBy(() -> LessonLibrary.parse("l.yaml", s, "steps:\n  - command: frobnicate"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("frobnicate");
        assertThatThrownBy(() -> LessonLibrary.parse("l.yaml", s, "steps:\n  - text: t\n    question: {kind: next}"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("before a command");
        assertThatThrownBy(() ->
                        LessonLibrary.parse("l.yaml", s, "steps:\n  - command: irq 17\n    question: {kind: who}"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("kind");
        assertThatThrownBy(() -> LessonLibrary.parse("l.yaml", s, "steps: []")).isInstanceOf(ScenarioException.class);
    }
}

package dev.driverlab.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.scenario.ExploreSpec;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An exercise on a driver of two modules (the golden test-modlink: vsens exports, tempsens uses it): a submission
 * is graded as the scenario's modules, built of the files it gives and the scenario's others.
 */
class TwoModuleGradeTests {
    static final Scenario SCENARIO = ScenarioLoader.load(Path.of("src/test/resources/scenarios/test-modlink.yaml"));
    static final Exercise EXERCISE = new Exercise(
            "two-modules",
            SCENARIO,
            "two modules",
            "keep tempsens working",
            List.of(Exercise.MAIN_SCRIPT),
            new ExploreSpec(
                    "insmod vsens\ninsmod tempsens", List.of("rmmod tempsens", "rmmod vsens"), 400, true, false),
            List.of("bug", "oops", "kasan"),
            null);

    @Test
    void aSubmissionOfTheMainModulesFileKeepsTheOtherModule() {
        String vsens = SCENARIO.sources().get("vsens.c").replace("pr_info(\"vsens: ready\\n\");", "");
        Scenario built = EXERCISE.withFiles(vsens, null);
        assertThat(built.moduleFiles()).containsOnlyKeys("vsens", "tempsens");
        assertThat(built.moduleFiles().get("vsens").get(0).text()).isEqualTo(vsens);
        Grade g = Grader.grade(EXERCISE, vsens, Grader.Limits.DEFAULT);
        assertThat(g.checks())
                .allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(Check.PASS));
    }

    @Test
    void aSubmissionOfEveryFileBuildsEachModuleOfItsOwn() {
        Map<String, String> files = new LinkedHashMap<>(SCENARIO.sources());
        files.put("tempsens.c", files.get("tempsens.c").replace("vsens_register(&temp)", "vsens_register_all(&temp)"));
        Grade g = Grader.grade(EXERCISE, null, files, Grader.Limits.DEFAULT);
        assertThat(g.passed()).isFalse();
        assertThat(g.checks().get(0).status()).isEqualTo(Check.FAIL);
        assertThat(g.diagnostics().get(0).file()).isEqualTo("tempsens.c");
        assertThat(g.diagnostics().get(0).message()).contains("implicit declaration of function 'vsens_register_all'");
    }

    @Test
    void aSubmissionWithoutAFileTheModulesNameIsRefused() {
        Map<String, String> files = new LinkedHashMap<>(SCENARIO.sources());
        files.remove("tempsens.c");
        assertThatThrownBy(() -> Grader.grade(EXERCISE, null, files, Grader.Limits.DEFAULT))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("modules.tempsens: 'tempsens.c' is not a C file of 'sources'");
    }
}

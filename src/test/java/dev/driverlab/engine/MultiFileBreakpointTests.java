package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import org.junit.jupiter.api.Test;

/** A module of several files: frames name the file of their line, and a breakpoint may name its file. */
class MultiFileBreakpointTests {

    private static final String YAML = """
            id: two-files
            title: t
            summary: s
            module: duo
            script: |
              insmod duo
            sources:
              main.c: |
                #include <linux/module.h>
                int helper(int x);

                static int __init duo_init(void)
                {
                	int v = helper(2);
                	pr_info("v=%d\\n", v);
                	return 0;
                }
                module_init(duo_init);
                MODULE_LICENSE("GPL");
              helper.c: |
                #include <linux/module.h>

                int helper(int x)
                {
                	int y = x * 10;
                	return y + 1;
                }
            """;

    private static RunResult run(String script) {
        Scenario s = ScenarioLoader.parse("two-files.yaml", YAML);
        return ScenarioRunner.run(s, "script", ScriptParser.parse("script", script), 10_000, true);
    }

    private static StateView.ContextView insmod(RunResult r) {
        return r.state().contexts().stream()
                .filter(c -> c.name().equals("insmod"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aBreakpointOnALineOfAnotherFileStopsThereAndTheFramesNameTheirFiles() {
        RunResult r = run("break helper.c:5\ninsmod duo");
        StateView.ContextView c = insmod(r);
        assertThat(c.pausedAt()).isEqualTo("breakpoint at helper.c:5");
        assertThat(c.stack().get(0).function()).isEqualTo("helper");
        assertThat(c.stack().get(0).file()).isEqualTo("helper.c");
        assertThat(c.stack().get(0).line()).isEqualTo(5);
        assertThat(c.stack().get(1).function()).isEqualTo("duo_init");
        assertThat(c.stack().get(1).file()).isEqualTo("main.c");
        assertThat(r.state().breakpoints()).containsExactly("helper.c:5");
    }

    @Test
    void aBareLineIsALineOfTheMainFileOnly() {
        RunResult r = run("break 6\ninsmod duo");
        StateView.ContextView c = insmod(r);
        assertThat(c.pausedAt()).isEqualTo("breakpoint at line 6");
        assertThat(c.stack().get(0).function()).isEqualTo("duo_init");
        assertThat(r.state().breakpoints()).containsExactly("6");
    }

    @Test
    void anUnknownFileOrALineOutsideItIsACommandError() {
        assertThat(run("break nope.c:3").error()).contains("no source file named 'nope.c' in the module");
        assertThat(run("break helper.c:99").error()).contains("line 99 is outside helper.c (1..7)");
        assertThat(run("delete helper.c:5").error()).contains("no breakpoint at helper.c:5");
    }
}

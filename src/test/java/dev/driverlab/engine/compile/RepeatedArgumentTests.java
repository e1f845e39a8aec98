package dev.driverlab.engine.compile;

import static dev.driverlab.engine.compile.NestingLimitTests.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.kernel.Lab;
import org.junit.jupiter.api.Test;

/** Kernel macros that use an argument twice: evaluated once, and their nesting cannot make compiling explode. */
class RepeatedArgumentTests {

    @Test
    void minAndMaxEvaluateEachArgumentOnce() {
        String src = """
                static int __init lab_init(void)
                {
                	int i = 3, j = 10;
                	int lo = min(i++, j--);
                	int hi = max(i++, j--);
                	pr_info("%d %d %d %d", lo, hi, i, j);
                	pr_info("%d %d", min(-1, 2), max(min(5, 7), min(9, 6)));
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("3 9 5 8", "-1 6");
    }

    @Test
    void nestingMacrosThatRepeatAnArgumentStopsAtTheMacroBudget() {
        int levels = 40; // 2^40 copies of the innermost condition if nothing stopped it
        String condition = "wait_event_timeout(wq, ".repeat(levels) + "flag" + ", 1)".repeat(levels);
        String src = "static DECLARE_WAIT_QUEUE_HEAD(wq);\nstatic int flag;\nstatic long f(void)\n{\n\treturn "
                + condition + ";\n}\n";
        // include/linux/wait.h's real macros repeat the condition, so the preprocessor's token budget stops it
        assertThat(compile(src))
                .startsWith("drv.c:5:")
                .contains(": error: macro expansion of 'wq' exceeds the limit of");
    }
}

package dev.driverlab.engine.compile;

import static dev.driverlab.engine.compile.NestingLimitTests.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.kernel.Lab;
import org.junit.jupiter.api.Test;

/** Static locals live in the module's data, one object each, even when two blocks use the same name. */
class StaticLocalTests {

    @Test
    void staticsOfTheSameNameInTwoBlocksAreTwoObjects() {
        String src = """
                static int counter(int which)
                {
                	if (which) {
                		static int n = 10;
                		return ++n;
                	} else {
                		static int n = 100;
                		return ++n;
                	}
                }
                static int __init lab_init(void)
                {
                	int a = counter(1);
                	int b = counter(0);
                	int c = counter(1);
                	pr_info("%d %d %d", a, b, c);
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("11 101 12");
    }

    @Test
    void aRedefinedStaticOverTheBudgetLeavesTheFirstOneAlone() { // found by CompilerProperties
        String src = "int f(void)\n{\n\tstatic char fuzz[] = { [1 << 20] = 1 };\n\tstatic char fuzz[1 << 30];\n"
                + "\treturn fuzz[0];\n}\n";
        assertThat(compile(src))
                .contains("drv.c:4:14: error: redefinition of 'fuzz'")
                .contains("drv.c:4:14: error: static data of 'fuzz' (1073741824 bytes) exceeds")
                .doesNotContain("internal compiler error");
    }
}

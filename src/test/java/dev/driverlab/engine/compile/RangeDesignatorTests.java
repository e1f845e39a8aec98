package dev.driverlab.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.kernel.Lab;
import dev.driverlab.lang.CompileException;
import org.junit.jupiter.api.Test;

/** gcc's range designators, {@code [first ... last] = value}: every element from first to last, in any initializer. */
class RangeDesignatorTests {

    @Test
    void aRangeFillsEveryElementAndLaterItemsOverrideIt() {
        String src = """
                #include <linux/module.h>

                struct entry { int a; char tag[4]; };
                static const u8 table[16] = { [0 ... 15] = 0xff, ['a' - 'a'] = 1, [3 ... 4] = 7 };
                static int grown[] = { [2 ... 5] = 9 };
                static struct entry entries[3] = { [0 ... 2] = { .a = 5, .tag = "ok" } };

                static int __init lab_init(void)
                {
                	int local[6] = { [1 ... 3] = 4 };
                	struct entry one = { .tag = { [0 ... 2] = 'z' } };

                	pr_info("%d %d %d %d %zu", table[0], table[2], table[4], table[15], ARRAY_SIZE(grown));
                	pr_info("%d %d %d %s", grown[1], grown[5], entries[2].a, entries[1].tag);
                	pr_info("%d %d %d %s", local[0], local[3], local[5], one.tag);
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab")))
                .containsExactly("1 255 7 255 6", "0 9 5 ok", "0 4 0 zzz");
    }

    @Test
    void aRangeMustBeConstantNotEmptyAndBounded() {
        assertThatThrownBy(() -> Lab.driver("static int n = 3;\nstatic int t[4] = { [0 ... n] = 1 };\n")
                        .run("insmod lab"))
                .isInstanceOf(CompileException.class)
                .hasMessageContaining(":2:21: error: nonconstant array index in initializer");
        assertThatThrownBy(() ->
                        Lab.driver("static int t[4] = { [3 ... 1] = 1 };\n").run("insmod lab"))
                .isInstanceOf(CompileException.class)
                .hasMessageContaining(":1:21: error: empty index range in initializer");
        assertThatThrownBy(() -> Lab.driver("static char t[] = { [0 ... 100000000] = 1 };\n")
                        .run("insmod lab"))
                .isInstanceOf(CompileException.class)
                .hasMessageContaining("error: index range in initializer is too large");
    }
}

package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.kernel.Lab;
import dev.driverlab.lang.CompileException;
import org.junit.jupiter.api.Test;

class InterpreterMacroTests {

    @Test
    void objectAndFunctionLikeMacrosExpandWhereTheyAreUsed() {
        String src = """
                #define PROC_NAME "sleep"
                #define MSG_LEN 80
                #define SQUARE(x) ((x) * (x))
                #define to_item(p) container_of(p, struct item, node)
                #define LOG(fmt, a) pr_info("macro: " fmt, a)
                struct item { int v; struct list_head node; };
                static int __init lab_init(void)
                {
                	struct item it = { .v = 7 };
                	char buf[MSG_LEN];
                	struct item *back = to_item(&it.node);
                	snprintf(buf, sizeof(buf), "%s", PROC_NAME);
                	LOG("%s", buf);
                	pr_info("%lu", sizeof(buf));
                	LOG("%d", SQUARE(back->v + 1));
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("macro: sleep", "80", "macro: 64");
    }

    @Test
    void anErrorInsideAMacroPointsAtItsUse() {
        String src = """
                #define BAD(x) ((x) +)
                static int __init lab_init(void)
                {
                	return BAD(1);
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Lab.driver(src).run("insmod lab"))
                .isInstanceOf(CompileException.class)
                .hasMessageContaining("lab.c:4:");
    }
}

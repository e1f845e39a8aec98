package dev.driverlab.engine.compile;

import static dev.driverlab.engine.compile.NestingLimitTests.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.kernel.Lab;
import org.junit.jupiter.api.Test;

/** C11 6.9.2: a file-scope declaration without initializer is a tentative definition of the object defined later. */
class TentativeDefinitionTests {

    @Test
    void aForwardDeclaredStaticIsTheObjectItsDefinitionInitialises() {
        String src = """
                #include <linux/module.h>
                static int answer;
                static int *where = &answer;
                static int answer = 42;
                static int __init lab_init(void)
                {
                	pr_info("%d %d", *where, where == &answer);
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("42 1");
    }

    @Test
    void twoInitialisedDefinitionsOrDifferentTypesAreStillRedefinitions() {
        assertThat(compile("static int a = 1;\nstatic int a = 2;\n"))
                .contains("drv.c:2:12: error: redefinition of 'a'");
        assertThat(compile("static int b;\nstatic long b = 2;\n")).contains("drv.c:2:13: error: redefinition of 'b'");
    }
}

package dev.driverlab.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compile cache: one image per distinct driver, bounded in bytes as well as in entries. */
class ScenarioCompilerTests {
    static ScenarioSpec driverWithStaticData(int bytes, int variant) {
        return new ScenarioSpec(null, null, """
                #include <linux/module.h>
                /* variant %d */
                static char buf[%d];
                static int __init m_init(void) { buf[0] = 1; return 0; }
                static void __exit m_exit(void) { }
                module_init(m_init);
                module_exit(m_exit);
                MODULE_LICENSE("GPL");
                """.formatted(variant, bytes), null, "m");
    }

    @Test
    void theSameDriverCompilesOnceAndIsShared() {
        ScenarioCompiler compiler = new ScenarioCompiler();
        assertThat(compiler.compile(driverWithStaticData(16, 1)).program())
                .isSameAs(compiler.compile(driverWithStaticData(16, 1)).program());
    }

    @Test
    void cachedImagesNeverHoldMoreThanTheByteBudget() {
        long budget = 1L << 20;
        ScenarioCompiler compiler = new ScenarioCompiler(budget);
        for (int i = 0; i < 12; i++) compiler.compile(driverWithStaticData(256 * 1024, i));
        assertThat(compiler.cachedBytes()).isPositive().isLessThanOrEqualTo(budget);
        // the most recent image is still cached, the first is not
        var recent = compiler.compile(driverWithStaticData(256 * 1024, 11)).program();
        assertThat(compiler.compile(driverWithStaticData(256 * 1024, 11)).program())
                .isSameAs(recent);
    }
}

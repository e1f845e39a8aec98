package dev.driverlab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.kernel.GpioSpec;
import dev.driverlab.kernel.KernelVersion;
import dev.driverlab.scenario.ScenarioException;
import java.util.List;
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

    @Test
    void anInlineDriverNamesItsKernelAsAScenarioFileDoes() {
        ScenarioSpec plain = driverWithStaticData(16, 2);
        ScenarioSpec v66 = new ScenarioSpec(
                null, null, plain.source(), new ScenarioSpec.WorldSpec(null, null, "6.6"), plain.module());
        ScenarioCompiler compiler = new ScenarioCompiler();
        assertThat(compiler.compile(v66).program().world().kernel()).isEqualTo(KernelVersion.V6_6);
        assertThat(compiler.compile(plain).program().world().kernel()).isEqualTo(KernelVersion.V6_1);
        ScenarioSpec v63 = new ScenarioSpec(
                null, null, plain.source(), new ScenarioSpec.WorldSpec(2, List.of(), "6.3"), plain.module());
        assertThatThrownBy(() -> compiler.compile(v63))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("world.kernel: " + KernelVersion.problem("6.3"));
    }

    @Test
    void anInlineDriversGpioControllerTakesTheDefaultsItLeavesOutAndTheWorldRules() {
        ScenarioSpec plain = driverWithStaticData(16, 3);
        ScenarioCompiler compiler = new ScenarioCompiler();
        ScenarioSpec small = new ScenarioSpec(
                null,
                null,
                plain.source(),
                new ScenarioSpec.WorldSpec(null, null, null, new ScenarioSpec.GpioWorld(null, 8, List.of(2))),
                plain.module());
        assertThat(compiler.compile(small).program().world().gpio()).isEqualTo(new GpioSpec(0, 8, List.of(2)));
        assertThat(compiler.compile(plain).program().world().gpio()).isEqualTo(GpioSpec.DEFAULT);
        ScenarioSpec bad = new ScenarioSpec(
                null,
                null,
                plain.source(),
                new ScenarioSpec.WorldSpec(null, null, null, new ScenarioSpec.GpioWorld(500, null, null)),
                plain.module());
        assertThatThrownBy(() -> compiler.compile(bad))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("world.gpio.base must be an integer between 0 and 448");
    }
}

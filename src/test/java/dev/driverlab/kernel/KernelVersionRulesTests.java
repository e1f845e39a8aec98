package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Kernel version": {@code kernel: "6.6"} switches what changed between 6.1 and 6.6 in the
 * reports DriverLab prints (KASAN's wording, 6.3's mm/kasan/report_generic.c and report.c) and the release; 6.1 is the
 * default and an unknown version is an error.
 */
class KernelVersionRulesTests {

    private static final String UAF = """
            	char *p = kmalloc(40, GFP_KERNEL);

            	kfree(p);
            	p[0] = 1;
            """;

    private static final String OOB = """
            	char *p = kmalloc(40, GFP_KERNEL);

            	p[40] = 1;
            """;

    private static Report report(KernelVersion v, String body) {
        return Lab.report(Lab.init("", body).kernel(v).run("insmod lab"));
    }

    @Test
    void kernel66SaysSlabUseAfterFreeAndDescribesTheFreedObject() {
        Report r = report(KernelVersion.V6_6, UAF);
        assertThat(r.title()).startsWith("BUG: KASAN: slab-use-after-free in lab_init+");
        assertThat(r.text())
                .contains("kmalloc-64 of size 64", "located 0 bytes inside of\n freed 64-byte region [")
                .contains("6.6.0-driverlab #1");
        Report v61 = report(KernelVersion.V6_1, UAF);
        assertThat(v61.title()).startsWith("BUG: KASAN: use-after-free in lab_init+");
        assertThat(v61.text()).contains("located 0 bytes inside of\n 64-byte region [", "6.1.0-driverlab #1");
    }

    @Test
    void kernel66MeasuresAnOutOfBoundsAccessAgainstTheAllocatedSize() {
        Report r = report(KernelVersion.V6_6, OOB);
        assertThat(r.title()).startsWith("BUG: KASAN: slab-out-of-bounds in lab_init+");
        assertThat(r.text()).contains("located 0 bytes to the right of\n allocated 40-byte region [");
        assertThat(report(KernelVersion.V6_1, OOB).text()).contains("located 40 bytes inside of\n 64-byte region [");
    }

    @Test
    void aFreedPageStaysUseAfterFreeIn66() {
        Report r = report(KernelVersion.V6_6, """
                	char *p = kmalloc(20000, GFP_KERNEL);

                	kfree(p);
                	p[0] = 1;
                """);
        assertThat(r.title()).startsWith("BUG: KASAN: use-after-free in lab_init+");
    }

    @Test
    void linuxVersionCodeIsTheChosenKernels() {
        String body = """
                	pr_info("%d %d %s", LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0), LINUX_VERSION_CODE, UTS_RELEASE);
                	return 0;
                """;
        assertThat(Lab.driverLog(Lab.init("", body).kernel(KernelVersion.V6_6).run("insmod lab")))
                .containsExactly("1 394752 6.6.0-driverlab");
        assertThat(Lab.driverLog(Lab.init("", body).run("insmod lab"))).containsExactly("0 393472 6.1.0-driverlab");
    }

    @Test
    void aScenarioNamesItsKernelAnUnknownOneIsAnError() {
        String yaml = "id: k\ntitle: t\nsummary: s\nsource: |\n  int x;\n";
        assertThat(ScenarioLoader.parse("k.yaml", yaml).world().kernel()).isEqualTo(KernelVersion.V6_1);
        assertThat(ScenarioLoader.parse("k.yaml", yaml + "kernel: \"6.6\"\n")
                        .world()
                        .kernel())
                .isEqualTo(KernelVersion.V6_6);
        assertThatThrownBy(() -> ScenarioLoader.parse("k.yaml", yaml + "kernel: \"6.3\"\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("unknown kernel version '6.3' (DriverLab models \"6.1\", \"6.6\"");
        assertThatThrownBy(() -> ScenarioLoader.parse("k.yaml", yaml + "kernel: 6.6\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("quote it");
    }
}

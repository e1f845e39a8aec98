package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "Checks and report texts" (mm/kmemleak.c): memory a module forgot when it unloads. */
class LeakRulesTests {

    private static final String FOO = """
            struct foo {
                int a;
            };

            static struct foo *p;
            """;

    @Test
    void memoryTheModuleAllocatedAndForgotIsReportedAtRmmodAsUnreferenced() {
        RunResult r = Lab.module(FOO, """
                    p = kzalloc(sizeof(*p), GFP_KERNEL);
                    return 0;
                """, "\tpr_info(\"exit\");").run("insmod lab\nrmmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("leak");
        assertThat(report.title()).matches("unreferenced object 0x[0-9a-f]{16} \\(size 4\\):");
        assertThat(report.text())
                .contains("comm \"insmod\", pid ")
                .contains("backtrace:")
                .contains("lab_init");
        assertThat(report.seq()).isGreaterThan(first(r, "free", "module lab"));
        assertThat(Lab.driverLog(r)).startsWith("exit");
        assertThat(Lab.moduleView(r, "lab").state()).isEqualTo("UNLOADED");
    }

    @Test
    void memoryFreedBeforeUnloadIsNoLeak() {
        RunResult r = Lab.module(FOO, """
                    p = kzalloc(sizeof(*p), GFP_KERNEL);
                    return 0;
                """, "\tkfree(p);").run("insmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void memoryStillReferencedFromAKernelStructureIsNoLeak() {
        // a /proc file does not pin the module: its struct file (kernel memory) outlives it and points to the buffer
        RunResult r = Lab.module("""
                static int lab_open(struct inode *inode, struct file *file)
                {
                    file->private_data = kzalloc(64, GFP_KERNEL);
                    return file->private_data ? 0 : -ENOMEM;
                }

                static const struct proc_ops lab_pops = {
                    .proc_open = lab_open,
                };
                """, """
                    proc_create("lab", 0644, NULL, &lab_pops);
                    return 0;
                """, "\tremove_proc_entry(\"lab\", NULL);")
                .run("insmod lab\nopen /proc/lab as A\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.moduleView(r, "lab").state()).isEqualTo("UNLOADED");
        assertThat(r.state().objects())
                .filteredOn(o -> o.allocatedBy() != null
                        && String.join(" ", o.allocatedBy()).contains("lab_open"))
                .singleElement()
                .matches(o -> o.live() && o.size() == 64);
    }
}

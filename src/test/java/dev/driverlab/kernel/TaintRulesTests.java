package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Modules", taints: kernel/module/main.c's check_modinfo and set_license, kernel/panic.c's
 * add_taint and print_tainted. A module whose MODULE_LICENSE is not GPL-compatible taints the kernel (P), saying
 * so for the first such module ({@code MOD: module license 'X' taints kernel.}); the taint makes lock debugging
 * unreliable, so lockdep turns off ({@code Disabling lock debugging due to kernel taint}) and reports nothing more.
 * Every module insmod loads is built outside the kernel tree: it taints the kernel O. Report headers show the
 * taint columns and "Modules linked in" each module's taint letters.
 */
class TaintRulesTests {

    /** A module that prints from init, with {@code license}. */
    private static String module(String name, String license) {
        return """
                #include <linux/module.h>

                static int __init %1$s_init(void)
                {
                	pr_info("%1$s: loaded\\n");
                	return 0;
                }
                module_init(%1$s_init);
                MODULE_LICENSE("%2$s");
                """.formatted(name, license);
    }

    @Test
    void aLicenseThatIsNotGplCompatibleTaintsTheKernelOnceAndTurnsLockDebuggingOff() {
        RunResult r = Lab.driver(module("lab", "Proprietary"))
                .withModule("other", module("other", "BSD"))
                .run("insmod lab\ninsmod other");
        assertThat(r.dmesg())
                .containsExactly(
                        "lab: loading out-of-tree module taints kernel.",
                        "lab: module license 'Proprietary' taints kernel.",
                        "Disabling lock debugging due to kernel taint",
                        "lab: loaded",
                        "other: loaded");
    }

    /**
     * Every module here is built out of tree (no modinfo "intree"): the first one loaded says it taints the kernel,
     * as 6.1's check_modinfo does, before anything else of its load; the next ones only carry the O.
     */
    @Test
    void theFirstOutOfTreeModuleSaysItTaintsTheKernelAndTheNextOnesDoNot() {
        RunResult r = Lab.driver(module("lab", "GPL"))
                .withModule("other", module("other", "GPL"))
                .run("insmod lab\ninsmod other\ncat /sys/module/other/taint");
        assertThat(r.dmesg())
                .containsExactly("lab: loading out-of-tree module taints kernel.", "lab: loaded", "other: loaded");
        assertThat(r.output()).contains("cat: read(3, \"O\\n\", 4096) = 2");
    }

    @Test
    void gplCompatibleLicensesDoNotTaint() {
        for (String license : new String[] {
            "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"
        }) {
            RunResult r = Lab.driver(module("lab", license)).run("insmod lab");
            assertThat(r.dmesg())
                    .as(license)
                    .containsExactly("lab: loading out-of-tree module taints kernel.", "lab: loaded");
        }
    }

    /** Two kthreads taking two mutexes in opposite orders (LockRulesTests' AB-BA), in a module of {@code license}. */
    private static String abBa(String license) {
        String gpl = LockRulesTests.twoThreads(
                "static DEFINE_MUTEX(lock_a);\nstatic DEFINE_MUTEX(lock_b);", LockRulesTests.AB, LockRulesTests.BA);
        return gpl.replace("MODULE_LICENSE(\"GPL\");", "MODULE_LICENSE(\"" + license + "\");");
    }

    @Test
    void afterAProprietaryModuleLockdepReportsNothing() {
        RunResult gpl = Lab.driver(abBa("GPL")).run("insmod lab");
        assertThat(gpl.reports()).extracting(r -> r.kind()).containsExactly("lockdep");
        RunResult proprietary = Lab.driver(abBa("Proprietary")).run("insmod lab");
        assertThat(proprietary.reports()).isEmpty();
        assertThat(proprietary.dmesg()).contains("Disabling lock debugging due to kernel taint");
    }

    private static final String NULL_IN_INIT = """
            #include <linux/module.h>

            struct lab_obj { long a; long b; };
            struct lab_obj *lab_ptr;

            static int __init lab_init(void)
            {
            	pr_info("lab: %%ld\\n", lab_ptr->b);
            	return 0;
            }
            module_init(lab_init);
            MODULE_LICENSE("%s");
            """;

    @Test
    void anOopsHeaderShowsTheTaintColumnsAndEachModulesTaintLetters() {
        RunResult gpl = Lab.driver(NULL_IN_INIT.formatted("GPL")).run("insmod lab");
        String oops = gpl.reports().get(gpl.reports().size() - 1).text();
        assertThat(oops).contains("Tainted: G    B      O       6.1").contains("Modules linked in: lab(O+)\n");

        RunResult proprietary = Lab.driver(NULL_IN_INIT.formatted("Proprietary"))
                .withModule("other", module("other", "GPL"))
                .run("insmod other\ninsmod lab");
        String text =
                proprietary.reports().get(proprietary.reports().size() - 1).text();
        assertThat(text)
                .contains("Tainted: P    B      O       6.1")
                .contains("Modules linked in: lab(PO+) other(O)\n");
    }

    @Test
    void theLastUnloadedModuleKeepsItsTaints() {
        RunResult r = Lab.driver(NULL_IN_INIT.formatted("GPL"))
                .withModule("other", module("other", "Proprietary").replace("module_init(other_init);", """
                        module_init(other_init);
                        static void __exit other_exit(void) { }
                        module_exit(other_exit);"""))
                .run("insmod other\nrmmod other\ninsmod lab");
        String text = r.reports().get(r.reports().size() - 1).text();
        assertThat(text).contains("Modules linked in: lab(O+) [last unloaded: other(PO)]\n");
    }

    /**
     * /sys/module/M/initstate, refcnt and taint (kernel/module/main.c's modinfo_attrs): "live", the module's count,
     * its taint letters; "coming" while its init runs; gone with the module.
     */
    @Test
    void sysModuleShowsEachModulesStateCountAndTaints() {
        String lab = module("lab", "GPL").replace("static int __init", """
                int lab_fn(void)
                {
                	return 1;
                }
                EXPORT_SYMBOL(lab_fn);

                static int __init""");
        String other = """
                #include <linux/module.h>

                int lab_fn(void);

                static int __init other_init(void)
                {
                	return lab_fn() - 1;
                }
                module_init(other_init);
                MODULE_LICENSE("Proprietary");
                """;
        RunResult r = Lab.driver(lab).withModule("other", other).run("""
                        insmod lab
                        cat /sys/module/lab/initstate
                        cat /sys/module/lab/refcnt
                        cat /sys/module/lab/taint
                        insmod other
                        cat /sys/module/lab/refcnt
                        cat /sys/module/other/taint
                        echo 1 > /sys/module/lab/refcnt
                        """);
        assertThat(r.error()).isNull();
        assertThat(r.output())
                .containsSubsequence(
                        "cat: read(3, \"live\\n\", 4096) = 5",
                        "cat: read(3, \"0\\n\", 4096) = 2",
                        "cat: read(3, \"O\\n\", 4096) = 2",
                        "cat: read(3, \"1\\n\", 4096) = 2",
                        "cat: read(3, \"PO\\n\", 4096) = 3");
        assertThat(r.output()).anyMatch(l -> l.contains("open(\"/sys/module/lab/refcnt\"") && l.contains("EACCES"));
    }

    @Test
    void sysModuleFilesGoWithTheModuleAndSayComingDuringInit() {
        String reader = """
                #include <linux/module.h>

                static int __init lab_init(void)
                {
                	pr_info("lab: init\\n");
                	return 0;
                }
                static void __exit lab_exit(void)
                {
                }
                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """;
        RunResult r = Lab.driver(reader).run("""
                break lab_init
                insmod lab
                cat /sys/module/lab/initstate
                continue insmod
                cat /sys/module/lab/initstate
                rmmod lab
                cat /sys/module/lab/initstate
                """);
        assertThat(r.error()).isNull();
        assertThat(r.reports()).isEmpty();
        assertThat(r.output())
                .containsSubsequence("cat: read(3, \"coming\\n\", 4096) = 7", "cat: read(3, \"live\\n\", 4096) = 5");
        assertThat(r.output().get(r.output().size() - 2))
                .isEqualTo(
                        "cat: open(\"/sys/module/lab/initstate\", O_RDONLY) = -1 ENOENT (No such file or directory)");
    }
}

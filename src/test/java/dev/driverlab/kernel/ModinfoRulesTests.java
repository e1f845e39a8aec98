package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Modules" (kernel/module/main.c's check_modinfo and MODINFO_ATTR): what the loader reads
 * from .modinfo besides the license: the version, a vermagic of the module's own, the intree tag.
 */
class ModinfoRulesTests {

    private static String module(String modinfo) {
        return """
                #include <linux/module.h>

                static int __init lab_init(void)
                {
                	pr_info("version %s", THIS_MODULE->version ? THIS_MODULE->version : "(none)");
                	return 0;
                }

                static void __exit lab_exit(void)
                {
                }

                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """ + modinfo;
    }

    @Test
    void moduleVersionIsThisModulesVersionAndItsSysfsFile() {
        RunResult r = Lab.driver(module("MODULE_VERSION(\"1.2.3\");\n"))
                .run("insmod lab\ncat /sys/module/lab/version\nrmmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("version 1.2.3");
        assertThat(r.output()).contains("cat: read(3, \"1.2.3\\n\", 4096) = 6");
        assertThat(r.reports()).isEmpty(); // the kstrdup'ed copy is freed with the module: no leak
    }

    @Test
    void aModuleWithoutAVersionHasNoVersionFile() {
        RunResult r = Lab.driver(module("")).run("insmod lab\ncat /sys/module/lab/version");
        assertThat(Lab.driverLog(r)).containsExactly("version (none)");
        assertThat(r.output()).anyMatch(l -> l.contains("open(\"/sys/module/lab/version\", O_RDONLY) = -1 ENOENT"));
    }

    @Test
    void aVermagicOfItsOwnThatIsNotTheKernelsIsAnInvalidModuleFormat() {
        RunResult r = Lab.driver(module("MODULE_INFO(vermagic, \"5.4.0 SMP mod_unload \");\n"))
                .run("insmod lab");
        assertThat(r.dmesg())
                .containsExactly(
                        "lab: version magic '5.4.0 SMP mod_unload ' should be '6.1.0-driverlab SMP preempt mod_unload '");
        assertThat(r.output()).containsExactly("insmod: ERROR: could not insert module lab.ko: Invalid module format");
    }

    @Test
    void theKernelsOwnVermagicLoadsAndIntreeDoesNotTaint() {
        RunResult r = Lab.driver(module("""
                        MODULE_INFO(vermagic, "6.1.0-driverlab SMP preempt mod_unload ");
                        MODULE_INFO(intree, "Y");
                        """)).run("insmod lab\ncat /sys/module/lab/taint");
        assertThat(r.dmesg()).containsExactly("version (none)");
        assertThat(r.output()).contains("cat: read(3, \"\\n\", 4096) = 1");
    }
}

package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "Modules" (init/version.c): utsname() and init_uts_ns report the release the model follows. */
class UtsnameRulesTests {

    @Test
    void utsnameAndInitUtsNsNameTheRunningKernel() {
        assertThat(Lab.dmesgOfInit("#include <linux/utsname.h>", """
                pr_info("%s %s %s %s", utsname()->sysname, utsname()->release, init_uts_ns.name.machine,
                        init_utsname()->version);
                """))
                .containsExactly("Linux " + Uts.RELEASE + " x86_64 " + Uts.VERSION);
    }

    @Test
    void theReleaseIsTheScenariosKernel() {
        String body = """
                	pr_info("%s|%s|%s", utsname()->release, init_utsname()->release, utsname()->version);
                """;
        assertThat(Lab.driverLog(Lab.init("#include <linux/utsname.h>", body)
                        .kernel(KernelVersion.V6_6)
                        .run("insmod lab")))
                .containsExactly("6.6.0-driverlab|6.6.0-driverlab|#1");
        assertThat(Lab.driverLog(Lab.init("#include <linux/utsname.h>", body)
                        .kernel(KernelVersion.V6_1)
                        .run("insmod lab")))
                .containsExactly("6.1.0-driverlab|6.1.0-driverlab|#1");
    }
}

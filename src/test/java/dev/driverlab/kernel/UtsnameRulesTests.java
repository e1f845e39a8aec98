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
}

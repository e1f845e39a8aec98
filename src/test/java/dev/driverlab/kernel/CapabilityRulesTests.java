package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "Capabilities" (kernel/capability.c): what capable() answers a script's processes. */
class CapabilityRulesTests {

    /** LDD3's silly checks CAP_SYS_RAWIO before writing: the script's processes are root, so it is granted. */
    @Test
    void aScriptsProcessesAreRootWithEveryCapability() {
        RunResult r = Lab.init("", """
                	pr_info("%d %d %d", capable(CAP_SYS_RAWIO), capable(CAP_SYS_ADMIN), has_capability(current, CAP_LAST_CAP));
                	capable(CAP_LAST_CAP + 1);
                	return 0;
                """).run("insmod lab");
        assertThat(Lab.driverLog(r)).startsWith("1 1 1", "capable() called with invalid cap=41");
        assertThat(Lab.report(r).title()).startsWith("kernel BUG at ");
    }
}

package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.entered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Static keys" (include/linux/jump_label.h, kernel/jump_label.c): a static branch follows its
 * key, which static_branch_enable/disable/inc/dec change under jump_label_mutex.
 */
class StaticKeyRulesTests {

    private static RunResult init(String globals, String body) {
        return Lab.init("#include <linux/jump_label.h>\n" + globals, body).run("insmod lab");
    }

    @Test
    void aKeyStartsAsDefinedAndStaticBranchesFollowIt() {
        RunResult r = init("static DEFINE_STATIC_KEY_FALSE(off);\nstatic DEFINE_STATIC_KEY_TRUE(on);", """
                	pr_info("off %d %d %d, on %d %d %d", static_key_enabled(&off), static_branch_unlikely(&off),
                		static_branch_likely(&off), static_key_enabled(&on), static_branch_unlikely(&on),
                		static_branch_likely(&on));
                	static_branch_enable(&off);
                	static_branch_disable(&on);
                	pr_info("off %d, on %d", static_branch_unlikely(&off) ? 1 : 0, static_branch_likely(&on) ? 1 : 0);
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("off 0 0 0, on 1 1 1", "off 1, on 0");
        assertThat(entered(r))
                .containsSubsequence(
                        "static_key_enable",
                        "static_key_enable_cpuslocked",
                        "jump_label_lock",
                        "mutex_lock",
                        "jump_label_unlock");
    }

    @Test
    void enablingTwiceIsOneEnableAndIncDecCount() {
        RunResult r = init("static DEFINE_STATIC_KEY_FALSE(key);", """
                	static_branch_enable(&key);
                	static_branch_enable(&key);
                	pr_info("count %d", static_key_count(&key.key));
                	static_branch_disable(&key);
                	static_branch_inc(&key);
                	static_branch_inc(&key);
                	static_branch_dec(&key);
                	pr_info("count %d enabled %d", static_key_count(&key.key), static_key_enabled(&key));
                	static_branch_dec(&key);
                	pr_info("count %d enabled %d", static_key_count(&key.key), static_key_enabled(&key));
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("count 1", "count 1 enabled 1", "count 0 enabled 0");
    }

    @Test
    void decrementingPastZeroWarnsOfANegativeCount() {
        RunResult r = init("static DEFINE_STATIC_KEY_FALSE(key);", """
                	static_branch_dec(&key);
                	static_branch_dec(&key);
                """);
        assertThat(String.join("\n", r.dmesg())).contains("jump label: negative count!");
    }

    @Test
    void changingAKeyMaySleepSoItIsABugInAtomicContext() {
        RunResult r = init("static DEFINE_STATIC_KEY_FALSE(key);\nstatic DEFINE_SPINLOCK(lock);", """
                	spin_lock(&lock);
                	static_branch_enable(&key);
                	spin_unlock(&lock);
                """);
        Report report = Lab.report(r);
        assertThat(report.title()).contains("sleeping function called from invalid context");
    }

    @Test
    void exportSymbolIsAccepted() {
        RunResult r = init(
                "int lab_shared;\nEXPORT_SYMBOL(lab_shared);\nvoid lab_helper(void) { }\n"
                        + "EXPORT_SYMBOL_GPL(lab_helper);",
                "\tlab_helper();");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.error()).isNull();
    }
}

package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * include/linux/rcupdate.h's pointer accessors with PROVE_RCU (lockdep is always on here): the values they read
 * and write, and lockdep_rcu_suspicious's "suspicious RCU usage" warning for a dereference outside a read-side
 * critical section, once per call site, after which the driver carries on.
 */
class RcuAccessorRulesTests {

    private static final String GLOBALS = """
            struct lab_cfg { int v; };
            static struct lab_cfg __rcu *lab_cfg;
            static DEFINE_MUTEX(lab_mutex);
            """;

    private static RunResult init(String body) {
        return Lab.init(GLOBALS, """
                	struct lab_cfg *c = kzalloc(sizeof(*c), GFP_KERNEL);
                	struct lab_cfg *r;

                	if (!c)
                		return -ENOMEM;
                	c->v = 7;
                """ + body).run("insmod lab");
    }

    @Test
    void accessorsReadAndWriteThePointer() {
        RunResult r = init("""
                	RCU_INIT_POINTER(lab_cfg, NULL);
                	pr_info("empty %d", rcu_access_pointer(lab_cfg) == NULL);
                	rcu_assign_pointer(lab_cfg, c);
                	rcu_read_lock();
                	r = rcu_dereference(lab_cfg);
                	pr_info("v %d held %d", r->v, rcu_read_lock_held());
                	rcu_read_unlock();
                	pr_info("held after %d", rcu_read_lock_held());
                	r = rcu_dereference_raw(lab_cfg);
                	kfree(rcu_access_pointer(lab_cfg));
                """);
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("empty 1", "v 7 held 1", "held after 0");
    }

    /*
     * Real 6.1.192 (rk_rcu.ko: rcu_dereference twice, at two sites, outside rcu_read_lock): two splats, one per site,
     * and the module loaded:
     *
     *   =============================
     *   WARNING: suspicious RCU usage
     *   6.1.192 #1 Tainted: G           O
     *   -----------------------------
     *   /tmp/realkernel/work/fid/src/rk_rcu.c:14 suspicious rcu_dereference_check() usage!
     *
     *   other info that might help us debug this:
     *
     *
     *   rcu_scheduler_active = 2, debug_locks = 1
     *   no locks held by insmod/42.
     *
     *   stack backtrace:
     *   CPU: 1 PID: 42 Comm: insmod Tainted: G           O       6.1.192 #1
     *   Call Trace:
     *    <TASK>
     *    dump_stack_lvl+0x4c/0x5f
     *    lockdep_rcu_suspicious+0x14d/0x17d
     *    rk_rcu_init+0x93/0x1000 [rk_rcu]
     */
    @Test
    void rcuDereferenceOutsideAReadSideSectionIsASuspiciousRcuUsageWarningOncePerSite() {
        String src = Lab.init(GLOBALS, """
                	struct lab_cfg *c = kzalloc(sizeof(*c), GFP_KERNEL);
                	struct lab_cfg *r;
                	int i;

                	if (!c)
                		return -ENOMEM;
                	c->v = 7;
                	rcu_assign_pointer(lab_cfg, c);
                	for (i = 0; i < 2; i++) {
                		r = rcu_dereference(lab_cfg); /* here */
                		pr_info("v %d", r->v);
                	}
                	kfree(c);
                """).source();
        RunResult r = Lab.driver(src).run("insmod lab\nlsmod");
        Report w = Lab.report(r);
        assertThat(w.kind()).isEqualTo("suspicious-rcu");
        assertThat(w.title()).isEqualTo("WARNING: suspicious RCU usage");
        assertThat(w.function()).isEqualTo("lab_init");
        int line = Lab.lineOf(src, "/* here */");
        assertThat(w.text())
                .contains(
                        "=============================\nWARNING: suspicious RCU usage\n",
                        "-----------------------------\nlab.c:" + line + " suspicious rcu_dereference_check() usage!\n",
                        "\nother info that might help us debug this:\n\n\nrcu_scheduler_active = 2, debug_locks = 1\n",
                        "no locks held by insmod/",
                        "stack backtrace:",
                        "lockdep_rcu_suspicious+",
                        "lab_init+");
        // a warning: the loop went on (twice through the same site, one splat), the module loaded, no taint
        assertThat(Lab.driverLog(r))
                .contains("v 7")
                .filteredOn(l -> l.equals("v 7"))
                .hasSize(2);
        assertThat(Lab.driverLog(r))
                .filteredOn(l -> l.equals("WARNING: suspicious RCU usage"))
                .hasSize(1);
        assertThat(r.output()).anyMatch(l -> l.startsWith("lab "));
        assertThat(Lab.driverLog(r)).noneMatch(l -> l.contains("end trace"));
    }

    @Test
    void rcuDereferenceProtectedChecksItsConditionLikeLockdepIsHeld() {
        RunResult held = init("""
                	rcu_assign_pointer(lab_cfg, c);
                	mutex_lock(&lab_mutex);
                	r = rcu_dereference_protected(lab_cfg, lockdep_is_held(&lab_mutex));
                	r = rcu_dereference_check(lab_cfg, lockdep_is_held(&lab_mutex));
                	mutex_unlock(&lab_mutex);
                	pr_info("v %d", r->v);
                	kfree(c);
                """);
        assertThat(held.reports()).isEmpty();
        assertThat(Lab.driverLog(held)).containsExactly("v 7");

        RunResult notHeld = init("""
                	rcu_assign_pointer(lab_cfg, c);
                	r = rcu_dereference_protected(lab_cfg, lockdep_is_held(&lab_mutex));
                	pr_info("v %d", r->v);
                	kfree(c);
                """);
        assertThat(Lab.report(notHeld).text()).contains("suspicious rcu_dereference_protected() usage!");
        assertThat(Lab.driverLog(notHeld)).contains("v 7");
    }

    @Test
    void theWarningListsTheLocksHeld() {
        RunResult r = init("""
                	rcu_assign_pointer(lab_cfg, c);
                	mutex_lock(&lab_mutex);
                	r = rcu_dereference(lab_cfg);
                	mutex_unlock(&lab_mutex);
                	kfree(c);
                """);
        assertThat(Lab.report(r).text())
                .containsPattern("1 lock held by insmod/\\d+:\n #0: ffff[0-9a-f]+ \\(lab_mutex\\)");
    }
}

package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The first report line a real 6.1 kernel (generic outline KASAN, lockdep, DEBUG_ATOMIC_SLEEP) prints: KASAN before
 * the fault it precedes, inline helpers folded into their caller, the file and line of the might_sleep() that
 * fired, and print_modules' rules. Checked against 6.1.192 in QEMU (the realkernel harness); what it printed is
 * quoted where it settles a rule.
 */
class ReportFidelityRulesTests {

    private static List<String> titles(RunResult r) {
        return r.reports().stream().map(Report::title).toList();
    }

    /*
     * Real 6.1.192 (rk_null.ko: reading o->b of a NULL struct pointer in init; gcc inlined the reader):
     *   ==================================================================
     *   BUG: KASAN: null-ptr-deref in rk_null_init+0x11/0x1000 [rk_null]
     *   Read of size 8 at addr 0000000000000008 by task insmod/48
     *
     *   CPU: 0 PID: 48 Comm: insmod Tainted: G        W  O       6.1.192 #1
     *   Call Trace:
     *    <TASK>
     *    dump_stack_lvl+0x4c/0x5f
     *    kasan_report+0x9c/0xbb
     *    ? rk_null_init+0x11/0x1000 [rk_null]
     *    rk_null_init+0x11/0x1000 [rk_null]
     *    do_one_initcall+0xe7/0x220
     *   ...
     *   ==================================================================
     *   BUG: kernel NULL pointer dereference, address: 0000000000000008
     *   #PF: supervisor read access in kernel mode
     *   #PF: error_code(0x0000) - not-present page
     *   ...
     *   CPU: 0 PID: 48 Comm: insmod Tainted: G    B   W  O       6.1.192 #1
     *   RIP: 0010:rk_null_init+0x11/0x1000 [rk_null]
     *   ...
     *   Call Trace:
     *    <TASK>
     *    do_one_initcall+0xe7/0x220
     *   ...
     *   Modules linked in: rk_null(O+) rk_copy(O) rk_mutex(O) [last unloaded: rk_rcu(O)]
     */
    @Test
    void aNullPointerLoadIsFirstKasanNullPtrDerefInTheFunctionThenTheNullPointerOops() {
        RunResult r = Lab.init("""
                struct lab_obj { long a; long b; };
                struct lab_obj *lab_ptr;

                static noinline long lab_read(struct lab_obj *o)
                {
                	return o->b;
                }
                """, "\tpr_info(\"%ld\", lab_read(lab_ptr));").run("insmod lab");
        assertThat(r.reports()).hasSize(2);
        Report kasan = r.reports().get(0);
        assertThat(kasan.kind()).isEqualTo("null-ptr-deref");
        assertThat(kasan.title())
                .startsWith("BUG: KASAN: null-ptr-deref in lab_read+0x")
                .endsWith(" [lab]");
        assertThat(kasan.function()).isEqualTo("lab_read");
        assertThat(kasan.text())
                .contains("Read of size 8 at addr 0000000000000008 by task insmod/")
                .containsPattern("\n <TASK>\n dump_stack_lvl\\+\\S+\n kasan_report\\+\\S+\n"
                        + " lab_read\\+\\S+ \\[lab\\]\n lab_init\\+")
                .doesNotContain("The buggy address belongs", "print_report");
        Report oops = r.reports().get(1);
        assertThat(oops.title()).isEqualTo("BUG: kernel NULL pointer dereference, address: 0000000000000008");
        // KASAN's end_report tainted the kernel (TAINT_BAD_PAGE) before the Oops
        assertThat(oops.text())
                .contains("RIP: 0010:lab_read+", "Tainted: G    B      O")
                .containsPattern("Call Trace:\n <TASK>\n lab_init\\+"); // the trace starts at RIP's caller
        List<String> d = r.dmesg();
        assertThat(d.indexOf("Disabling lock debugging due to kernel taint"))
                .isGreaterThan(d.indexOf(kasan.title()))
                .isLessThan(d.indexOf(oops.title()));
    }

    @Test
    void aNullPointerStoreIsAKasanWriteAndAUserSpaceAddressIsUserMemoryAccess() {
        RunResult store = Lab.init("", "\tint *p = NULL;\n\n\t*p = 1;").run("insmod lab");
        assertThat(titles(store)).hasSize(2);
        assertThat(store.reports().get(0).text()).contains("Write of size 4 at addr 0000000000000000");

        RunResult user = Lab.init("", "\tint *p = (int *)0x12345678UL;\n\n\tpr_info(\"%d\", *p);")
                .run("insmod lab");
        assertThat(titles(user)).hasSize(2);
        assertThat(user.reports().get(0).title()).startsWith("BUG: KASAN: user-memory-access in lab_init+");
        assertThat(user.reports().get(1).title())
                .isEqualTo("BUG: unable to handle page fault for address: 0000000012345678");
    }

    /*
     * Real 6.1.192 (rk_list.ko: a noinline rk_remove(it) doing list_del(&it->node), called twice):
     *   BUG: KASAN: wild-memory-access in rk_remove+0x2b/0x57 [rk_list]
     *   Write of size 8 at addr dead000000000108 by task insmod/49
     *   ...  dump_stack_lvl, kasan_report, rk_remove, rk_list_init
     *   general protection fault, probably for non-canonical address 0xdead000000000108: 0000 [#2] SMP KASAN
     *   RIP: 0010:rk_remove+0x2b/0x57 [rk_list]
     *   Call Trace: rk_list_init+0x81/0x1000 [rk_list] ...
     * ([#2]: the same boot had oopsed once before; that kernel has no CONFIG_PREEMPT, the lab's says PREEMPT.)
     * list_del and __list_del are static inline: neither names the report nor appears in the backtrace.
     */
    @Test
    void aSecondListDelIsKasanWildMemoryAccessInTheDriverFunctionThenAGeneralProtectionFault() {
        RunResult r = Lab.init("""
                struct lab_item { int v; struct list_head node; };
                static LIST_HEAD(lab_items);

                static noinline void lab_remove(struct lab_item *it)
                {
                	list_del(&it->node);
                }
                """, """
                	struct lab_item *it = kzalloc(sizeof(*it), GFP_KERNEL);

                	if (!it)
                		return -ENOMEM;
                	list_add(&it->node, &lab_items);
                	lab_remove(it);
                	lab_remove(it);
                """).run("insmod lab");
        assertThat(r.reports()).hasSize(2);
        Report kasan = r.reports().get(0);
        assertThat(kasan.title()).startsWith("BUG: KASAN: wild-memory-access in lab_remove+0x");
        assertThat(kasan.function()).isEqualTo("lab_remove");
        assertThat(kasan.text())
                .contains("Write of size 8 at addr dead000000000108 by task insmod/")
                .doesNotContain("__list_del", "list_del+");
        Report gp = r.reports().get(1);
        assertThat(gp.title())
                .isEqualTo("general protection fault, probably for non-canonical address"
                        + " 0xdead000000000108: 0000 [#1] PREEMPT SMP KASAN");
        assertThat(gp.text()).contains("RIP: 0010:lab_remove+").doesNotContain("__list_del");
    }

    @Test
    void aDriversOwnStaticInlineHelperIsFoldedIntoItsCallerInReportsAndAllocationTracks() {
        RunResult r = Lab.init("""
                static inline void *lab_alloc(void)
                {
                	return kmalloc(16, GFP_KERNEL);
                }

                static inline int lab_peek(char *p)
                {
                	return p[0];
                }
                """, """
                	char *p = lab_alloc();

                	kfree(p);
                	pr_info("%d", lab_peek(p));
                """).run("insmod lab");
        Report uaf = Lab.report(r);
        assertThat(uaf.title()).startsWith("BUG: KASAN: use-after-free in lab_init+");
        assertThat(uaf.function()).isEqualTo("lab_init");
        assertThat(uaf.text()).doesNotContain("lab_peek", "lab_alloc");
        // the step-through view still shows the inline function's own frame and statements
        assertThat(Lab.entered(r)).contains("lab_peek", "lab_alloc");
    }

    /*
     * Real 6.1.192 with lockdep (mutex_lock is mutex_lock_nested, whose __mutex_lock_common has the might_sleep()):
     *   BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580
     *   in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 44, name: insmod
     *   preempt_count: 1, expected: 0
     *   1 lock held by insmod/44:
     *    #0: ffffffffa0002018 (rk_lock){+.+.}-{2:2}, at: rk_mutex_init+0xc/0x1000 [rk_mutex]
     */
    @Test
    void mutexLockUnderASpinlockNamesTheMightSleepOfKernelLockingMutexC() {
        RunResult r = Lab.init("""
                static DEFINE_MUTEX(lab_mutex);
                static DEFINE_SPINLOCK(lab_lock);
                """, """
                	spin_lock(&lab_lock);
                	mutex_lock(&lab_mutex);
                	mutex_unlock(&lab_mutex);
                	spin_unlock(&lab_lock);
                """).run("insmod lab");
        Report report = Lab.report(r);
        assertThat(report.title())
                .isEqualTo("BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580");
        assertThat(report.text()).contains("__might_resched+", "mutex_lock+", "lab_init+");
    }

    /*
     * x86 has no INLINE_COPY_TO_USER: copy_to_user calls lib/usercopy.c's _copy_to_user, whose might_fault() runs.
     * Real 6.1.192: "BUG: sleeping function called from invalid context at lib/usercopy.c:36", backtrace
     * dump_stack_lvl, __might_resched, __might_fault, _copy_to_user, rk_copy_init.
     */
    @Test
    void copyToUserUnderASpinlockNamesLibUsercopyCThroughMightFault() {
        RunResult r = Lab.init("static DEFINE_SPINLOCK(lab_lock);\n", """
                	char buf[8] = "abc";
                	unsigned long left;

                	spin_lock(&lab_lock);
                	left = copy_to_user((void __user *)0x1000, buf, sizeof(buf));
                	spin_unlock(&lab_lock);
                	pr_info("left %lu", left);
                """).run("insmod lab");
        Report report = Lab.report(r);
        assertThat(report.title()).isEqualTo("BUG: sleeping function called from invalid context at lib/usercopy.c:36");
        assertThat(report.text()).contains("__might_fault+", "_copy_to_user+", "lab_init+");

        RunResult alloc = Lab.init("static DEFINE_SPINLOCK(lab_lock);\n", """
                	void *p;

                	spin_lock(&lab_lock);
                	p = kmalloc(32, GFP_KERNEL);
                	spin_unlock(&lab_lock);
                	kfree(p);
                """).run("insmod lab");
        assertThat(Lab.report(alloc).title())
                .isEqualTo("BUG: sleeping function called from invalid context at include/linux/sched/mm.h:274");
    }

    @Test
    void mightSleepInADriverNamesTheDriversFileAndLine() {
        String src = Lab.init("static DEFINE_SPINLOCK(lab_lock);\n", """
                	spin_lock(&lab_lock);
                	might_sleep(); /* here */
                	spin_unlock(&lab_lock);
                """).source();
        RunResult r = Lab.driver(src).run("insmod lab");
        assertThat(Lab.report(r).title())
                .isEqualTo(
                        "BUG: sleeping function called from invalid context at lab.c:" + Lab.lineOf(src, "/* here */"));
    }

    /*
     * kernel/module/main.c: print_modules skips UNFORMED, marks COMING "+" and GOING "-"; module_flags adds (O).
     * Real 6.1.192: "Modules linked in: rk_null(O+) rk_copy(O) rk_mutex(O) [last unloaded: rk_rcu(O)]" (rk_fail,
     * whose init failed before, is not "last unloaded").
     */
    @Test
    void modulesLinkedInMarksAModuleStillInItsInitWithAPlus() {
        RunResult r = Lab.init("", "\tint *p = (int *)0x10UL;\n\n\t*p = 1;").run("insmod lab");
        assertThat(r.reports().get(1).text()).contains("Modules linked in: lab(O+)\n");
    }

    /*
     * last_unloaded_module is written by delete_module only, with the module's taints: an init that failed frees the
     * module without making it "last unloaded".
     */
    @Test
    void lastUnloadedNamesOnlyAModuleThatRmmodRemovedWithItsTaints() {
        Lab lab = Lab.module("""
                static int fail;
                module_param(fail, int, 0);
                static int crash;
                module_param(crash, int, 0);
                """, """
                	int *p = (int *)0x10UL;

                	if (fail)
                		return -ENODEV;
                	if (crash)
                		*p = 1;
                	return 0;
                """, "");
        RunResult failedInit = lab.run("insmod lab fail=1\ninsmod lab crash=1");
        assertThat(failedInit.output()).anyMatch(l -> l.startsWith("insmod: ERROR: could not insert module lab.ko"));
        assertThat(failedInit.reports().get(1).text())
                .contains("Modules linked in: lab(O+)\n")
                .doesNotContain("last unloaded");

        RunResult removed = lab.run("insmod lab\nrmmod lab\ninsmod lab crash=1");
        assertThat(removed.reports().get(1).text()).contains("Modules linked in: lab(O+) [last unloaded: lab(O)]\n");
    }

    /*
     * arch/x86/kernel/dumpstack.c prints only addresses __kernel_text_address accepts: after rmmod the module's text
     * is no kernel text, so its frames are left out of the backtrace; RIP is the bare address.
     */
    @Test
    void framesInAnUnloadedModulesTextAreLeftOutOfTheBacktrace() {
        RunResult r = Lab.module("""
                static struct task_struct *lab_thread;

                static int lab_fn(void *data)
                {
                	while (1)
                		msleep(100);
                	return 0;
                }
                """, """
                	lab_thread = kthread_run(lab_fn, NULL, "lab_thread");
                	return 0;
                """, "").run("insmod lab\nrmmod lab\ntick 100");
        Report oops = Lab.report(r);
        assertThat(oops.title()).startsWith("BUG: unable to handle page fault for address: ffffffffc");
        assertThat(oops.text())
                .contains(
                        "#PF: supervisor instruction fetch in kernel mode",
                        "RIP: 0010:0xffffffffc",
                        "Modules linked in: [last unloaded: lab(O)]")
                .doesNotContain("lab_fn", "[lab]");
    }
}

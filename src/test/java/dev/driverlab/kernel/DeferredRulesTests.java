package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.event;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static dev.driverlab.kernel.Lab.last;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Work and timers" and "RCU" (kernel/workqueue.c, kernel/time/timer.c, kernel/rcu/tree.c,
 * Documentation/RCU): queueing, cancelling and flushing work, timer expiry and re-arming, grace periods.
 */
class DeferredRulesTests {

    private static final String WORK = """
            static struct work_struct w;
            static int runs;

            static void work_fn(struct work_struct *work)
            {
                runs++;
                pr_info("work ran %d", runs);
            }
            """;

    @Test
    void scheduleWorkReturnsFalseWhilePendingAndTheItemRunsOnceInAKworker() {
        RunResult r = Lab.module(WORK, """
                    INIT_WORK(&w, work_fn);
                    pr_info("first %d", schedule_work(&w));
                    pr_info("second %d", schedule_work(&w));
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("first 1", "second 0", "work ran 1");
        assertThat(events(r, "work-queue")).hasSize(1);
        assertThat(events(r, "work-start")).extracting(TraceEvent::context).containsExactly("kworker/0");
        assertThat(events(r, "enter", "work_fn"))
                .extracting(TraceEvent::context)
                .containsExactly("kworker/0");
        assertThat(first(r, "work-start", "kworker/0")).isGreaterThan(first(r, "context-exit", "insmod"));
    }

    @Test
    void cancelWorkSyncRemovesAPendingItemButALaterScheduleWorkQueuesItAgain() {
        RunResult r = Lab.module(WORK, """
                    INIT_WORK(&w, work_fn);
                    schedule_work(&w);
                    pr_info("cancelled %d", cancel_work_sync(&w));
                    pr_info("cancel again %d", cancel_work_sync(&w));
                    pr_info("queued again %d", schedule_work(&w));
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("cancelled 1", "cancel again 0", "queued again 1", "work ran 1");
        assertThat(events(r, "work-queue")).hasSize(2);
        assertThat(events(r, "work-start")).hasSize(1);
    }

    @Test
    void cancelWorkSyncWaitsForARunningItemToFinish() {
        Lab lab = Lab.module(WORK, """
                    INIT_WORK(&w, work_fn);
                    schedule_work(&w);
                    return 0;
                """, """
                    pr_info("cancel %d", cancel_work_sync(&w));
                    pr_info("exit runs %d", runs);
                """);
        RunResult waiting = lab.run("break work_fn\ninsmod lab\nrmmod lab");
        assertThat(context(waiting, "kworker/0").status()).isEqualTo("paused");
        assertThat(context(waiting, "rmmod").status()).isEqualTo("blocked");
        assertThat(context(waiting, "rmmod").waitingOn()).contains("to finish");

        RunResult r = lab.run("break work_fn\ninsmod lab\nrmmod lab\ncontinue kworker/0");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("work ran 1", "cancel 0", "exit runs 1");
        assertThat(first(r, "work-finish", "kworker/0")).isLessThan(last(r, "woken", "rmmod"));
    }

    @Test
    void flushWorkWaitsUntilTheQueuedItemHasRun() {
        RunResult r = Lab.module(WORK, """
                    INIT_WORK(&w, work_fn);
                    schedule_work(&w);
                    flush_work(&w);
                    pr_info("flushed, runs %d", runs);
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("work ran 1", "flushed, runs 1");
        assertThat(first(r, "work-finish", "kworker/0")).isLessThan(first(r, "dmesg", "flushed"));
    }

    private static final String TIMER = """
            static struct timer_list t;
            static int fires;

            static void tfn(struct timer_list *tl)
            {
                fires++;
                pr_info("fire %d at %lu", fires, jiffies);
                if (fires < REARMS)
                    mod_timer(&t, jiffies + 10);
            }
            """;

    /** The jiffies value of the last tick event before {@code seq}. */
    private static long jiffiesAt(RunResult r, long seq) {
        List<TraceEvent> ticks = events(r, e -> e.kind().equals("tick") && e.seq() < seq);
        if (ticks.isEmpty()) throw new AssertionError("no tick before " + seq);
        return ticks.get(ticks.size() - 1).from();
    }

    @Test
    void aTimerFiresOnTheTickThatReachesItsExpiryInTheTimerSoftirq() {
        RunResult r = Lab.module("#define REARMS 1\n" + TIMER, """
                    timer_setup(&t, tfn, 0);
                    pr_info("armed at %lu", jiffies);
                    mod_timer(&t, jiffies + 10);
                    return 0;
                """, "\tdel_timer_sync(&t);")
                .run("insmod lab\ntick 9\nlsmod\ntick");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(events(r, e -> e.kind().equals("timer-fire") && e.seq() < first(r, "command", "lsmod")))
                .as("not before its expiry")
                .isEmpty();
        List<TraceEvent> fired = events(r, "timer-fire");
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).context()).isEqualTo("softirq0");
        long armedAt = Long.parseLong(Lab.driverLog(r).get(0).substring("armed at ".length()));
        assertThat(jiffiesAt(r, fired.get(0).seq())).isEqualTo(armedAt + 10);
        assertThat(Lab.driverLog(r)).containsExactly("armed at " + armedAt, "fire 1 at " + (armedAt + 10));
    }

    @Test
    void modTimerOnAPendingTimerMovesItAndACallbackThatReArmsFiresAgain() {
        RunResult pending = Lab.module("#define REARMS 1\n" + TIMER, """
                    timer_setup(&t, tfn, 0);
                    pr_info("first %d", mod_timer(&t, jiffies + 10));
                    pr_info("moved %d", mod_timer(&t, jiffies + 20));
                    return 0;
                """, "").run("insmod lab\ntick 40");
        assertThat(Lab.driverLog(pending)).startsWith("first 0", "moved 1");
        assertThat(events(pending, "timer-fire")).hasSize(1);

        RunResult r = Lab.module("#define REARMS 3\n" + TIMER, """
                    timer_setup(&t, tfn, 0);
                    mod_timer(&t, jiffies + 10);
                    return 0;
                """, "").run("insmod lab\ntick 50");
        List<TraceEvent> fired = events(r, "timer-fire");
        assertThat(fired).hasSize(3);
        long first = jiffiesAt(r, fired.get(0).seq());
        assertThat(fired).extracting(e -> jiffiesAt(r, e.seq())).containsExactly(first, first + 10, first + 20);
        assertThat(events(r, "timer-arm")).hasSize(3);
    }

    /** A timer armed from the IRQ handler (on CPU 1, where `irq 17` runs), stopped in remove by {@code STOP}. */
    private static String irqTimer(String stop) {
        return irqTimer("\tpr_info(\"timer done\");\n", stop + "\tpr_info(\"remove done\");\n");
    }

    /** The same, its callback going on with {@code callback} after "timer runs", remove ending with {@code stop}. */
    private static String irqTimer(String callback, String stop) {
        return Lab.platformDriver("""
                static struct timer_list t;

                static void tfn(struct timer_list *tl)
                {
                	pr_info("timer runs");
                """ + callback + """
                }

                static irqreturn_t lab_irq(int irq, void *dev_id)
                {
                	mod_timer(&t, jiffies + 1);
                	return IRQ_HANDLED;
                }
                """, """
                	timer_setup(&t, tfn, 0);
                	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), lab_irq, 0, "lab", pdev);
                """, stop + """
                	return 0;
                """);
    }

    @Test
    void delTimerSyncWaitsForARunningCallback() {
        String src = irqTimer("\tdel_timer_sync(&t);\n");
        String script = "insmod lab\nirq 17\nbreak " + Lab.lineOf(src, "timer done") + "\ntick 2\nunbind my_device";
        RunResult waiting = Lab.driver(src).device("my_device", 17).run(script);
        assertThat(context(waiting, "softirq1").status()).isEqualTo("paused");
        assertThat(context(waiting, "unbind").status()).isEqualTo("blocked");
        assertThat(context(waiting, "unbind").waitingOn()).contains("del_timer_sync");

        RunResult r = Lab.driver(src).device("my_device", 17).run(script + "\ncontinue softirq1");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("timer runs", "timer done", "remove done");
        assertThat(first(r, "return", "tfn")).isLessThan(last(r, "woken", "unbind"));
    }

    /**
     * 6.1's del_timer_sync() detaches the timer only once its callback is not running (try_to_del_timer_sync() says
     * -1 while it runs, and it waits and tries again): a callback that re-arms its own timer while remove() waits
     * leaves nothing armed behind it.
     */
    @Test
    void delTimerSyncDetachesTheTimerARunningCallbackReArms() {
        String src = irqTimer(
                "\tmod_timer(&t, jiffies + 100);\n\tpr_info(\"timer done\");\n",
                "\tdel_timer_sync(&t);\n\tpr_info(\"pending %d\", timer_pending(&t));\n");
        String script = "insmod lab\nirq 17\nbreak " + Lab.lineOf(src, "jiffies + 100")
                + "\ntick 1\nunbind my_device\ncontinue softirq1\ntick 200";
        RunResult r = Lab.driver(src).device("my_device", 17).run(script);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("timer runs", "timer done", "pending 0");
        assertThat(events(r, "timer-fire")).hasSize(1);
    }

    @Test
    void delTimerSyncCannotStopReArmingButTimerShutdownSyncTurnsItIntoANoOp() {
        String rearm = "\n\tpr_info(\"re-armed %d\", mod_timer(&t, jiffies + 5));\n";
        RunResult deleted = Lab.module("#define REARMS 1\n" + TIMER, """
                    timer_setup(&t, tfn, 0);
                    mod_timer(&t, jiffies + 10);
                    return 0;
                """, "\tdel_timer_sync(&t);" + rearm)
                .run("insmod lab\nrmmod lab\ntick 20");
        assertThat(Lab.driverLog(deleted)).startsWith("re-armed 0");
        assertThat(Lab.report(deleted).kind())
                .as("the timer fired into the unloaded module")
                .isEqualTo("oops");

        RunResult r = Lab.module("#define REARMS 1\n" + TIMER, """
                    timer_setup(&t, tfn, 0);
                    mod_timer(&t, jiffies + 10);
                    return 0;
                """, "\ttimer_shutdown_sync(&t);" + rearm)
                .run("insmod lab\nrmmod lab\ntick 20");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("re-armed 0");
        assertThat(events(r, "timer-arm")).hasSize(1);
        assertThat(events(r, "timer-fire")).isEmpty();
    }

    private static final String RCU = """
            struct foo {
                int a;
                struct rcu_head rcu;
            };

            static void foo_reclaim(struct rcu_head *rp)
            {
                struct foo *fp = container_of(rp, struct foo, rcu);

                pr_info("reclaim %d", fp->a);
                kfree(fp);
            }

            static struct foo *queue(int a)
            {
                struct foo *f = kzalloc(sizeof(*f), GFP_KERNEL);

                f->a = a;
                call_rcu(&f->rcu, foo_reclaim);
                return f;
            }
            """;

    @Test
    void callRcuRunsTheCallbackOnlyAfterAGracePeriodInTheRcuSoftirq() {
        RunResult r = Lab.module(RCU, "\tqueue(1);\n\treturn 0;", "").run("insmod lab\nlsmod\ngrace-period");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(events(r, "rcu-queue")).hasSize(1);
        long gp = first(r, "grace-period", "");
        assertThat(first(r, "command", "grace-period")).isLessThan(gp);
        List<TraceEvent> invoked = events(r, "rcu-invoke");
        assertThat(invoked).hasSize(1);
        assertThat(invoked.get(0).seq()).isGreaterThan(gp);
        assertThat(invoked.get(0).context()).isEqualTo("softirq0");
        assertThat(events(r, "enter", "foo_reclaim"))
                .extracting(TraceEvent::context)
                .containsExactly("softirq0");
        assertThat(Lab.driverLog(r)).containsExactly("reclaim 1");
    }

    @Test
    void synchronizeRcuWaitsForAGracePeriodWhichCompletesByItselfWhenNothingElseCanRun() {
        RunResult r = Lab.module("", """
                    synchronize_rcu();
                    pr_info("synchronized");
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        long blocked = first(r, "blocked", "insmod");
        assertThat(event(r, blocked).text()).contains("synchronize_rcu");
        long gp = first(r, "grace-period", "");
        assertThat(gp).isGreaterThan(blocked).isLessThan(first(r, "dmesg", "synchronized"));
        assertThat(Lab.driverLog(r)).containsExactly("synchronized");
    }

    @Test
    void rcuBarrierWaitsUntilTheQueuedCallbacksHaveRun() {
        RunResult r = Lab.module(RCU, """
                    queue(1);
                    queue(2);
                    rcu_barrier();
                    pr_info("barrier done");
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("reclaim 1", "reclaim 2", "barrier done");
        assertThat(last(r, "rcu-invoke", "softirq0")).isLessThan(first(r, "dmesg", "barrier done"));
    }

    @Test
    void aCallbackIntoAnUnloadedModuleIsAnOops() {
        RunResult r = Lab.module(RCU, "\tqueue(42);\n\treturn 0;", "\tpr_info(\"exit\");")
                .run("insmod lab\nrmmod lab\ngrace-period");
        Report report = Lab.report(r);
        assertThat(report.kind()).as(describe(r)).isEqualTo("oops");
        assertThat(report.title()).startsWith("BUG: unable to handle page fault for address: ");
        assertThat(report.text())
                .contains("#PF: supervisor instruction fetch in kernel mode")
                .contains("[last unloaded: lab(O)]")
                .contains("rcu_core");
        assertThat(report.context()).isEqualTo("softirq0");
        assertThat(report.seq()).isGreaterThan(first(r, "grace-period", ""));
    }

    @Test
    void kfreeRcuFreesTheObjectAfterAGracePeriod() {
        RunResult r = Lab.module(RCU.substring(0, RCU.indexOf("static void foo_reclaim")), """
                    struct foo *f = kzalloc(sizeof(*f), GFP_KERNEL);

                    kfree_rcu(f, rcu);
                    return 0;
                """, "")
                .run("insmod lab\nlsmod\ngrace-period");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        long gp = first(r, "grace-period", "");
        List<TraceEvent> frees = events(r, e -> e.kind().equals("free") && "kfree".equals(e.text()));
        assertThat(frees).hasSize(1);
        assertThat(frees.get(0).seq()).isGreaterThan(gp);
        assertThat(frees.get(0).context()).isEqualTo("softirq0");
        assertThat(r.state().objects())
                .filteredOn(o -> "struct foo".equals(o.type()))
                .singleElement()
                .matches(o -> !o.live());
    }

    private static TraceEvent event(RunResult r, long seq) {
        return Lab.event(r, seq);
    }

    private static final String QUEUES = """
            static struct work_struct w1, w2;
            static struct timer_list t;
            static struct foo *kept;

            static void work_fn(struct work_struct *work)
            {
                pr_info("work ran");
            }

            static void tfn(struct timer_list *tl)
            {
                pr_info("timer ran");
            }
            """;

    @Test
    void theStateViewListsWhatTheKernelsQueuesHoldInTheOrderItWasQueued() {
        Lab lab = Lab.module(RCU + QUEUES, """
                    INIT_WORK(&w1, work_fn);
                    INIT_WORK(&w2, work_fn);
                    timer_setup(&t, tfn, 0);
                    mod_timer(&t, jiffies + 100);
                    kept = queue(1);
                    schedule_work(&w1);
                    schedule_work(&w2);
                    return 0;
                """, "	del_timer_sync(&t);");
        // w1 runs in kworker/0 (paused at its function): taken off the pool's list; w2 waits behind it
        RunResult r = lab.run("break work_fn\ninsmod lab");
        assertThat(r.state().deferred())
                .extracting(StateView.DeferredView::kind)
                .containsExactly("timer", "rcu", "work");
        StateView.DeferredView timer = r.state().deferred().get(0);
        assertThat(timer.label())
                .isEqualTo("timer t expires at jiffies " + event(r, timer.seq()).to());
        assertThat(timer.seq()).isEqualTo(first(r, "timer-arm", ""));
        assertThat(timer.since()).isEqualTo(event(r, timer.seq()).step());
        // each as its tracepoint named it when it was queued
        for (StateView.DeferredView d : r.state().deferred()) {
            assertThat(d.label()).isEqualTo(event(r, d.seq()).text());
        }
        assertThat(r.state().deferred().get(1).label()).startsWith("call_rcu foo_reclaim");
        assertThat(r.state().deferred().get(1).object()).isNotNull();
        assertThat(r.state().deferred().get(2).label()).isEqualTo("work w2");
        assertThat(r.state().deferred().get(2).seq()).isEqualTo(last(r, "work-queue", ""));

        RunResult later = lab.run("break work_fn\ninsmod lab\ncontinue kworker/0\ncontinue kworker/0\ngrace-period");
        assertThat(Lab.driverLog(later)).containsExactly("work ran", "work ran", "reclaim 1");
        assertThat(later.state().deferred())
                .extracting(StateView.DeferredView::kind)
                .containsExactly("timer");
        assertThat(lab.run("insmod lab\ngrace-period\ntick 100").state().deferred())
                .isEmpty();
    }
}

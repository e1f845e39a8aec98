package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static dev.driverlab.kernel.Lab.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Work and timers" (kernel/workqueue.c, include/linux/workqueue.h of 6.1): named workqueues
 * on worker pools, flush and drain, destroy, delayed work on a workqueue, and the worker's line in a report.
 */
class WorkqueueRulesTests {

    private static final String DECLS = """
            static struct workqueue_struct *wq;
            static struct work_struct w1, w2;
            static int runs;

            static void work_fn(struct work_struct *work)
            {
                runs++;
                pr_info("%s ran in %s", work == &w1 ? "w1" : "w2", current->comm);
            }
            """;

    private static Lab lab(String init, String exit) {
        return Lab.module(DECLS, init, exit).cpus(2);
    }

    @Test
    void anUnboundWorkqueueRunsOnTheUnboundPoolsWorkerAndAPerCpuOneOnTheCpusWorker() {
        RunResult r = lab("""
                    struct workqueue_struct *percpu = create_workqueue("lab_percpu");
                    struct workqueue_struct *high = alloc_workqueue("lab_%s", WQ_HIGHPRI, 0, "high");

                    wq = alloc_workqueue("lab_unbound", WQ_UNBOUND, 0);
                    INIT_WORK(&w1, work_fn);
                    INIT_WORK(&w2, work_fn);
                    queue_work(wq, &w1);
                    queue_work(percpu, &w2);
                    flush_workqueue(wq);
                    flush_workqueue(percpu);
                    queue_work(high, &w2);
                    flush_workqueue(high);
                    destroy_workqueue(percpu);
                    destroy_workqueue(high);
                    return 0;
                """, "destroy_workqueue(wq);").run("insmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsExactly("w1 ran in kworker/u4:1", "w2 ran in kworker/0:1", "w2 ran in kworker/0:1H");
        assertThat(events(r, "enter", "work_fn"))
                .extracting(TraceEvent::context)
                .containsExactly("kworker/u4", "kworker/0", "kworker/0H");
    }

    @Test
    void createSingleThreadAndOrderedWorkqueuesAreUnboundOrderedAndLegacyAsTheMacrosSay() {
        RunResult r = lab("""
                    struct workqueue_struct *st = create_singlethread_workqueue("lab_st");
                    struct workqueue_struct *ord = alloc_ordered_workqueue("lab_%d", WQ_HIGHPRI, 7);
                    struct workqueue_struct *legacy = create_workqueue("lab_legacy");

                    pr_info("%s %x", st->name, st->flags);
                    pr_info("%s %x", ord->name, ord->flags);
                    pr_info("%s %x %d", legacy->name, legacy->flags, legacy->saved_max_active);
                    destroy_workqueue(st);
                    destroy_workqueue(ord);
                    destroy_workqueue(legacy);
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "lab_st " + Integer.toHexString(0x2 | 0x20000 | 0x80000 | 0x40000 | 0x8),
                        "lab_7 " + Integer.toHexString(0x2 | 0x20000 | 0x80000 | 0x10),
                        "lab_legacy 40008 1");
    }

    @Test
    void anOutOfRangeMaxActiveIsClampedWithTheKernelsWarning() {
        RunResult r = lab("""
                    wq = alloc_workqueue("lab_big", 0, 1000);
                    pr_info("max %d", wq->saved_max_active);
                    destroy_workqueue(wq);
                    return 0;
                """, "").run("insmod lab");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "workqueue: max_active 1000 requested for lab_big is out of range, clamping between 1 and 512",
                        "max 512");
    }

    @Test
    void flushWorkqueueWaitsOnlyForItsOwnQueuesWork() {
        RunResult r = lab("""
                    wq = alloc_workqueue("lab_wq", WQ_UNBOUND, 0);
                    INIT_WORK(&w1, work_fn);
                    INIT_WORK(&w2, work_fn);
                    schedule_work(&w2);
                    queue_work(wq, &w1);
                    flush_workqueue(wq);
                    pr_info("flushed, runs %d", runs);
                    return 0;
                """, "flush_scheduled_work();\ndestroy_workqueue(wq);")
                .run("break work_fn\ninsmod lab\ncontinue kworker/u4");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(context(r, "kworker/0").status()).isEqualTo("paused"); // w2 on events, held at the breakpoint
        assertThat(Lab.driverLog(r)).containsExactly("w1 ran in kworker/u4:1", "flushed, runs 1");
    }

    private static final String CHAIN = """
            static struct workqueue_struct *wq;
            static struct work_struct w;
            static int runs;

            static void chain_fn(struct work_struct *work)
            {
                runs++;
                if (runs < 3)
                    queue_work(wq, &w);
            }
            """;

    @Test
    void flushWorkqueueWaitsForWhatWasQueuedBeforeItButDestroyDrainsChainedWork() {
        RunResult r = Lab.module(CHAIN, """
                    wq = alloc_workqueue("lab_wq", 0, 0);
                    INIT_WORK(&w, chain_fn);
                    queue_work(wq, &w);
                    flush_workqueue(wq);
                    pr_info("flushed, runs %d", runs);
                    destroy_workqueue(wq);
                    pr_info("destroyed, runs %d", runs);
                    return 0;
                """, "").cpus(2).run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("flushed, runs 1", "destroyed, runs 3");
    }

    @Test
    void aWorkItemQueuedOnAWorkqueueThatIsDrainingByAnotherContextWarnsOnce() {
        RunResult r =
                Lab.module("""
                    static struct workqueue_struct *wq;
                    static struct work_struct w1, w2, w3;

                    static void slow_fn(struct work_struct *work) { }
                    static void late_fn(struct work_struct *work) { pr_info("late ran"); }
                    static void queuer_fn(struct work_struct *work)
                    {
                        pr_info("queued %d", queue_work(wq, &w3));
                    }
                    """, """
                    wq = alloc_workqueue("lab_wq", WQ_UNBOUND, 0);
                    INIT_WORK(&w1, slow_fn);
                    INIT_WORK(&w2, queuer_fn);
                    INIT_WORK(&w3, late_fn);
                    queue_work(wq, &w1);
                    return 0;
                """, """
                    schedule_work(&w2);
                    destroy_workqueue(wq);
                    pr_info("destroyed, w3 pending %d", work_pending(&w3));
                """).cpus(2).run("break slow_fn\ninsmod lab\nrmmod lab\ncontinue kworker/u4");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .contains("------------[ cut here ]------------", "queued 1", "destroyed, w3 pending 1");
        assertThat(Lab.driverLog(r))
                .anyMatch(l -> l.startsWith("WARNING: CPU: 0 PID: ")
                        && l.contains(" at kernel/workqueue.c:")
                        && l.contains("__queue_work+"));
        assertThat(Lab.driverLog(r)).doesNotContain("late ran");
        assertThat(first(r, "dmesg", "queued 1")).isLessThan(first(r, "dmesg", "destroyed"));
    }

    @Test
    void queueWorkOnADestroyedWorkqueueAfterTheGracePeriodIsAUseAfterFree() {
        RunResult r = lab("""
                    wq = alloc_workqueue("lab_wq", 0, 0);
                    INIT_WORK(&w1, work_fn);
                    destroy_workqueue(wq);
                    return 0;
                """, "queue_work(wq, &w1);").run("insmod lab\ngrace-period\nrmmod lab");
        assertThat(report(r).title()).startsWith("BUG: KASAN: use-after-free in __queue_work+");
        assertThat(report(r).text()).contains("rcu_free_wq");
    }

    @Test
    void aReportFromAWorkerNamesItsWorkqueueAndFunction() {
        RunResult r = Lab.module("""
                    static struct workqueue_struct *wq;
                    static struct work_struct w;
                    static int *nothing;

                    static void crash_fn(struct work_struct *work)
                    {
                        *nothing = 1;
                    }
                    """, """
                    wq = alloc_workqueue("lab_wq", WQ_UNBOUND, 0);
                    INIT_WORK(&w, crash_fn);
                    queue_work(wq, &w);
                    return 0;
                """, "").cpus(2).run("insmod lab");
        assertThat(Lab.faultAfterKasan(r).text())
                .contains(" Comm: kworker/u4:1 ")
                .contains("\nWorkqueue: lab_wq crash_fn [lab]\nRIP: 0010:crash_fn+");
    }

    @Test
    void delayedWorkOnANamedQueueRunsAfterItsDelayAndModDelayedWorkMovesIt() {
        RunResult r = Lab.module("""
                    static void dw_fn(struct work_struct *work)
                    {
                        pr_info("ran at %lu in %s", jiffies, current->comm);
                    }
                    static struct workqueue_struct *wq;
                    static DECLARE_DELAYED_WORK(dw, dw_fn);
                    """, """
                    wq = alloc_ordered_workqueue("lab_ord", 0);
                    pr_info("queued %d", queue_delayed_work(wq, &dw, 10));
                    pr_info("again %d", queue_delayed_work(wq, &dw, 10));
                    pr_info("mod %d", mod_delayed_work(wq, &dw, 20));
                    return 0;
                """, "cancel_delayed_work_sync(&dw);\ndestroy_workqueue(wq);")
                .cpus(2)
                .run("insmod lab\ntick 15\ntick 10\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).hasSize(4);
        assertThat(Lab.driverLog(r).subList(0, 3)).containsExactly("queued 1", "again 0", "mod 1");
        assertThat(Lab.driverLog(r).get(3)).matches("ran at \\d+ in kworker/u4:1");
        long start = events(r, "timer-arm").get(0).seq();
        assertThat(events(r, "timer-fire")).hasSize(1);
        assertThat(start).isPositive();
    }

    @Test
    void cancelDelayedWorkStopsTheTimerAndClearsPendingAndFlushDelayedWorkRunsItNow() {
        RunResult r = Lab.module("""
                    static int runs;
                    static void dw_fn(struct work_struct *work)
                    {
                        runs++;
                    }
                    static DECLARE_DELAYED_WORK(dw, dw_fn);
                    """, """
                    schedule_delayed_work(&dw, 100);
                    pr_info("cancel %d pending %d", cancel_delayed_work(&dw), delayed_work_pending(&dw));
                    pr_info("cancel again %d", cancel_delayed_work(&dw));
                    pr_info("queued %d", schedule_delayed_work(&dw, 100));
                    flush_delayed_work(&dw);
                    pr_info("flushed, runs %d pending %d", runs, delayed_work_pending(&dw));
                    return 0;
                """, "").cpus(2).run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsExactly("cancel 1 pending 0", "cancel again 0", "queued 1", "flushed, runs 1 pending 0");
    }

    @Test
    void prepareToWaitSleepsUntilAWakeUpAndFinishWaitLeavesTheQueue() {
        RunResult r = Lab.module("""
                    static DECLARE_WAIT_QUEUE_HEAD(q);
                    static struct work_struct w;

                    static void waker_fn(struct work_struct *work)
                    {
                        pr_info("waking");
                        wake_up_interruptible(&q);
                    }
                    """, """
                    DEFINE_WAIT(wait);

                    INIT_WORK(&w, waker_fn);
                    prepare_to_wait(&q, &wait, TASK_INTERRUPTIBLE);
                    schedule_work(&w);
                    schedule();
                    finish_wait(&q, &wait);
                    pr_info("woken");
                    return 0;
                """, "").cpus(2).run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("waking", "woken");
        assertThat(events(r, "enter", "autoremove_wake_function")).hasSize(1);
    }
}

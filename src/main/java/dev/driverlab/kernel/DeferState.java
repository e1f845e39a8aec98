package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Deferred work as data: queued work items per CPU, armed timers, RCU callbacks and grace periods. */
public final class DeferState {
    /** A queued work item: its workqueue and the order it was queued in (flush_workqueue waits for earlier ones). */
    record Work(long work, long wq, long seq) {}

    /** A work item a worker has taken: who runs it, for which workqueue (its name) and function. */
    public record Running(int ctx, long wq, long seq, String wqName, long func) {}

    record Timer(long expires, int cpu, long seq) {}

    /** A queued RCU callback: ready once grace period {@code gp} has completed. */
    record Callback(long head, long func, int cpu, long gp, long seq, boolean running) {}

    final CowMap<Integer, List<Work>> work = CowMap.sorted(ArrayList::new); // worker pool -> its queued items
    final CowMap<Long, Running> runningWork = CowMap.sorted(); // work -> the worker running it
    final CowMap<Long, String> workqueues = CowMap.sorted();
    final CowMap<Integer, Integer> unboundCpu = CowMap.sorted(); // unbound pool -> the CPU its worker starts on
    final CowMap<Integer, Long> flushWaits = CowMap.sorted(); // ctx -> work queued before its flush_workqueue
    long workSeq;
    final CowMap<Long, Timer> timers = CowMap.linked(null);
    final CowMap<Long, Integer> runningTimers = CowMap.sorted();
    final CowList<Callback> callbacks = new CowList<>();
    long timerSeq;
    long completedGp;
    boolean gpInProgress;
    long rcuSeq;
    final CowMap<Integer, Long> gpWaits = CowMap.sorted(); // ctx -> grace period it waits for
    /**
     * The tasklets with TASKLET_STATE_SCHED set, in the order they were scheduled: on a CPU's tasklet_vec, or on the
     * list a running tasklet_action took from it, until it clears the bit to run them (or tasklet_kill does). Kept
     * here because that list is a local variable of kernel C; immutable, so a copy shares it. Not part of the
     * fingerprint: the bit in the tasklet's memory is.
     */
    private List<Long> scheduledTasklets = List.of();

    DeferState copy() {
        DeferState c = new DeferState();
        c.work.shareFrom(work);
        c.runningWork.shareFrom(runningWork);
        c.workqueues.shareFrom(workqueues);
        c.unboundCpu.shareFrom(unboundCpu);
        c.flushWaits.shareFrom(flushWaits);
        c.workSeq = workSeq;
        c.timers.shareFrom(timers);
        c.runningTimers.shareFrom(runningTimers);
        c.callbacks.shareFrom(callbacks);
        c.timerSeq = timerSeq;
        c.completedGp = completedGp;
        c.gpInProgress = gpInProgress;
        c.rcuSeq = rcuSeq;
        c.gpWaits.shareFrom(gpWaits);
        c.scheduledTasklets = scheduledTasklets;
        return c;
    }

    boolean workPending(long w) {
        for (List<Work> q : work.values()) for (Work x : q) if (x.work() == w) return true;
        return false;
    }

    /**
     * Worker pools as kernel/workqueue.c numbers them: two per CPU (pool 2C normal, 2C + 1 highpri, nice -20), then
     * the unbound pools created on demand (the first, for nice 0, has id 2 * cpus; the highpri one comes next).
     */
    public static int cpuPool(int cpu, boolean highpri) {
        return 2 * cpu + (highpri ? 1 : 0);
    }

    public static int unboundPool(int cpus, boolean highpri) {
        return 2 * cpus + (highpri ? 1 : 0);
    }

    /** create_worker's task name for the first worker of a pool: kworker/C:1, kworker/C:1H or kworker/uN:1. */
    public static String workerComm(int pool, int cpus) {
        if (pool < 2 * cpus) return "kworker/" + pool / 2 + ":1" + (pool % 2 == 1 ? "H" : "");
        return "kworker/u" + pool + ":1";
    }

    /** The context that stands for a pool's workers: kworker/C (as before pools), kworker/CH or kworker/uN. */
    public static String workerName(int pool, int cpus) {
        if (pool < 2 * cpus) return "kworker/" + pool / 2 + (pool % 2 == 1 ? "H" : "");
        return "kworker/u" + pool;
    }

    /** The CPU a pool's worker runs on: its own for a CPU pool, where the work was queued for an unbound one. */
    public int workerCpu(int pool, int cpus) {
        return pool < 2 * cpus ? pool / 2 : unboundCpu.getOrDefault(pool, 0);
    }

    /** The pool whose worker context is named {@code name}, or -1. */
    public static int poolOfWorker(String name, int cpus) {
        for (int p = 0; p < 2 * cpus + 2; p++) if (workerName(p, cpus).equals(name)) return p;
        return -1;
    }

    /** The work item a context's worker is running (print_worker_info's current_func and workqueue), or null. */
    public Running runningIn(int ctx) {
        for (Running r : runningWork.values()) if (r.ctx() == ctx) return r;
        return null;
    }

    /** Completes a grace period: callbacks it covers become ready; returns the CPUs that now have ready ones. */
    public List<Integer> completeGracePeriod() {
        completedGp++;
        gpInProgress = false;
        List<Integer> cpus = new ArrayList<>();
        for (Callback cb : callbacks) {
            if (cb.gp() <= completedGp && !cb.running() && !cpus.contains(cb.cpu())) cpus.add(cb.cpu());
        }
        return cpus;
    }

    /** Whether completing a grace period now would let someone make progress. */
    public boolean graceWanted() {
        for (long gp : gpWaits.values()) if (gp > completedGp) return true;
        for (Callback cb : callbacks) if (cb.gp() > completedGp) return true;
        return false;
    }

    public long completedGp() {
        return completedGp;
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    public Map<Long, Timer> timers() {
        return timers;
    }

    public Map<Integer, List<Work>> work() {
        return work;
    }

    /**
     * An item on one of the kernel's deferred-work queues, not yet taken to run: a work item on its worker pool's
     * list, an armed timer, an RCU callback waiting for its grace period (or ready). {@code expires} is a timer's,
     * {@code function} an RCU callback's (0: kfree_rcu).
     */
    public record Queued(DeferredKind kind, long address, long expires, long function) {}

    /** trace_tasklet_schedule: tasklet_schedule set TASKLET_STATE_SCHED and queues {@code t}. */
    void taskletScheduled(long t) {
        List<Long> l = new ArrayList<>(scheduledTasklets);
        l.add(t);
        scheduledTasklets = List.copyOf(l);
    }

    /** trace_tasklet_entry or trace_tasklet_kill: TASKLET_STATE_SCHED of {@code t} was just cleared. */
    void taskletUnscheduled(long t) {
        if (!scheduledTasklets.contains(t)) return;
        List<Long> l = new ArrayList<>(scheduledTasklets);
        l.remove(t);
        scheduledTasklets = List.copyOf(l);
    }

    /**
     * Everything queued and not yet taken to run, as the kernel holds it: scheduled tasklets, work by worker pool in
     * queue order (and work a worker has taken but not started: process_one_work before it clears
     * WORK_STRUCT_PENDING), armed timers (what timer_pending() says), RCU callbacks not yet invoked.
     */
    public List<Queued> queued() {
        List<Queued> out = new ArrayList<>();
        for (long t : scheduledTasklets) out.add(new Queued(DeferredKind.TASKLET, t, 0, 0));
        for (List<Work> q : work.values()) for (Work w : q) out.add(new Queued(DeferredKind.WORK, w.work(), 0, 0));
        for (var r : runningWork.entrySet()) {
            if (r.getValue().func() == 0) out.add(new Queued(DeferredKind.WORK, r.getKey(), 0, 0));
        }
        for (var t : timers.entrySet()) {
            out.add(new Queued(DeferredKind.TIMER, t.getKey(), t.getValue().expires(), 0));
        }
        for (Callback cb : callbacks) {
            if (!cb.running()) out.add(new Queued(DeferredKind.RCU, cb.head(), 0, cb.func()));
        }
        return out;
    }

    /** The CPUs with timers expired at {@code jiffies}. */
    public List<Integer> expiredTimerCpus(long jiffies) {
        List<Integer> cpus = new ArrayList<>();
        for (Timer t : timers.values()) if (t.expires() - jiffies <= 0 && !cpus.contains(t.cpu())) cpus.add(t.cpu());
        return cpus;
    }

    /** The earliest armed expiry, or null. */
    public Long nextExpiry() {
        Long min = null;
        for (Timer t : timers.values()) if (min == null || t.expires() - min < 0) min = t.expires();
        return min;
    }
}

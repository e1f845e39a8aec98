package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.List;

/** Work queues (kernel/workqueue.c), timers (kernel/time/timer.c) and RCU (kernel/rcu/tree.c) bookkeeping. */
final class DeferPrimitives {
    private DeferPrimitives() {}

    static void register(Primitives p) {
        p.add("__insert_work", (e, a) -> {
            DeferState d = e.kernel().defer;
            int cpu = (int) a[2];
            int flags = (int) e.readField(a[0], "workqueue_struct", "flags", 4);
            boolean highpri = (flags & WQ_HIGHPRI) != 0;
            int pool = (flags & WQ_UNBOUND) != 0
                    ? DeferState.unboundPool(e.kernel().cpus(), highpri)
                    : DeferState.cpuPool(cpu, highpri);
            List<DeferState.Work> q = d.work.computeIfAbsent(pool, k -> new ArrayList<>());
            if (q.isEmpty() && pool >= 2 * e.kernel().cpus()) d.unboundCpu.put(pool, cpu); // woken where queued
            q.add(new DeferState.Work(a[1], a[0], d.workSeq++));
            e.trace(EventKind.WORK_QUEUE, DevicePrimitives.objectId(e, a[1]), a[1], cpu, "work " + e.describe(a[1]));
            e.ensureKworker(pool);
            return 0;
        });
        p.add("__next_work", (e, a) -> {
            DeferState d = e.kernel().defer;
            List<DeferState.Work> q = d.work.get((int) a[0]);
            if (q == null || q.isEmpty()) return 0;
            DeferState.Work w = q.remove(0);
            String name = d.workqueues.get(w.wq());
            if (name == null) name = wqName(e, w.wq());
            // in flight from here: flush_work must wait
            d.runningWork.put(w.work(), new DeferState.Running(e.contextId(), w.wq(), w.seq(), name, 0));
            return w.work();
        });
        p.add("__work_started", (e, a) -> {
            DeferState.Running r = e.kernel().defer.runningWork.get(a[0]);
            if (r != null) { // worker->current_func, as process_one_work read it
                e.kernel()
                        .defer
                        .runningWork
                        .put(a[0], new DeferState.Running(r.ctx(), r.wq(), r.seq(), r.wqName(), a[1]));
            }
            e.trace(EventKind.WORK_START, DevicePrimitives.objectId(e, a[0]), a[0], 0, "work " + e.describe(a[0]));
            return 0;
        });
        p.add("__work_done", (e, a) -> {
            e.kernel().defer.runningWork.remove(a[0]);
            e.trace(EventKind.WORK_FINISH, DevicePrimitives.objectId(e, a[0]), a[0], 0, "work " + Addresses.hex(a[0]));
            return 0;
        });
        p.add("__cancel_work", (e, a) -> {
            boolean pending = unqueue(e, a[0]);
            if (pending) {
                long data = e.memory().read(a[0], 8, false);
                e.memory().write(a[0], 8, data & ~1L);
            }
            return pending ? 1 : 0;
        });
        p.add("__work_unqueue", (e, a) -> unqueue(e, a[0]) ? 1 : 0);
        p.add("__current_worker_wq", (e, a) -> {
            DeferState.Running r = e.kernel().defer.runningIn(e.contextId());
            return r == null ? 0 : r.wq();
        });
        p.add("__flush_work_wait", (e, a) -> {
            WaitCondition c = new WaitCondition.WorkIdle(a[0], true);
            // __flush_work's start_flush_work: its might_sleep()
            if (!c.ready(e.kernel()) && !runningHere(e, a[0]) && e.mightSleepAt("kernel/workqueue.c:3017")) {
                e.block(c);
            }
            return 0;
        });
        p.add("__flush_workqueue_wait", (e, a) -> {
            DeferState d = e.kernel().defer;
            Long before = d.flushWaits.get(e.contextId());
            WaitCondition c = new WaitCondition.QueueIdle(a[0], before != null ? before : d.workSeq);
            if (c.ready(e.kernel())) {
                d.flushWaits.remove(e.contextId());
                return 0;
            }
            // __flush_workqueue waits in wait_for_completion(&this_flusher.done)
            if (before == null && !e.mightSleepAt("kernel/sched/completion.c:101")) return 0;
            d.flushWaits.put(e.contextId(), ((WaitCondition.QueueIdle) c).before());
            e.block(c);
            return 0;
        });
        p.add("__workqueue_drained", (e, a) -> {
            return new WaitCondition.QueueIdle(a[0], Long.MAX_VALUE).ready(e.kernel()) ? 1 : 0;
        });
        p.add(
                "alloc_workqueue",
                (e, a) -> workqueue(
                        e, PrintkFormat.format(e, e.memory().readString(a[0]), a, 3), (int) a[1], (int) a[2]));
        p.add("__unregister_workqueue", (e, a) -> {
            e.kernel().defer.workqueues.remove(a[0]);
            return 0;
        });
        p.add("__timer_arm", (e, a) -> {
            DeferState d = e.kernel().defer;
            boolean was = d.timers.containsKey(a[0]);
            e.writeField(a[0], "timer_list", "expires", 8, a[1]);
            d.timers.put(a[0], new DeferState.Timer(a[1], e.cpu(), d.timerSeq++));
            e.trace(
                    EventKind.TIMER_ARM,
                    DevicePrimitives.objectId(e, a[0]),
                    a[0],
                    a[1],
                    "timer " + e.describe(a[0]) + " expires at jiffies " + a[1]);
            return was ? 1 : 0;
        });
        p.add("__timer_remove", (e, a) -> removeTimer(e, a[0]));
        // one step, as under the timer base's lock: a callback running elsewhere (base->running_timer) says -1
        p.add("try_to_del_timer_sync", (e, a) -> {
            Integer runner = e.kernel().defer.runningTimers.get(a[0]);
            return runner != null && runner != e.contextId() ? -1 : removeTimer(e, a[0]);
        });
        p.add("timer_pending", (e, a) -> e.kernel().defer.timers.containsKey(a[0]) ? 1 : 0);
        p.add("__next_expired_timer", (e, a) -> {
            DeferState d = e.kernel().defer;
            long now = e.kernel().jiffies();
            for (var t : d.timers.entrySet()) {
                if (t.getValue().cpu() == e.cpu() && t.getValue().expires() - now <= 0) {
                    long timer = t.getKey();
                    d.timers.remove(timer);
                    d.runningTimers.put(timer, e.contextId()); // base->running_timer, set as it is detached
                    return timer;
                }
            }
            return 0;
        });
        p.add("__timer_running", (e, a) -> {
            if (a[1] != 0) {
                e.trace(
                        EventKind.TIMER_FIRE,
                        DevicePrimitives.objectId(e, a[0]),
                        a[0],
                        0,
                        "timer " + Addresses.hex(a[0]));
            } else {
                e.kernel().defer.runningTimers.remove(a[0]);
            }
            return 0;
        });
        p.add("__timer_wait_idle", (e, a) -> {
            Integer runner = e.kernel().defer.runningTimers.get(a[0]);
            if (runner != null && runner != e.contextId()) e.block(new WaitCondition.TimerIdle(a[0]));
            return 0;
        });
        p.add("call_rcu", (e, a) -> {
            e.writeField(a[0], "rcu_head", "func", 8, a[1]);
            queueRcu(e, a[0], a[1]);
            return 0;
        });
        p.add("__kfree_rcu", (e, a) -> {
            if (a[0] != 0) queueRcu(e, a[0], 0);
            return 0;
        });
        p.add("__rcu_next_ready", (e, a) -> {
            DeferState d = e.kernel().defer;
            for (int i = 0; i < d.callbacks.size(); i++) {
                DeferState.Callback cb = d.callbacks.get(i);
                if (cb.cpu() != e.cpu() || cb.running() || cb.gp() > d.completedGp) continue;
                if (cb.func() == 0) { // kfree_rcu: the memory goes, no driver code runs
                    d.callbacks.remove(i--);
                    e.trace(EventKind.RCU_INVOKE, DevicePrimitives.objectId(e, cb.head()), cb.head(), 0, "kfree_rcu");
                    MemoryPrimitives.free(e, cb.head(), "kfree");
                    continue;
                }
                d.callbacks.set(i, new DeferState.Callback(cb.head(), cb.func(), cb.cpu(), cb.gp(), cb.seq(), true));
                e.trace(
                        EventKind.RCU_INVOKE,
                        DevicePrimitives.objectId(e, cb.head()),
                        cb.head(),
                        cb.func(),
                        "rcu callback " + e.symbol(cb.func()));
                return cb.head();
            }
            return 0;
        });
        p.add("__rcu_invoked", (e, a) -> {
            e.kernel().defer.callbacks.removeIf(cb -> cb.head() == a[0] && cb.running());
            return 0;
        });
        p.add("synchronize_rcu", (e, a) -> {
            DeferState d = e.kernel().defer;
            Long target = d.gpWaits.get(e.contextId());
            if (target != null && d.completedGp >= target) {
                d.gpWaits.remove(e.contextId());
                return 0;
            }
            if (target == null) {
                // synchronize_rcu waits in wait_rcu_gp's wait_for_completion
                if (!e.mightSleepAt("kernel/sched/completion.c:101")) return 0;
                target = d.completedGp + 1;
                d.gpWaits.put(e.contextId(), target);
                d.gpInProgress = true;
            }
            e.block(new WaitCondition.GracePeriod(target));
            return 0;
        });
        p.add("rcu_barrier", (e, a) -> {
            DeferState d = e.kernel().defer;
            Long target = d.gpWaits.get(-e.contextId());
            if (target == null) {
                // rcu_barrier starts with mutex_lock(&rcu_state.barrier_mutex)
                if (!e.mightSleepAt("kernel/locking/mutex.c:580")) return 0;
                target = d.rcuSeq;
            }
            WaitCondition.Barrier b = new WaitCondition.Barrier(target);
            if (b.ready(e.kernel())) {
                d.gpWaits.remove(-e.contextId());
                return 0;
            }
            d.gpWaits.put(-e.contextId(), d.completedGp + 1); // negative key: a barrier, wanting grace periods
            e.block(b);
            return 0;
        });
    }

    private static boolean runningHere(Env e, long work) {
        DeferState.Running r = e.kernel().defer.runningWork.get(work);
        return r != null && r.ctx() == e.contextId();
    }

    /** A system workqueue's name (static, kernel data); print_worker_info reads it without faulting. */
    private static String wqName(Env e, long wq) {
        try {
            return e.memory().readString(wq + e.offset("workqueue_struct", "name"));
        } catch (MemoryFault f) {
            return "";
        }
    }

    /** Takes a queued item off its pool's list; whether it was there. */
    private static boolean unqueue(Env e, long work) {
        boolean pending = false;
        for (List<DeferState.Work> q : e.kernel().defer.work.values()) pending |= q.removeIf(w -> w.work() == work);
        return pending;
    }

    /**
     * alloc_workqueue: an unbound workqueue of max_active 1 is ordered (__WQ_ORDERED, as 6.1 still makes it);
     * max_active 0 is WQ_DFL_ACTIVE, and one out of range is clamped with wq_clamp_max_active's warning.
     */
    private static long workqueue(Env e, String name, int flags, int maxActive) {
        if ((flags & WQ_UNBOUND) != 0 && maxActive == 1) flags |= WQ_ORDERED;
        maxActive = maxActive == 0 ? WQ_DFL_ACTIVE : maxActive;
        int upper = (flags & WQ_UNBOUND) != 0
                ? Math.max(WQ_MAX_ACTIVE, 4 * e.kernel().cpus())
                : WQ_MAX_ACTIVE;
        String shown = name.length() > 23 ? name.substring(0, 23) : name; // vsnprintf into name[WQ_NAME_LEN]
        if (maxActive < 1 || maxActive > upper) {
            e.log("workqueue: max_active " + maxActive + " requested for " + shown
                    + " is out of range, clamping between 1 and " + upper);
            maxActive = Math.max(1, Math.min(upper, maxActive));
        }
        MemObject wq = e.memory()
                .allocate(
                        e.sizeOf("workqueue_struct"),
                        MemObject.Kind.KMALLOC,
                        "struct workqueue_struct",
                        e.site("alloc_workqueue"));
        e.trace(EventKind.ALLOC, wq.id, wq.base, wq.size, "alloc_workqueue");
        MemoryPrimitives.writeString(e, wq.base + e.offset("workqueue_struct", "name"), shown);
        e.writeField(wq.base, "workqueue_struct", "flags", 4, flags);
        e.writeField(wq.base, "workqueue_struct", "saved_max_active", 4, maxActive);
        e.kernel().defer.workqueues.put(wq.base, shown);
        return wq.base;
    }

    static final int WQ_UNBOUND = 1 << 1;
    static final int WQ_HIGHPRI = 1 << 4;
    static final int WQ_ORDERED = 1 << 17;
    static final int WQ_MAX_ACTIVE = 512;
    static final int WQ_DFL_ACTIVE = WQ_MAX_ACTIVE / 2;

    private static void queueRcu(Env e, long head, long func) {
        DeferState d = e.kernel().defer;
        long gp = d.completedGp + (d.gpInProgress ? 2 : 1);
        d.callbacks.add(new DeferState.Callback(head, func, e.cpu(), gp, ++d.rcuSeq, false));
        e.trace(
                EventKind.RCU_QUEUE,
                DevicePrimitives.objectId(e, head),
                head,
                func,
                func == 0 ? "kfree_rcu" : "call_rcu " + e.symbol(func));
    }

    /** detach_if_pending: the timer leaves the wheel if it was on it (1), else 0. */
    private static long removeTimer(Env e, long timer) {
        boolean was = e.kernel().defer.timers.remove(timer) != null;
        if (was)
            e.trace(
                    EventKind.TIMER_CANCEL,
                    DevicePrimitives.objectId(e, timer),
                    timer,
                    0,
                    "timer " + e.describe(timer));
        return was ? 1 : 0;
    }
}

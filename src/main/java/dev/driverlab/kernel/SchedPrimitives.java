package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Sleeping and waking (kernel/sched/wait.c, core.c), signals, kthreads and time conversions. A sleeping
 * primitive blocks its caller and runs again from the start when the wait condition holds, so each first checks
 * whether it was woken, signalled or timed out.
 */
final class SchedPrimitives {
    private SchedPrimitives() {}

    static final int HZ = 250;

    static void register(Primitives p) {
        p.add("get_current", (e, a) -> e.task());
        p.add("signal_pending", (e, a) -> signalPending(e, a[0]) ? 1 : 0);
        p.add(
                "fatal_signal_pending",
                (e, a) ->
                        signalPending(e, a[0]) && (pendingSet(e, a[0]) & sigmask(Signal.SIGKILL.number)) != 0 ? 1 : 0);
        // arch/x86/lib/delay.c's delay_tsc: the CPU spins (no sleeping, allowed in atomic context) while time passes
        p.add("__delay_ns", (e, a) -> {
            long to = e.kernel().busyWait(a[0]);
            if (to != 0) e.advanceJiffies(to);
            return 0;
        });
        p.add("__might_sleep", (e, a) -> {
            e.mightSleepAt(e.memory().readString(a[0]) + ":" + a[1]);
            return 0;
        });
        p.add(
                "__wait_event_sleep",
                (e, a) -> sleep(
                        e,
                        a[0],
                        (int) a[1],
                        a[2],
                        "wait_event on " + e.describe(a[0]),
                        waitEventSite((int) a[1], a[2])));
        p.add("__wake_up", (e, a) -> {
            SchedState s = e.kernel().sched;
            List<Integer> q = s.waitQueues.getOrDefault(a[0], List.of());
            int n = 0;
            for (Integer ctx : new ArrayList<>(q)) {
                int state = s.sleeping.getOrDefault(ctx, 2);
                if ((state & a[1]) == 0) continue;
                s.woken.add(ctx);
                q.remove(ctx);
                if (a[2] > 0 && ++n == a[2]) break;
            }
            return entries(s, a[0]).size(); // those __wake_up_common calls next
        });
        // add_wait_queue clears WQ_FLAG_EXCLUSIVE, add_wait_queue_exclusive sets it (kernel/sched/wait.c)
        p.add("add_wait_queue", (e, a) -> {
            e.memory().write(a[1], 4, entryFlags(e, a[1]) & ~WQ_FLAG_EXCLUSIVE);
            return addWaitEntry(e, a[0], a[1], false);
        });
        p.add("add_wait_queue_exclusive", (e, a) -> {
            e.memory().write(a[1], 4, entryFlags(e, a[1]) | WQ_FLAG_EXCLUSIVE);
            return addWaitEntry(e, a[0], a[1], true);
        });
        p.add("__add_wait_queue", (e, a) -> addWaitEntry(e, a[0], a[1], false));
        p.add("__add_wait_queue_entry_tail", (e, a) -> addWaitEntry(e, a[0], a[1], true));
        p.add("remove_wait_queue", (e, a) -> {
            SchedState s = e.kernel().sched;
            List<Long> q = s.waitEntries.get(a[0]);
            if (q != null && q.remove(Long.valueOf(a[1])) && q.isEmpty()) s.waitEntries.remove(a[0]);
            return 0;
        });
        p.add("__wait_entry_queued", (e, a) -> {
            for (List<Long> q : e.kernel().sched.waitEntries.values()) if (q.contains(a[0])) return 1;
            return 0;
        });
        p.add("__wait_entry_unlink", (e, a) -> {
            e.kernel().sched.waitEntries.values().forEach(q -> q.remove(Long.valueOf(a[0])));
            e.kernel().sched.waitEntries.values().removeIf(List::isEmpty);
            return 0;
        });
        p.add("__wait_queue_next", (e, a) -> {
            List<Long> q = entries(e.kernel().sched, a[0]);
            int i = a[1] == 0 ? 0 : q.indexOf(a[1]) + 1;
            return i > 0 || a[1] == 0 ? (i < q.size() ? q.get(i) : 0) : 0;
        });
        p.add("try_to_wake_up", (e, a) -> tryToWakeUp(e, a[0], (int) a[1]));
        p.add("set_current_state", (e, a) -> setState(e, a[0]));
        p.add("__set_current_state", (e, a) -> setState(e, a[0]));
        p.add("schedule", (e, a) -> {
            SchedState s = e.kernel().sched;
            int state = s.taskState.getOrDefault(e.contextId(), 0);
            if (state == 0) { // TASK_RUNNING: a chance for others to run
                // a yield (not a wake-up that came before the sleep): the CPU's time passes to the next tick, as a
                // loop of them (LDD3's jitsched) spins until jiffies move
                if (!s.wokeBeforeSleep.remove(e.contextId())) {
                    e.advanceJiffies(e.kernel().busyWait(e.kernel().nsToNextTick()));
                }
                e.scheduled();
                return 0;
            }
            sleep(e, 0, state, 0, "schedule() in state " + stateName(state) + queuedOn(e), null);
            return 0;
        });
        p.add("_cond_resched", (e, a) -> { // CONFIG_PREEMPT_VOLUNTARY: a point where the CPU may switch tasks
            e.scheduled();
            return 0;
        });
        p.add("yield", (e, a) -> { // kernel/sched/core.c: TASK_RUNNING, then give the CPU up to the next tick
            e.kernel().sched.taskState.remove(e.contextId());
            e.advanceJiffies(e.kernel().busyWait(e.kernel().nsToNextTick()));
            e.scheduled();
            return 0;
        });
        p.add("schedule_timeout_until", (e, a) -> {
            int state = (int) a[1];
            long deadline = a[0];
            SchedState s = e.kernel().sched;
            int ctx = e.contextId();
            if (state < 0) { // schedule_timeout(): in the state the caller set; TASK_RUNNING does not sleep
                Integer set = s.taskState.get(ctx);
                if (set == null && !s.sleeping.containsKey(ctx)) {
                    return e.kernel().jiffies() - deadline >= 0
                            ? 0
                            : deadline - e.kernel().jiffies();
                }
                state = set == null ? s.sleeping.get(ctx) : set;
            }
            if (!s.sleeping.containsKey(ctx) && !s.woken.contains(ctx) && !e.mightSleep(true)) return 0;
            String why = a[1] < 0
                    ? "schedule_timeout() until jiffies " + deadline + " in state " + stateName(state) + queuedOn(e)
                    : "msleep: sleeping until jiffies " + deadline;
            long r = sleep(e, 0, state, deadline, why, null);
            // the jiffies left: 0 once the deadline passed; an early wake-up or a signal leaves some
            return r == 2 ? 0 : Math.max(1, deadline - e.kernel().jiffies());
        });
        p.add("msecs_to_jiffies", (e, a) -> ((a[0] & 0xffffffffL) * HZ + 999) / 1000);
        p.add("jiffies_to_msecs", (e, a) -> a[0] * 1000 / HZ);
        p.add("usecs_to_jiffies", (e, a) -> ((a[0] & 0xffffffffL) * HZ + 999_999) / 1_000_000);
        p.add("kthread_create", (e, a) -> kthreadCreate(e, a));
        p.add("kthread_run", (e, a) -> {
            long task = kthreadCreate(e, a);
            if (!MemoryPrimitives.isErr(task)) wake(e, task);
            return task;
        });
        p.add("wake_up_process", (e, a) -> wake(e, a[0]));
        p.add("kthread_should_stop", (e, a) -> e.kernel().sched.stopRequested.contains(e.contextId()) ? 1 : 0);
        p.add("__kthread_set_stop", (e, a) -> {
            Integer ctx = e.kernel().sched.contextOf(a[0]);
            if (ctx != null) e.kernel().sched.stopRequested.add(ctx);
            return 0;
        });
        p.add("__kthread_wait_exit", (e, a) -> {
            SchedState s = e.kernel().sched;
            Integer ctx = s.contextOf(a[0]);
            if (ctx == null) return -Errno.EINTR.number; // not a thread we know
            if (s.exited.contains(ctx)) return s.exitCodes.getOrDefault(ctx, 0L);
            // kthread_stop's wait_for_completion(&kthread->exited): __wait_for_common's might_sleep()
            if (!e.mightSleepAt("kernel/sched/completion.c:101")) return 0;
            e.block(new WaitCondition.Exited(ctx));
            return 0;
        });
        p.add("do_exit", (e, a) -> {
            e.exitContext(a[0]);
            return 0;
        });
    }

    /**
     * The longest kthread name user space sees: /proc/PID/comm of a kthread prints its full name through a 64-byte
     * buffer (proc_task_name's tcomm); longer names are cut there.
     */
    static final int KTHREAD_NAME_MAX = 64;

    /** kthread_create(threadfn, data, namefmt, ...): the new task, or ERR_PTR(-EAGAIN) when copy_process refuses. */
    private static long kthreadCreate(Env e, long[] a) {
        String name = PrintkFormat.format(e, e.memory().readString(a[2]), a, 3, KTHREAD_NAME_MAX - 1);
        long task = e.spawnKthread(a[0], a[1], name);
        return task != 0 ? task : -Errno.EAGAIN.number;
    }

    static long sigmask(int sig) {
        return 1L << (sig - 1);
    }

    /** task->pending.signal.sig[0] (_NSIG_WORDS is 1 on x86-64). */
    static long pendingSet(Env e, long task) {
        return e.memory().read(task + e.offset("task_struct", "pending") + e.offset("sigpending", "signal"), 8, false);
    }

    /**
     * signal_pending(): TIF_SIGPENDING, which recalc_sigpending_tsk (kernel/signal.c) sets when the task's own or its
     * thread group's pending set holds a signal that is not blocked. Computed from those sets in memory here.
     */
    private static boolean signalPending(Env e, long task) {
        long blocked = e.memory().read(task + e.offset("task_struct", "blocked"), 8, false);
        long signal = e.memory().read(task + e.offset("task_struct", "signal"), 8, false);
        long shared = signal == 0
                ? 0
                : e.memory()
                        .read(
                                signal + e.offset("signal_struct", "shared_pending") + e.offset("sigpending", "signal"),
                                8,
                                false);
        return ((pendingSet(e, task) | shared) & ~blocked) != 0;
    }

    private static long setState(Env e, long state) {
        e.kernel().sched.wokeBeforeSleep.remove(e.contextId());
        if (state == 0) e.kernel().sched.taskState.remove(e.contextId());
        else e.kernel().sched.taskState.put(e.contextId(), (int) state);
        return 0;
    }

    static final int WQ_FLAG_EXCLUSIVE = 1;

    private static long entryFlags(Env e, long entry) {
        return e.memory().read(entry + e.offset("wait_queue_entry", "flags"), 4, false);
    }

    /**
     * Queues an entry once: at the tail, or (non-exclusive) ahead of the first exclusive entry, so that a wake-up
     * reaches every non-exclusive waiter before __wake_up_common counts exclusive ones, as __add_wait_queue's
     * list_add at the head does; non-exclusive entries keep their order of arrival here.
     */
    private static long addWaitEntry(Env e, long wq, long entry, boolean tail) {
        List<Long> q = e.kernel().sched.waitEntries.computeIfAbsent(wq, k -> new ArrayList<>());
        if (q.contains(entry)) return 0;
        int at = q.size();
        if (!tail) {
            for (int i = 0; i < q.size(); i++) {
                if ((entryFlags(e, q.get(i)) & WQ_FLAG_EXCLUSIVE) != 0) {
                    at = i;
                    break;
                }
            }
        }
        q.add(at, entry);
        return 0;
    }

    private static String stateName(int state) {
        return switch (state) {
            case 1 -> "TASK_INTERRUPTIBLE";
            case 2 -> "TASK_UNINTERRUPTIBLE";
            case 0x102 -> "TASK_KILLABLE";
            default -> "0x" + Integer.toHexString(state);
        };
    }

    /** " on WQ" when the current task's entry is queued on a wait queue (a wait_event's, a DEFINE_WAIT's). */
    private static String queuedOn(Env e) {
        long task = e.task();
        long privateOffset = e.offset("wait_queue_entry", "private");
        for (var q : e.kernel().sched.waitEntries.entrySet()) {
            for (long entry : q.getValue()) {
                try {
                    if (e.memory().read(entry + privateOffset, 8, false) == task) {
                        return " on " + e.describe(q.getKey());
                    }
                } catch (MemoryFault gone) {
                    // an entry in freed memory names no waiter; the driver's bug shows elsewhere
                }
            }
        }
        return "";
    }

    private static List<Long> entries(SchedState s, long wq) {
        return s.waitEntries.getOrDefault(wq, List.of());
    }

    /**
     * try_to_wake_up (kernel/sched/core.c): wakes the task only if its state is one of {@code state}. A task asleep is
     * woken; one that has set its state but not slept yet is set back to TASK_RUNNING, so it will not sleep. Returns
     * whether it was woken.
     */
    private static long tryToWakeUp(Env e, long task, int state) {
        SchedState s = e.kernel().sched;
        Integer ctx = s.contextOf(task);
        if (ctx == null || s.exited.contains(ctx)) return 0;
        Integer asleep = s.sleeping.get(ctx);
        if (asleep != null) {
            if ((asleep & state) == 0) return 0;
            s.woken.add(ctx);
            s.unqueue(ctx);
            return 1;
        }
        Integer set = s.taskState.get(ctx);
        if (set == null || (set & state) == 0) return 0;
        s.taskState.remove(ctx);
        s.wokeBeforeSleep.add(ctx);
        return 1;
    }

    private static long wake(Env e, long task) {
        SchedState s = e.kernel().sched;
        Integer ctx = s.contextOf(task);
        if (ctx == null || s.exited.contains(ctx)) return 0;
        s.woken.add(ctx);
        s.unqueue(ctx);
        return 1;
    }

    /**
     * Sleeps on a wait queue (0: none) until woken (returns 0), signalled when interruptible (1) or past the
     * deadline (2). The first run checks might_sleep and blocks; the run after the wake-up returns.
     */
    /**
     * The might_sleep() line of the include/linux/wait.h macro (6.1) that sleeps in this state: wait_event,
     * wait_event_timeout, wait_event_interruptible(_timeout), wait_event_killable(_timeout).
     */
    static String waitEventSite(int state, long deadline) {
        boolean timeout = deadline != 0;
        int line = (state & SchedState.TASK_WAKEKILL) != 0
                ? (timeout ? 994 : 930)
                : (state & SchedState.TASK_INTERRUPTIBLE) != 0 ? (timeout ? 534 : 500) : (timeout ? 416 : 343);
        return "include/linux/wait.h:" + line;
    }

    /** {@code at}: the might_sleep() site checked first (a wait_event), or null for schedule()'s own check. */
    static long sleep(Env e, long wq, int state, long deadline, String why, String at) {
        SchedState s = e.kernel().sched;
        int ctx = e.contextId();
        // every signal here is fatal, so TASK_KILLABLE sleepers wake too (signal_wake_up's TASK_WAKEKILL)
        boolean interruptible = (state & (SchedState.TASK_INTERRUPTIBLE | SchedState.TASK_WAKEKILL)) != 0;
        s.wokeBeforeSleep.remove(ctx);
        if (s.woken.remove(ctx)) {
            s.unqueue(ctx);
            s.taskState.remove(ctx);
            return 0;
        }
        if (interruptible && s.signals.containsKey(ctx)) {
            s.unqueue(ctx);
            s.taskState.remove(ctx);
            return 1;
        }
        if (deadline != 0 && e.kernel().jiffies() - deadline >= 0) {
            s.unqueue(ctx);
            s.taskState.remove(ctx);
            return 2;
        }
        if (!s.sleeping.containsKey(ctx) && !(at != null ? e.mightSleepAt(at) : e.mightSleep(true))) return 0;
        if (wq != 0) {
            List<Integer> q = s.waitQueues.computeIfAbsent(wq, k -> new ArrayList<>());
            if (!q.contains(ctx)) q.add(ctx);
        }
        s.sleeping.put(ctx, state);
        e.block(new WaitCondition.Sleep(ctx, interruptible, deadline, why));
        return 0;
    }
}

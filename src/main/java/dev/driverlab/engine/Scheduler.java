package dev.driverlab.engine;

import dev.driverlab.engine.compile.Op;
import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.DeferState;
import dev.driverlab.kernel.Softirq;
import dev.driverlab.kernel.WaitCondition;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may run, in what order, and what happens by itself when nothing can: the fixed policy (hardirq before
 * softirq before tasks, oldest first, a CPU's lower levels held while a higher one is active: {@link CpuOccupancy}),
 * starting deferred contexts (replayed IRQs, kworkers, softirq runs), waking, breakpoints, and time (jiffies, timers,
 * grace periods, the hung-task timeout). {@link Engine} applies commands and runs the step loop with its budgets;
 * the explorer asks the same questions through {@link Engine#runnable()} to choose instead of this policy.
 */
final class Scheduler {
    private final Machine m;
    /** Refilled at each decision: a step's pick would otherwise allocate three arrays. */
    private final CpuOccupancy cpus;

    Scheduler(Machine m) {
        this.m = m;
        this.cpus = new CpuOccupancy(m);
    }

    /** The contexts that could take the next step, oldest first. */
    List<Context> runnable() {
        startDeferred();
        List<Context> out = new ArrayList<>();
        cpus.gather(m.contexts());
        for (Context c : m.contexts()) if (mayStep(c) && cpus.eligible(c)) out.add(c);
        return out;
    }

    /** One step of a context, waking it first if it was blocked on a condition that now holds. */
    void stepOnce(Context c) {
        if (c.status == Context.Status.BLOCKED) unblock(c);
        m.step(c);
        startDeferred();
    }

    /** Starts what the last step asked for: replayed IRQs, kworkers, softirq runs after irq_exit or a ksoftirqd wake. */
    void startDeferred() {
        if (!m.anythingDeferred()) return;
        List<Integer> pools = m.takeWokenWorkerPools();
        if (!pools.isEmpty()) { // checked first: iterating even an empty list allocates an iterator each step
            int cpus = m.kernel().cpus();
            for (int pool : pools) {
                String name = DeferState.workerName(pool, cpus);
                Context k = m.named(name);
                if (k != null && k.active()) continue;
                Context w = m.newContext(
                        name,
                        ContextKind.PROCESS,
                        Context.Purpose.KWORKER,
                        "workqueue",
                        m.kernel().defer().workerCpu(pool, cpus),
                        m.kernel().newPid(),
                        DeferState.workerComm(pool, cpus));
                m.start(w, "worker_thread", pool);
            }
        }
        List<int[]> raised = m.takeRaisedIrqs();
        if (!raised.isEmpty()) for (int[] p : raised) fire(p[0], p[1]); // no iterator on the common path
        for (int cpu = 0; cpu < m.kernel().cpus(); cpu++) {
            boolean trigger = m.irqExited(cpu) || m.kernel().takeKsoftirqdWake(cpu);
            if (!trigger || m.cpuIsIn(cpu, ContextKind.HARDIRQ)) continue;
            m.irqExitHandled(cpu);
            if (m.kernel().softirqPending(cpu) == 0 || m.cpuIsIn(cpu, ContextKind.SOFTIRQ)) continue;
            Context s = m.newContext(
                    "softirq" + cpu, ContextKind.SOFTIRQ, Context.Purpose.SOFTIRQ, "softirq", cpu, 0, "swapper/" + cpu);
            m.start(s, "__do_softirq");
        }
    }

    /**
     * The next context to step: highest level first, then oldest, a context that just yielded after every other
     * that may run; a CPU runs one level at a time.
     */
    Context pick() {
        int sole = soleActive();
        if (sole != SEVERAL) {
            // Nothing else holds a CPU: CpuOccupancy's rules need a second context, so the one there is eligible.
            Context only = sole == NONE ? null : m.contexts().get(sole);
            if (only == null || !mayStep(only)) return null;
            only.yielded = false;
            return only;
        }
        Context best = null;
        cpus.gather(m.contexts());
        for (Context c : m.contexts()) {
            if (!mayStep(c) || !cpus.eligible(c)) continue;
            if (best == null
                    || (best.yielded && !c.yielded)
                    || (best.yielded == c.yielded
                            && (c.kind.ordinal() < best.kind.ordinal() || (c.kind == best.kind && c.id < best.id)))) {
                best = c;
            }
        }
        if (best != null) best.yielded = false; // its turn came round again
        return best;
    }

    private static final int NONE = -1;
    private static final int SEVERAL = -2;

    /**
     * The index of the only context that is not idle, else {@link #NONE} or {@link #SEVERAL}: most steps of a
     * session are one context running alone, and then no occupancy needs gathering.
     */
    private int soleActive() {
        List<Context> all = m.contexts();
        int sole = NONE;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).status == Context.Status.IDLE) continue;
            if (sole != NONE) return SEVERAL;
            sole = i;
        }
        return sole;
    }

    /** Not paused, finished or idle, and not blocked on a condition that still holds. */
    boolean mayStep(Context c) {
        if (c.status == Context.Status.PAUSED || c.status == Context.Status.DONE || c.status == Context.Status.IDLE) {
            return false;
        }
        return c.status != Context.Status.BLOCKED || c.wait.ready(m.kernel());
    }

    boolean pauseAtBreakpoint(Context c) {
        if (m.functionBreakpoints().isEmpty() && m.lineBreakpoints().isEmpty()) return false;
        Frame f = c.top();
        String reason = null;
        if (f.pc == 0 && m.functionBreakpoints().contains(f.fn.name)) reason = "breakpoint at " + f.fn.name;
        else if (!f.fn.kernel && !m.lineBreakpoints().isEmpty() && f.fn.code()[f.pc] == Op.STMT && f.fn.file != null) {
            Machine.LineBreak b = new Machine.LineBreak(f.fn.file.name(), f.fn.code()[f.pc + 1]);
            if (m.lineBreakpoints().contains(b)) reason = "breakpoint at " + m.where(b);
        }
        if (reason == null) return false;
        f = c.writableTop();
        if (f.fn.code()[f.pc] == Op.STMT) f.line = f.fn.code()[f.pc + 1]; // about to run
        c.status = Context.Status.PAUSED;
        c.pauseReason = reason;
        m.trace().paused(m.steps(), c, f, reason);
        return true;
    }

    void unblock(Context c) {
        if (c.wait instanceof WaitCondition.NotStarted) m.kernel().sched().consumeWake(c.id);
        c.status = Context.Status.RUNNABLE;
        Frame f = c.top();
        m.trace().woken(m.steps(), c, f, c.wait.describe());
        c.wait = null;
    }

    /**
     * An interrupt on a line. While the line's hardirq context is alive no second one starts: not yet begun, the
     * interrupt merges with the one already pending at the CPU; begun, the line is in progress and the kernel marks
     * it IRQS_PENDING (handle_edge_irq), which the running context handles once more after its handler returns.
     */
    void fire(int irq, int cpu) {
        Context running = m.named("irq" + irq);
        if (running != null) {
            boolean begun = running.depth > 1 || running.top().pc > 0;
            if (begun) m.kernel().irqLine(irq).markPending();
            m.trace()
                    .irqFire(
                            m.steps(),
                            cpu,
                            running,
                            irq,
                            begun ? "pending: the line's handler is in progress" : "merged with the pending one");
            return;
        }
        Context ctx = m.newContext(
                "irq" + irq, ContextKind.HARDIRQ, Context.Purpose.IRQ, "irq " + irq, cpu, 0, "swapper/" + cpu);
        m.trace().irqFire(m.steps(), cpu, ctx, irq, null);
        m.start(ctx, "common_interrupt", irq);
    }

    // ---- time ----

    /**
     * Nothing can run: let the world move on by itself where the kernel would. An RCU grace period completes when
     * someone waits for one; time passes to the earliest sleeper's deadline. Tasks blocked on each other's locks
     * forever are a hung task. Returns whether something became runnable.
     */
    boolean idleProgress() {
        Idle idle = waitedFor() ? idle(true) : null;
        if (idle == null) {
            Deadlock.check(m);
            return false;
        }
        if (!idle.gracePeriod()) {
            Context hung = hungBy(idle.jiffies());
            if (hung != null && m.kernel().jiffies() - (hung.blockedAt + HUNG_TASK_TIMEOUT) >= 0) {
                Reporter.hungTask(m, hung, hung.wait.describe());
                return false;
            }
            if (hung != null) idle = new Idle(false, hung.blockedAt + HUNG_TASK_TIMEOUT);
        }
        if (idle.gracePeriod()) gracePeriod();
        else advanceJiffies(idle.jiffies());
        return true;
    }

    /** kernel/hung_task.c's default timeout: 120 seconds at HZ=250. */
    static final long HUNG_TASK_TIMEOUT = 120L * 250;

    /**
     * Whether the command is waiting for something: a task it runs (insmod, rmmod, bind, a process's system
     * call...) is blocked. Only then does time pass by itself; kernel threads and workers asleep on timers do not
     * hold the command, which returns while they sleep (a later "tick N" lets their time pass).
     */
    private boolean waitedFor() {
        for (Context c : m.contexts()) if (foreground(c) && c.status == Context.Status.BLOCKED) return true;
        return false;
    }

    private static boolean foreground(Context c) {
        return c.kind == ContextKind.PROCESS
                && c.purpose != Context.Purpose.KTHREAD
                && c.purpose != Context.Purpose.KWORKER;
    }

    /**
     * The command's task that time passing to {@code to} would leave blocked uninterruptibly (state D) for more
     * than the hung-task timeout, the first to reach it; null if none.
     */
    private Context hungBy(long to) {
        Context hung = null;
        for (Context c : m.contexts()) {
            if (!foreground(c) || c.status != Context.Status.BLOCKED || interruptible(c.wait)) continue;
            long limit = c.blockedAt + HUNG_TASK_TIMEOUT;
            if (to - limit > 0 && (hung == null || limit - (hung.blockedAt + HUNG_TASK_TIMEOUT) < 0)) hung = c;
        }
        return hung;
    }

    /** TASK_INTERRUPTIBLE sleeps (the hung-task detector looks only at TASK_UNINTERRUPTIBLE ones). */
    private static boolean interruptible(WaitCondition w) {
        return w instanceof WaitCondition.Sleep s && s.interruptible()
                || w instanceof WaitCondition.LockFree l && l.interruptible();
    }

    /** What time passing does when nothing can run: a grace period completes, or jiffies advance to {@code jiffies}. */
    private record Idle(boolean gracePeriod, long jiffies) {}

    /**
     * What letting time pass would change now: a grace period, when a task waits for one that callbacks want;
     * else jiffies advance to the nearest sleeper's deadline (or a timer before it); null when neither applies.
     */
    /**
     * {@code timers}: a pending timer is worth waiting for even when no sleeper has a deadline (the command's task
     * waits for what the timer's callback will do, as jit's jitimer waits for its timer).
     */
    private Idle idle(boolean timers) {
        boolean gpWaiter = false;
        long deadline = Long.MAX_VALUE;
        for (Context c : m.contexts()) {
            if (c.status != Context.Status.BLOCKED) continue;
            if (c.wait instanceof WaitCondition.GracePeriod || c.wait instanceof WaitCondition.Barrier) {
                gpWaiter = true;
            }
            if (c.wait instanceof WaitCondition.Sleep s && s.deadline() != 0) {
                deadline = Math.min(deadline, s.deadline());
            }
        }
        if (gpWaiter && m.kernel().defer().graceWanted()) return new Idle(true, 0);
        if (deadline != Long.MAX_VALUE && deadline - m.kernel().jiffies() > 0) {
            Long timer = m.kernel().defer().nextExpiry();
            long to = timer != null && timer - m.kernel().jiffies() > 0 && timer - deadline < 0 ? timer : deadline;
            return new Idle(false, to);
        }
        Long timer = timers ? m.kernel().defer().nextExpiry() : null;
        if (timer != null && timer - m.kernel().jiffies() > 0) return new Idle(false, timer);
        return null;
    }

    /**
     * The explorer's "time passes" transition, as the script command that makes it ({@code grace-period} or
     * {@code tick N}), so a found schedule replays exactly; null when time passing changes nothing.
     */
    public String idleCommand() {
        Idle idle = idle(false);
        if (idle == null) return null;
        return idle.gracePeriod()
                ? "grace-period"
                : "tick " + (idle.jiffies() - m.kernel().jiffies());
    }

    /** An RCU grace period completes: callbacks it covers become ready and run from the RCU softirq. */
    void gracePeriod() {
        var cpus = m.kernel().defer().completeGracePeriod();
        m.trace().gracePeriod(m.steps(), m.kernel().defer().completedGp());
        for (int cpu : cpus) m.kernel().raiseSoftirq(cpu, Softirq.RCU, true);
    }

    private static Long earliest(Long a, Long b) {
        return a == null ? b : b == null || a - b <= 0 ? a : b;
    }

    /** The next moment something is due by itself: a timer expires or a sleeper's timeout ends; null if none. */
    Long nextTimedEvent() {
        return earliest(m.kernel().defer().nextExpiry(), nextSleeperDeadline());
    }

    /** The earliest deadline a sleeping context waits for (msleep, schedule_timeout), or null. */
    private Long nextSleeperDeadline() {
        Long deadline = null;
        for (Context c : m.contexts()) {
            if (c.status == Context.Status.BLOCKED && c.wait instanceof WaitCondition.Sleep s && s.deadline() != 0) {
                deadline = earliest(deadline, s.deadline());
            }
        }
        return deadline;
    }

    void advanceJiffies(long to) {
        m.advanceJiffies(to);
    }
}

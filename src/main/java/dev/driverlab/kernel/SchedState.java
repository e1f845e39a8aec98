package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks and sleeping as data: who waits on which wait queue, who has been woken or signalled, which task struct
 * belongs to which context, who holds which lock, and lockdep's dependency graph. Keyed by context id and
 * address; sorted or insertion-ordered maps only, so iteration order never depends on hashing.
 */
public final class SchedState {
    /** A lock's state: mutex/spinlock owner, rwlock readers, semaphore handled through memory. */
    static final class Lock {
        int owner; // context id, 0 when free
        int readers;
        String name;

        Lock copy() {
            Lock l = new Lock();
            l.owner = owner;
            l.readers = readers;
            l.name = name;
            return l;
        }
    }

    final CowMap<Long, List<Integer>> waitQueues = CowMap.sorted(ArrayList::new);
    /** wait_queue_entry addresses with a wake function of their own (add_wait_queue), per wait queue, in order. */
    final CowMap<Long, List<Long>> waitEntries = CowMap.sorted(ArrayList::new);

    final CowMap<Integer, Integer> sleeping = CowMap.sorted(); // ctx -> TASK_* state while asleep
    final CowSet<Integer> woken = CowSet.sorted();
    final CowMap<Integer, Integer> signals = CowMap.sorted(); // ctx -> pending signal
    final CowMap<Long, Integer> tasks = CowMap.sorted(); // task_struct -> ctx
    final CowMap<Integer, Long> taskOf = CowMap.sorted();
    final CowMap<Integer, Integer> taskState = CowMap.sorted(); // set_current_state
    /** Tasks a try_to_wake_up set back to TASK_RUNNING before they slept: their schedule() returns at once. */
    final CowSet<Integer> wokeBeforeSleep = CowSet.sorted();

    final CowSet<Integer> stopRequested = CowSet.sorted();
    final CowMap<Integer, Long> exitCodes = CowMap.sorted();
    final CowSet<Integer> exited = CowSet.sorted();
    final CowMap<Long, Lock> locks = CowMap.sorted(Lock::copy);
    final CowMap<Integer, List<Long>> held = CowMap.sorted(ArrayList::new);
    final CowMap<Integer, Integer> atomicDepth = CowMap.sorted();
    final CowMap<Integer, Integer> irqsOff = CowMap.sorted();
    /** rcu_read_lock nesting per context (current->rcu_read_lock_nesting; lockdep's rcu_lock_map held). */
    final CowMap<Integer, Integer> rcuDepth = CowMap.sorted();
    /** RCU_LOCKDEP_WARN's static __warned, one per call site ("file:line"): each site splats once. */
    final CowSet<String> rcuWarned = CowSet.sorted();

    final CowMap<Long, Map<Long, String>> lockGraph =
            CowMap.sorted(LinkedHashMap::new); // A -> (B -> where B was taken under A)
    final CowMap<String, String> heldWhere = CowMap.sorted(); // "ctx:lock" -> where it was taken
    final CowMap<String, String> lockUsage = CowMap.sorted(); // "addr:usage" -> where first seen
    /** lib/debug_locks.c's debug_locks: lockdep's first report turns it off (debug_locks_off), nothing more is checked. */
    boolean debugLocks = true;

    SchedState copy() {
        SchedState c = new SchedState();
        c.waitQueues.shareFrom(waitQueues);
        c.waitEntries.shareFrom(waitEntries);
        c.sleeping.shareFrom(sleeping);
        c.woken.shareFrom(woken);
        c.signals.shareFrom(signals);
        c.tasks.shareFrom(tasks);
        c.taskOf.shareFrom(taskOf);
        c.taskState.shareFrom(taskState);
        c.wokeBeforeSleep.shareFrom(wokeBeforeSleep);
        c.stopRequested.shareFrom(stopRequested);
        c.exitCodes.shareFrom(exitCodes);
        c.exited.shareFrom(exited);
        c.locks.shareFrom(locks);
        c.held.shareFrom(held);
        c.atomicDepth.shareFrom(atomicDepth);
        c.irqsOff.shareFrom(irqsOff);
        c.rcuDepth.shareFrom(rcuDepth);
        c.rcuWarned.shareFrom(rcuWarned);
        c.lockGraph.shareFrom(lockGraph);
        c.lockUsage.shareFrom(lockUsage);
        c.debugLocks = debugLocks;
        c.heldWhere.shareFrom(heldWhere);
        return c;
    }

    /** Removes a context from every wait queue (it woke up, or it exits). */
    void unqueue(int ctx) {
        Integer id = ctx;
        // Looked for read-only first: taking the map for writing copies every queue if a snapshot shares it.
        List<Long> on = new ArrayList<>(1);
        waitQueues.readOnly().forEach((queue, waiters) -> {
            if (waiters.contains(id)) on.add(queue);
        });
        for (Long queue : on) waitQueues.get(queue).remove(id);
        sleeping.remove(ctx);
    }

    static final int TASK_INTERRUPTIBLE = 1;
    static final int TASK_WAKEKILL = 0x100;

    public void signal(int ctx, int sig) {
        signals.put(ctx, sig);
        Integer state = sleeping.get(ctx);
        // signal_wake_up(t, fatal): TASK_INTERRUPTIBLE and, for a fatal signal (every signal here), TASK_WAKEKILL
        if (state != null && (state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)) != 0) woken.add(ctx);
    }

    public Integer pendingSignal(int ctx) {
        return signals.get(ctx);
    }

    public void registerTask(long task, int ctx) {
        tasks.put(task, ctx);
        taskOf.put(ctx, task);
    }

    public Long taskOf(int ctx) {
        return taskOf.get(ctx);
    }

    public Integer contextOf(long task) {
        return tasks.get(task);
    }

    public void markSleeping(int ctx, int state) {
        sleeping.put(ctx, state);
    }

    public int irqsOff(int ctx) {
        return irqsOff.getOrDefault(ctx, 0);
    }

    /** Whether any context has interrupts off (most of the time none has: a scheduler's pick can skip asking each). */
    public boolean anyIrqsOff() {
        return !irqsOff.isEmpty();
    }

    /** The wake-up that started a kernel thread is used up by starting it. */
    public void consumeWake(int ctx) {
        woken.remove(ctx);
        sleeping.remove(ctx);
    }

    public void wake(int ctx) {
        woken.add(ctx);
    }

    public void markExited(int ctx, long code) {
        if (taskOf.containsKey(ctx)) { // only a task can be waited for (kthread_stop) or woken by its task_struct
            exited.add(ctx);
            exitCodes.put(ctx, code);
        }
        unqueue(ctx);
        held.remove(ctx);
        atomicDepth.remove(ctx);
        irqsOff.remove(ctx);
        rcuDepth.remove(ctx);
    }

    /** The context's rcu_read_lock nesting depth. */
    public int rcuDepth(int ctx) {
        return rcuDepth.getOrDefault(ctx, 0);
    }

    /** lib/debug_locks.c's debug_locks: false once lockdep reported something or the kernel was tainted. */
    public boolean debugLocks() {
        return debugLocks;
    }

    /** debug_locks_off(): add_taint(..., LOCKDEP_NOW_UNRELIABLE) after a KASAN report, or lockdep's own report. */
    public void debugLocksOff() {
        debugLocks = false;
    }

    public int atomicDepth(int ctx) {
        return atomicDepth.getOrDefault(ctx, 0);
    }

    /**
     * preempt_count() of a context (arch/x86/include/asm/preempt.h): HARDIRQ_OFFSET in a hardirq, SOFTIRQ_OFFSET in a
     * softirq run, plus one per spinlock held or preempt_disable(); rcu_read_lock nests in the task instead
     * (PREEMPT_RCU).
     */
    public int preemptCount(int ctx, ContextKind kind) {
        int offset = kind == ContextKind.HARDIRQ ? 0x10000 : kind == ContextKind.SOFTIRQ ? 0x100 : 0;
        return atomicDepth(ctx) - rcuDepth(ctx) + offset;
    }

    public List<Long> held(int ctx) {
        return held.getOrDefault(ctx, List.of());
    }

    /** The context owning a lock (0 when free or unknown). */
    public int owner(long lock) {
        Lock l = locks.get(lock);
        return l == null ? 0 : l.owner;
    }

    public String lockName(long lock) {
        Lock l = locks.get(lock);
        return l == null || l.name == null ? Addresses.hex(lock) : l.name;
    }
}

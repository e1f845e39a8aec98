package dev.driverlab.kernel;

import java.util.List;

/**
 * Why a context is blocked, as data: the scheduler asks {@link #ready} after every step. A condition whose memory
 * was freed reports ready, so the sleeper re-runs its check and the bad access is reported in its own frame.
 */
public interface WaitCondition {
    boolean ready(KernelState k);

    String describe();

    /** Waits until a bit of a word in memory is clear (tasklet_kill, wait_on_bit). */
    record BitClear(long address, int bit, String why) implements WaitCondition {
        public boolean ready(KernelState k) {
            try {
                return (k.memory().read(address, 8, false) & (1L << bit)) == 0;
            } catch (MemoryFault f) {
                return true;
            }
        }

        public String describe() {
            return why + " (bit " + bit + " of " + Addresses.hex(address) + ")";
        }
    }

    /** A seqcount reader waits for the writer to end: the count at {@code address} is even again. */
    record SeqcountEven(long address) implements WaitCondition {
        public boolean ready(KernelState k) {
            try {
                return (k.memory().read(address, 4, false) & 1) == 0;
            } catch (MemoryFault f) {
                return true; // the reader's next read faults and is reported there
            }
        }

        public String describe() {
            return "read_seqcount_begin: waiting for the writer of " + Addresses.hex(address) + " to end";
        }
    }

    /** Waits until no handler of an IRQ line runs (synchronize_irq, free_irq). */
    record IrqIdle(int irq) implements WaitCondition {
        public boolean ready(KernelState k) {
            IrqLine line = k.irq(irq);
            return line == null || line.running == 0;
        }

        public String describe() {
            return "synchronize_irq: waiting for the handler of IRQ " + irq + " to finish";
        }
    }

    /** A sleeping task: woken by wake_up/complete/wake_up_process, by a signal if interruptible, or by time. */
    record Sleep(int ctx, boolean interruptible, long deadline, String why) implements WaitCondition {
        public boolean ready(KernelState k) {
            return k.sched.woken.contains(ctx)
                    || (interruptible && k.sched.signals.containsKey(ctx))
                    || (deadline != 0 && k.jiffies - deadline >= 0);
        }

        public String describe() {
            return why;
        }
    }

    /** Waits for a lock to be released (a mutex sleeps, a spinlock spins). */
    /**
     * A lock of LockPrimitives' {@code kind} becomes free for this taker: a semaphore with a count left, a lock no
     * writer holds for a reader ({@code read}), a lock nobody holds for a writer.
     */
    record LockFree(long lock, int ctx, boolean interruptible, String why, int kind, boolean read)
            implements WaitCondition {
        public boolean ready(KernelState k) {
            SchedState.Lock l = k.sched.locks.get(lock);
            boolean free;
            if (kind == LockPrimitives.SEM) {
                try {
                    free = k.memory().read(lock, 4, true) > 0;
                } catch (MemoryFault f) {
                    free = true;
                }
            } else {
                free = l == null || (l.owner == 0 && (read || l.readers == 0));
            }
            return free || (interruptible && k.sched.signals.containsKey(ctx));
        }

        public String describe() {
            return why;
        }
    }

    /** cancel_work_sync/flush_work: waits until a work item is neither running (nor, for flush, pending). */
    record WorkIdle(long work, boolean pendingToo) implements WaitCondition {
        public boolean ready(KernelState k) {
            return !k.defer.runningWork.containsKey(work) && !(pendingToo && k.defer.workPending(work));
        }

        public String describe() {
            return "waiting for work " + Addresses.hex(work) + " to finish";
        }
    }

    /** flush_workqueue: waits until nothing the workqueue had queued before {@code before} is queued or running. */
    record QueueIdle(long wq, long before) implements WaitCondition {
        public boolean ready(KernelState k) {
            for (var q : k.defer.work.values()) for (var w : q) if (w.wq() == wq && w.seq() < before) return false;
            for (var r : k.defer.runningWork.values()) if (r.wq() == wq && r.seq() < before) return false;
            return true;
        }

        public String describe() {
            return "flush_workqueue: waiting for queued work to run";
        }
    }

    /** del_timer_sync: waits until the timer's callback is not running. */
    record TimerIdle(long timer) implements WaitCondition {
        public boolean ready(KernelState k) {
            return !k.defer.runningTimers.containsKey(timer);
        }

        public String describe() {
            return "del_timer_sync: waiting for the running timer callback";
        }
    }

    /** kthread_stop: waits until the thread has exited. */
    record Exited(int ctx) implements WaitCondition {
        public boolean ready(KernelState k) {
            return k.sched.exited.contains(ctx);
        }

        public String describe() {
            return "kthread_stop: waiting for the thread to exit";
        }
    }

    /** synchronize_rcu: waits until grace period {@code gp} has completed. */
    record GracePeriod(long gp) implements WaitCondition {
        public boolean ready(KernelState k) {
            return k.defer.completedGp >= gp;
        }

        public String describe() {
            return "synchronize_rcu: waiting for a grace period";
        }
    }

    /** rcu_barrier: waits until every callback queued before it has been invoked. */
    record Barrier(long seq) implements WaitCondition {
        public boolean ready(KernelState k) {
            for (var cb : k.defer.callbacks) if (cb.seq() <= seq) return false;
            return true;
        }

        public String describe() {
            return "rcu_barrier: waiting for queued RCU callbacks to be invoked";
        }
    }

    /** synchronize_irq: waits until no threaded handler of the line is pending or running. */
    record IrqThreadsIdle(int irq) implements WaitCondition {
        public boolean ready(KernelState k) {
            IrqLine line = k.irq(irq);
            return line == null || line.threadsActive == 0;
        }

        public String describe() {
            return "synchronize_irq: waiting for the threaded handler of IRQ " + irq;
        }
    }

    /** A kernel thread created but not yet woken by wake_up_process. */
    record NotStarted(int ctx) implements WaitCondition {
        public boolean ready(KernelState k) {
            return k.sched.woken.contains(ctx);
        }

        public String describe() {
            return "created, waiting for wake_up_process";
        }
    }

    /** kernfs_drain: waits until no caller is inside the show/store of the removed nodes (active references). */
    record KernfsDrained(List<VfsState.Node> nodes) implements WaitCondition {
        public boolean ready(KernelState k) {
            for (VfsState.Node n : nodes) if (k.vfs().active.containsKey(n)) return false;
            return true;
        }

        public String describe() {
            return "kernfs_drain: waiting for " + nodes.get(0).path() + " to be released";
        }
    }
}

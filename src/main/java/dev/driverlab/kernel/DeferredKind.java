package dev.driverlab.kernel;

/**
 * The kinds of deferred work a driver queues: a tasklet (on its CPU's {@code tasklet_vec}), a work item (on a worker
 * pool), a timer, an RCU callback. Each is queued by one trace event kind and taken to run (or cancelled) by others.
 */
public enum DeferredKind {
    TASKLET(EventKind.TASKLET_SCHEDULE),
    WORK(EventKind.WORK_QUEUE),
    TIMER(EventKind.TIMER_ARM),
    RCU(EventKind.RCU_QUEUE);

    private final EventKind queuedBy;

    DeferredKind(EventKind queuedBy) {
        this.queuedBy = queuedBy;
    }

    /** The trace event that puts an item of this kind on its queue (its {@code from} is the item's address). */
    public EventKind queuedBy() {
        return queuedBy;
    }

    /** The kind queued by event kind {@code k}, or null. */
    public static DeferredKind queuedBy(EventKind k) {
        for (DeferredKind d : values()) if (d.queuedBy == k) return d;
        return null;
    }

    /** The name the state view and the lab use: tasklet, work, timer, rcu. */
    public String json() {
        return name().toLowerCase();
    }
}

package dev.driverlab.kernel;

/** The kinds of trace events; the JSON name is the lower-case, dashed form. */
public enum EventKind {
    COMMAND,
    CONTEXT_START,
    CONTEXT_EXIT,
    ENTER,
    RETURN,
    STATEMENT,
    BLOCKED,
    WOKEN,
    PAUSED,
    RESUMED,
    ALLOC,
    FREE,
    READ,
    WRITE,
    REFCOUNT,
    MODULE_STATE,
    DEVRES_ADD,
    DEVRES_RELEASE,
    IRQ_REQUEST,
    IRQ_FIRE,
    IRQ_FREE,
    TASKLET_SCHEDULE,
    TASKLET_START,
    TASKLET_FINISH,
    TASKLET_KILL,
    BOUND,
    UNBOUND,
    DMESG,
    WARNING,
    REPORT,
    OUTPUT,
    SYSCALL,
    SIGNAL,
    LOCK_ACQUIRE,
    LOCK_RELEASE,
    WORK_QUEUE,
    WORK_START,
    WORK_FINISH,
    TIMER_ARM,
    TIMER_FIRE,
    TIMER_CANCEL,
    RCU_QUEUE,
    RCU_INVOKE,
    GRACE_PERIOD,
    TICK;

    private final String json = name().toLowerCase().replace('_', '-');

    public String json() {
        return json;
    }
}

package dev.driverlab.kernel;

/** What a context is, in scheduling priority order: hardirq preempts softirq preempts tasks. */
public enum ContextKind {
    HARDIRQ,
    SOFTIRQ,
    PROCESS;

    public boolean atomic() {
        return this != PROCESS;
    }
}

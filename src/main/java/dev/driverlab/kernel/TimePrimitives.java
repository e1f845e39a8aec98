package dev.driverlab.kernel;

/**
 * The clocks (kernel/time/timekeeping.c) read off simulated time, so the same scenario prints the same times:
 * CLOCK_MONOTONIC is the time since boot, the jiffies since {@link KernelState#INITIAL_JIFFIES} at 4 ms each plus the
 * busy-wait time not yet a whole jiffy; CLOCK_REALTIME adds {@link #BOOT_EPOCH_SEC}; the coarse clocks stop at the
 * last tick. Also cpu_relax(), the PAUSE of a busy-wait loop, and preempt_count().
 */
final class TimePrimitives {
    private TimePrimitives() {}

    /** The wall-clock time the simulated machine booted at: 2024-01-01 00:00:00 UTC. */
    static final long BOOT_EPOCH_SEC = 1_704_067_200L;

    static final long NSEC_PER_SEC = 1_000_000_000L;

    static void register(Primitives p) {
        p.add("ktime_get", (e, a) -> e.kernel().monotonicNs());
        p.add(
                "ktime_get_real",
                (e, a) -> BOOT_EPOCH_SEC * NSEC_PER_SEC + e.kernel().monotonicNs());
        p.add("ktime_get_coarse", (e, a) -> e.kernel().coarseMonotonicNs());
        p.add(
                "ktime_get_coarse_real",
                (e, a) -> BOOT_EPOCH_SEC * NSEC_PER_SEC + e.kernel().coarseMonotonicNs());
        /*
         * A busy-wait loop's PAUSE. A real CPU runs millions of such iterations a second and the simulation steps far
         * fewer, so each one lets the CPU spin until the next tick: jiffies advance and timers due meanwhile fire, as
         * they would while the loop spins (a loop polling jiffies ends after as many ticks as it waits for).
         */
        p.add("cpu_relax", (e, a) -> {
            e.advanceJiffies(e.kernel().busyWait(e.kernel().nsToNextTick()));
            return 0;
        });
        p.add("preempt_count", (e, a) -> e.kernel().sched.preemptCount(e.contextId(), e.contextKind()));
    }
}

package dev.driverlab.session;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.trace.TraceEvents;
import java.util.List;

/**
 * What one batch of commands did: the trace events it added (seqs {@code from} up to the state's {@code next}),
 * the new kernel log lines and reports, how many commands ran, and how many were skipped because the kernel
 * crashed part-way (as the CLI stops at a bug report), then the state after it. As {@link Session#apply} returns
 * it, {@code events} is a view of the session's trace, to be read under the session's lock (where it is pushed);
 * {@link #bounded} is what may leave the lock.
 */
public record Batch(
        long from,
        List<TraceEvent> events,
        List<String> dmesg,
        List<Report> reports,
        int applied,
        int skipped,
        SessionState state) {

    /** The most events a batch's answer carries; the rest are paged from the trace ({@code trace?from=}). */
    public static final int MAX_EVENTS = 20_000;

    /**
     * The events read in place, column by column (the push's frames): only a batch as {@link Session#apply} returns
     * it has them so, under the session's lock.
     */
    public TraceEvents inPlace() {
        if (events instanceof TraceEvents view) return view;
        throw new IllegalStateException("a bounded batch: its events were copied out of the trace");
    }

    /** A copy holding at most {@link #MAX_EVENTS} events (the first ones), safe to keep after the lock. */
    public Batch bounded() {
        return new Batch(
                from,
                List.copyOf(events.subList(0, Math.min(events.size(), MAX_EVENTS))),
                dmesg,
                reports,
                applied,
                skipped,
                state);
    }
}

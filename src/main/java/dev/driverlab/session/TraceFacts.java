package dev.driverlab.session;

import dev.driverlab.engine.trace.Trace;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.kernel.EventKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session's state shows that the engine's state view has no column for yet, read off the trace: the last
 * value of every refcount (REFCOUNT events carry the object, the name and the new value). The reading is
 * incremental, so a state after each command costs only that command's events; a session whose trace was replaced
 * (rewind, refused batch) starts a new one.
 */
final class TraceFacts {
    private final Trace trace;
    private int scanned;
    /** Keyed by object and name, in order of first appearance, so lists do not jump between steps. */
    private final Map<String, SessionState.Refcount> refcounts = new LinkedHashMap<>();

    TraceFacts(Trace trace) {
        this.trace = trace;
    }

    /** True when this reading is of {@code t} (a session's engine, and so its trace, can be replaced). */
    boolean reads(Trace t) {
        return trace == t;
    }

    List<SessionState.Refcount> refcounts() {
        catchUp();
        return new ArrayList<>(refcounts.values());
    }

    private void catchUp() {
        for (; scanned < trace.size(); scanned++) {
            EventKind k = trace.kind(scanned); // reading the column is cheap; materialising records is not
            if (k != EventKind.REFCOUNT) continue;
            TraceEvent e = trace.event(scanned);
            long object = e.object() == null ? 0 : e.object();
            String name = e.text() == null ? "" : e.text();
            refcounts.put(
                    object + "\0" + name,
                    new SessionState.Refcount(
                            object, name, e.to() == null ? 0 : e.to(), e.seq(), e.context(), e.function()));
        }
    }
}

package dev.driverlab.session;

import dev.driverlab.engine.trace.Trace;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.kernel.EventKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last value of every refcount, read off the trace's refcount events (the state view has no refcount column
 * yet). Keyed by object and name in order of first appearance, so the list does not jump between steps.
 */
final class Refcounts {
    private Refcounts() {}

    static List<SessionState.Refcount> of(Trace trace) {
        Map<String, SessionState.Refcount> last = new LinkedHashMap<>();
        for (int seq = 0; seq < trace.size(); seq++) {
            if (trace.kind(seq) != EventKind.REFCOUNT) continue; // reading the column is cheap; records are not
            TraceEvent e = trace.event(seq);
            long object = e.object() == null ? 0 : e.object();
            String name = e.text() == null ? "" : e.text();
            last.put(object + "\0" + name, new SessionState.Refcount(object, name, e.to() == null ? 0 : e.to(),
                    e.seq(), e.context(), e.function()));
        }
        return new ArrayList<>(last.values());
    }
}

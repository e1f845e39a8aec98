package dev.driverlab.session;

import dev.driverlab.engine.trace.Trace;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.kernel.EventKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a session's state shows that the engine's state view has no column for yet, read off the trace: the last
 * value of every refcount, and the deferred work still pending. A tasklet is pending from tasklet-schedule until it
 * starts or is killed, work from work-queue until work-start, a timer from timer-arm until it fires or is
 * cancelled, an RCU callback from rcu-queue until rcu-invoke, keyed by the address of the tasklet/work/timer/rcu_head
 * (the lab's timeline reads the trace the same way). The reading is incremental, so a state after each command
 * costs only that command's events; a session whose trace was replaced (rewind, refused batch) starts a new one.
 */
final class TraceFacts {
    private static final Map<EventKind, String> OPENS = new EnumMap<>(Map.of(
            EventKind.TASKLET_SCHEDULE,
            "tasklet",
            EventKind.WORK_QUEUE,
            "work",
            EventKind.TIMER_ARM,
            "timer",
            EventKind.RCU_QUEUE,
            "rcu"));
    private static final Map<EventKind, String> CLOSES = new EnumMap<>(Map.of(
            EventKind.TASKLET_START,
            "tasklet",
            EventKind.TASKLET_KILL,
            "tasklet",
            EventKind.WORK_START,
            "work",
            EventKind.TIMER_FIRE,
            "timer",
            EventKind.TIMER_CANCEL,
            "timer",
            EventKind.RCU_INVOKE,
            "rcu"));
    private static final Pattern QUEUED = Pattern.compile(" (scheduled|queued|armed)$");

    private final Trace trace;
    private int scanned;
    /** Keyed by object and name, in order of first appearance, so lists do not jump between steps. */
    private final Map<String, SessionState.Refcount> refcounts = new LinkedHashMap<>();
    /** Keyed by kind and address: the seq of the event that queued it. */
    private final Map<String, Integer> pending = new LinkedHashMap<>();

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

    List<SessionState.PendingWork> pending() {
        catchUp();
        List<SessionState.PendingWork> out = new ArrayList<>();
        for (Map.Entry<String, Integer> p : pending.entrySet()) {
            TraceEvent e = trace.event(p.getValue());
            String kind = p.getKey().substring(0, p.getKey().indexOf(':'));
            String label = e.text() == null ? "" : QUEUED.matcher(e.text()).replaceFirst("");
            out.add(new SessionState.PendingWork(
                    kind, label.isEmpty() ? e.kind() : label, e.step(), e.seq(), e.object()));
        }
        return out;
    }

    private void catchUp() {
        for (; scanned < trace.size(); scanned++) {
            EventKind k = trace.kind(scanned); // reading the column is cheap; materialising records is not
            if (k == EventKind.REFCOUNT) {
                TraceEvent e = trace.event(scanned);
                long object = e.object() == null ? 0 : e.object();
                String name = e.text() == null ? "" : e.text();
                refcounts.put(
                        object + "\0" + name,
                        new SessionState.Refcount(
                                object, name, e.to() == null ? 0 : e.to(), e.seq(), e.context(), e.function()));
                continue;
            }
            String opens = OPENS.get(k);
            String closes = CLOSES.get(k);
            if (opens == null && closes == null) continue;
            TraceEvent e = trace.event(scanned);
            String key = (opens != null ? opens : closes) + ":" + (e.from() != null ? e.from() : e.object());
            if (opens != null) pending.putIfAbsent(key, scanned);
            else pending.remove(key);
        }
    }
}

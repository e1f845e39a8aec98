package dev.driverlab.session;

import dev.driverlab.engine.trace.Trace;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.kernel.EventKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deferred work still pending, read off the trace (the state view has no queue column yet): a tasklet from
 * tasklet-schedule until it starts or is killed, work from work-queue until work-start, a timer from timer-arm until
 * it fires or is cancelled, an RCU callback from rcu-queue until rcu-invoke. Keyed by the address of the
 * tasklet/work/timer/rcu_head; the same reading as the lab's timeline, so both show the same queues.
 */
final class Pending {
    private static final Map<EventKind, String> OPENS = new EnumMap<>(Map.of(
            EventKind.TASKLET_SCHEDULE, "tasklet", EventKind.WORK_QUEUE, "work", EventKind.TIMER_ARM, "timer",
            EventKind.RCU_QUEUE, "rcu"));
    private static final Map<EventKind, String> CLOSES = new EnumMap<>(Map.of(
            EventKind.TASKLET_START, "tasklet", EventKind.TASKLET_KILL, "tasklet", EventKind.WORK_START, "work",
            EventKind.TIMER_FIRE, "timer", EventKind.TIMER_CANCEL, "timer", EventKind.RCU_INVOKE, "rcu"));

    private Pending() {}

    static List<SessionState.PendingWork> of(Trace trace) {
        Map<String, SessionState.PendingWork> open = new LinkedHashMap<>();
        for (int seq = 0; seq < trace.size(); seq++) {
            EventKind k = trace.kind(seq);
            String opens = OPENS.get(k);
            String closes = CLOSES.get(k);
            if (opens == null && closes == null) continue;
            TraceEvent e = trace.event(seq);
            String kind = opens != null ? opens : closes;
            String key = kind + ":" + (e.from() != null ? e.from() : e.object());
            if (opens != null) {
                open.putIfAbsent(key, new SessionState.PendingWork(kind, label(e), e.step(), e.seq(), e.object()));
            } else {
                open.remove(key);
            }
        }
        return new ArrayList<>(open.values());
    }

    private static String label(TraceEvent e) {
        String text = e.text() == null ? "" : e.text().replaceFirst(" (scheduled|queued|armed)$", "");
        return text.isEmpty() ? e.kind() + " " + (e.object() == null ? "" : e.object()) : text;
    }
}

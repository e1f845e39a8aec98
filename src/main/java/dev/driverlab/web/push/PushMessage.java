package dev.driverlab.web.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.session.SessionState;
import java.util.List;

/**
 * One frame on {@code /topic/sessions/{id}}; {@code type} says which fields are set. A batch of commands arrives
 * as one or more {@code events} frames, then one {@code state} frame.
 * <ul>
 *   <li>{@code events}: trace events with seqs {@code from} to {@code next - 1}, in order;</li>
 *   <li>{@code state}: after a batch's events: its new log lines and reports, how many commands ran or were
 *       skipped, and the state (the same as {@code GET /api/sessions/{id}} gives, so watchers need not ask);</li>
 *   <li>{@code rewound}: the session went back to {@code step}; drop events from seq {@code next} on; with the
 *       state;</li>
 *   <li>{@code deleted}: the session is gone.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushMessage(String type, String session, Long from, Long next, List<TraceEvent> events,
                          List<String> dmesg, List<Report> reports, Integer applied, Integer skipped, Long step,
                          SessionState state) {

    static PushMessage events(String session, long from, List<TraceEvent> events) {
        return new PushMessage("events", session, from, from + events.size(), events, null, null, null, null, null,
                null);
    }

    static PushMessage state(String session, List<String> dmesg, List<Report> reports, int applied, int skipped,
                             SessionState state) {
        return new PushMessage("state", session, null, state.next(), null, dmesg, reports, applied, skipped, null,
                state);
    }

    static PushMessage rewound(String session, long step, SessionState state) {
        return new PushMessage("rewound", session, null, state.next(), null, null, null, null, null, step, state);
    }

    static PushMessage deleted(String session) {
        return new PushMessage("deleted", session, null, null, null, null, null, null, null, null, null);
    }
}

package dev.driverlab.web.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.session.SessionSummary;
import java.util.List;

/**
 * One frame on {@code /topic/sessions/{id}}; {@code type} says which fields are set. A batch of commands arrives
 * as zero or more {@code events} frames and then one {@code state} frame; both carry trace events with seqs
 * {@code from} to {@code next - 1}, in order (the state frame the batch's last ones, often all of them: one frame
 * per command is the common case).
 * <ul>
 *   <li>{@code events}: {@code from}, {@code next}, {@code events};</li>
 *   <li>{@code state}: the same, then the batch's new log lines and reports, how many commands ran or were
 *       skipped, and the {@link SessionSummary} after it;</li>
 *   <li>{@code rewound}: the session went back to {@code step}; drop events from seq {@code next} on;</li>
 *   <li>{@code deleted}: the session is gone.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushMessage(String type, String session, Long from, Long next, List<TraceEvent> events,
                          List<String> dmesg, List<Report> reports, Integer applied, Integer skipped, Long step,
                          SessionSummary state) {

    static PushMessage events(String session, long from, List<TraceEvent> events) {
        return new PushMessage("events", session, from, from + events.size(), events, null, null, null, null, null,
                null);
    }

    static PushMessage state(String session, long from, List<TraceEvent> events, List<String> dmesg,
                             List<Report> reports, int applied, int skipped, SessionSummary state) {
        return new PushMessage("state", session, from, from + events.size(), events, dmesg, reports, applied,
                skipped, null, state);
    }

    static PushMessage rewound(String session, long step, SessionSummary state) {
        return new PushMessage("rewound", session, null, state.next(), null, null, null, null, null, step, state);
    }

    static PushMessage deleted(String session) {
        return new PushMessage("deleted", session, null, null, null, null, null, null, null, null, null);
    }
}

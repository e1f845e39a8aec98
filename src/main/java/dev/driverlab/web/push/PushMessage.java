package dev.driverlab.web.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.web.wire.ReportDto;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One frame on {@code /topic/sessions/{id}}; {@code type} says which fields are set. A batch of commands arrives
 * as one {@code state} frame carrying its events, or, for a batch of more events than a frame holds
 * ({@code driverlab.push.events-per-message}), as {@code events} frames and then a {@code state} frame with the
 * last of them. Frames carry what changed (see {@link PushCodec} for both encodings):
 * <ul>
 *   <li>{@code events}: trace events with seqs {@code from} to {@code next - 1}, in order, as columns
 *       ({@code strings}, {@code interned}, {@code columns});</li>
 *   <li>{@code state}: the batch's last events as {@code events} has them ({@code from}, {@code strings},
 *       {@code interned}, {@code columns}; none when it added none), its new log lines and reports, how many
 *       commands ran or were skipped, and the new state as {@code patch}, a JSON merge patch against the state of version {@code base}
 *       giving the state of version {@code version}. A watcher holding another version (it missed a frame, has
 *       just connected) gets the state with {@code GET /api/sessions/{id}}, whose {@code DriverLab-State-Version}
 *       header gives its version, and goes on from there. When the server has no earlier state to diff against
 *       (the session's first push here) the frame has the whole {@code state} instead of {@code base} and
 *       {@code patch};</li>
 *   <li>{@code rewound}: the session went back to {@code step}; drop events from seq {@code next} on; with the
 *       state as for {@code state};</li>
 *   <li>{@code deleted}: the session is gone.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushMessage(
        String type,
        String session,
        Long from,
        Long next,
        JsonNode strings,
        JsonNode interned,
        JsonNode columns,
        List<String> dmesg,
        List<ReportDto> reports,
        Integer applied,
        Integer skipped,
        Long step,
        String version,
        String base,
        JsonNode patch,
        JsonNode state) {

    /** {@code events} made by {@link PushCodec#columns}. */
    static PushMessage events(String session, long from, int count, JsonNode events) {
        return new PushMessage(
                "events",
                session,
                from,
                from + count,
                events.get("strings"),
                events.get("interned"),
                events.get("columns"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static PushMessage state(
            String session,
            long next,
            List<String> dmesg,
            List<ReportDto> reports,
            int applied,
            int skipped,
            Delta delta) {
        return new PushMessage(
                "state",
                session,
                null,
                next,
                null,
                null,
                null,
                dmesg,
                reports,
                applied,
                skipped,
                null,
                delta.version(),
                delta.base(),
                delta.patch(),
                delta.state());
    }

    static PushMessage rewound(String session, long next, long step, Delta delta) {
        return new PushMessage(
                "rewound",
                session,
                null,
                next,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                step,
                delta.version(),
                delta.base(),
                delta.patch(),
                delta.state());
    }

    static PushMessage deleted(String session) {
        return new PushMessage(
                "deleted", session, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The state of {@code version}: as {@code patch} against {@code base}, or whole ({@code state}). */
    record Delta(String version, String base, JsonNode patch, JsonNode state) {}
}

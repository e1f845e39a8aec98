package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.TraceEvent;
import java.util.List;

/**
 * One trace event on the wire: {@code seq} and {@code step}, where it ran ({@code cpu}, {@code context},
 * {@code function}, {@code line}), its {@code kind} (dashed, as {@code EventKind} names it), and the kind's payload:
 * {@code object} (a memory object id, an IRQ number, a module slot), {@code from}/{@code to} and {@code text}.
 * Absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventDto(
        long seq,
        long step,
        int cpu,
        String context,
        String function,
        int line,
        String kind,
        Long object,
        Long from,
        Long to,
        String text) {

    public static EventDto of(TraceEvent e) {
        return new EventDto(
                e.seq(),
                e.step(),
                e.cpu(),
                e.context(),
                e.function(),
                e.line(),
                e.kind(),
                e.object(),
                e.from(),
                e.to(),
                e.text());
    }

    public static List<EventDto> of(List<TraceEvent> events) {
        return events.stream().map(EventDto::of).toList();
    }
}

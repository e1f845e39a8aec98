package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.session.SessionState;
import java.util.List;

/**
 * A session now on the wire, renderable on its own: its {@code id} and {@code scenario}, where it is ({@code steps};
 * {@code next} is the seq the next trace event will get), whether the kernel has crashed ({@code stopped}), how many
 * {@code commands} made it, {@code cut} (the step limit of the last command when a rewind stopped it part-way), the
 * {@code machine}, every report so far and the last value of every refcount seen in the trace. Mapped from
 * {@link SessionState}; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionStateDto(
        String id,
        String scenario,
        long steps,
        long next,
        boolean stopped,
        int commands,
        Long cut,
        StateDto machine,
        List<ReportDto> reports,
        List<RefcountDto> refcounts) {

    public static SessionStateDto of(SessionState s) {
        return new SessionStateDto(
                s.id(),
                s.scenario(),
                s.steps(),
                s.next(),
                s.stopped(),
                s.commands(),
                s.cut(),
                StateDto.of(s.machine()),
                s.reports() == null ? null : ReportDto.of(s.reports()),
                StateDto.map(s.refcounts(), RefcountDto::of));
    }

    /**
     * The last value of one refcount (a kref, refcount_t or a module's reference count), with the event that set it
     * and who ran it, so a UI can show "held by" next to the object.
     */
    public record RefcountDto(long object, String name, long value, long seq, String context, String function) {
        static RefcountDto of(SessionState.Refcount r) {
            return new RefcountDto(r.object(), r.name(), r.value(), r.seq(), r.context(), r.function());
        }
    }
}

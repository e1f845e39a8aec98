package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.driverlab.explore.ExploreResult;
import dev.driverlab.explore.Moment;
import java.util.List;

/**
 * A race search's result on the wire ({@code POST /api/explore}, a scenario's declared search): whether a crash was
 * {@code found}, its {@code report} and the {@code script} that replays it, the search's size ({@code states},
 * {@code schedules}, {@code depth}, {@code widest}: the most choices a state offered), whether it was
 * {@code complete} or what stopped it, the {@code moments} of a found race, the {@code verdict} (race-found,
 * no-crash, incomplete) and why it is incomplete. Mapped from {@link ExploreResult}; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExploreResultDto(
        String scenario,
        boolean found,
        ReportDto report,
        List<String> script,
        int scheduleLength,
        long steps,
        int states,
        long schedules,
        int depth,
        boolean complete,
        String stoppedBy,
        long millis,
        int widest,
        List<MomentDto> moments,
        String incompleteBecause,
        String verdict) {

    public static ExploreResultDto of(ExploreResult r) {
        return new ExploreResultDto(
                r.scenario(),
                r.found(),
                r.report() == null ? null : ReportDto.of(r.report()),
                r.script(),
                r.scheduleLength(),
                r.steps(),
                r.states(),
                r.schedules(),
                r.depth(),
                r.complete(),
                r.stoppedBy(),
                r.millis(),
                r.widest(),
                StateDto.map(r.moments(), MomentDto::of),
                r.incompleteBecause(),
                r.verdictCode());
    }

    /**
     * One moment of a found race: the trace event (its fields in place), the call stack its context had then
     * (innermost first), and where in the driver's own code it happened ({@code file}, {@code driverLine}: null and
     * 0 when no driver code was on the stack).
     */
    public record MomentDto(@JsonUnwrapped EventDto event, List<FrameDto> stack, String file, int driverLine) {
        static MomentDto of(Moment m) {
            return new MomentDto(
                    EventDto.of(m.event()), StateDto.map(m.stack(), FrameDto::of), m.file(), m.driverLine());
        }
    }

    /** A frame of a moment's stack: the function, its line, and its source file when it is the driver's own code. */
    public record FrameDto(String function, int line, String driverFile) {
        static FrameDto of(Moment.Frame f) {
            return new FrameDto(f.function(), f.line(), f.driverFile());
        }
    }
}

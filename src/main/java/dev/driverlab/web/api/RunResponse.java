package dev.driverlab.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.web.wire.EventDto;
import dev.driverlab.web.wire.ReportDto;
import dev.driverlab.web.wire.StateDto;
import java.util.List;

/**
 * A stateless run's result, the same document as the CLI's {@code --json} ({@link RunResult}): {@code trace} is
 * null in summary mode, {@code error} a command that could not apply, {@code truncated} what was left out of a
 * result cut to the API's size.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResponse(
        String scenario,
        long steps,
        List<EventDto> trace,
        List<String> dmesg,
        List<ReportDto> reports,
        List<String> output,
        List<String> warnings,
        StateDto state,
        String error,
        String truncated) {

    static RunResponse of(RunResult r) {
        return new RunResponse(
                r.scenario(),
                r.steps(),
                r.trace() == null ? null : EventDto.of(r.trace()),
                r.dmesg(),
                r.reports() == null ? null : ReportDto.of(r.reports()),
                r.output(),
                r.warnings(),
                StateDto.of(r.state()),
                r.error(),
                r.truncated());
    }
}

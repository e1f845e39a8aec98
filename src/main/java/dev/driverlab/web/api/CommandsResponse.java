package dev.driverlab.web.api;

import dev.driverlab.session.Batch;
import dev.driverlab.web.wire.EventDto;
import dev.driverlab.web.wire.ReportDto;
import dev.driverlab.web.wire.SessionStateDto;
import java.util.List;

/**
 * What a batch of commands did: trace events with seqs {@code from} to {@code next - 1} (at most
 * {@link Batch#MAX_EVENTS} of them: when {@code from + events.size() < next}, page the rest with
 * {@code trace?from=}), new kernel log lines and reports, how many commands ran and how many were skipped because
 * the kernel crashed part-way, the new state.
 */
public record CommandsResponse(
        long from,
        long next,
        List<EventDto> events,
        List<String> dmesg,
        List<ReportDto> reports,
        int applied,
        int skipped,
        SessionStateDto state) {

    static CommandsResponse of(Batch b) {
        return new CommandsResponse(
                b.from(),
                b.state().next(),
                EventDto.of(b.events()),
                b.dmesg(),
                ReportDto.of(b.reports()),
                b.applied(),
                b.skipped(),
                SessionStateDto.of(b.state()));
    }
}

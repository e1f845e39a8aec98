package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import java.util.List;

/**
 * A bug report on the wire: its {@code kind} (use-after-free, oops, soft-lockup...), the kernel's first line as
 * {@code title}, the whole {@code text}, the {@code seq} of the event that reported it, who ran ({@code context},
 * {@code function}) and the seqs of {@code related} events (the allocation and the free) the lab draws as arrows.
 * Empty fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReportDto(
        String kind, String title, String text, long seq, String context, String function, List<Long> related) {

    public static ReportDto of(Report r) {
        return new ReportDto(r.kind(), r.title(), r.text(), r.seq(), r.context(), r.function(), r.related());
    }

    public static List<ReportDto> of(List<Report> reports) {
        return reports.stream().map(ReportDto::of).toList();
    }
}

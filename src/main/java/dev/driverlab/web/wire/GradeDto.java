package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.exercise.Check;
import dev.driverlab.exercise.Grade;
import dev.driverlab.lang.Diagnostic;
import java.util.List;

/**
 * A graded exercise submission on the wire: {@code passed} when every check is green, the {@code checks}, the
 * compiler's {@code diagnostics} when the driver did not compile, and how long grading took. Mapped from
 * {@link Grade}; empty fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GradeDto(
        String exercise, boolean passed, List<CheckDto> checks, List<DiagnosticDto> diagnostics, long millis) {

    public static GradeDto of(Grade g) {
        return new GradeDto(
                g.exercise(),
                g.passed(),
                StateDto.map(g.checks(), CheckDto::of),
                StateDto.map(g.diagnostics(), DiagnosticDto::of),
                g.millis());
    }

    /**
     * One line of the checklist: its stable {@code name}, its {@code label} in words, its {@code status} (pass,
     * fail, warn, skipped), and for a failed run or search the {@code report}, the crashing {@code schedule} and the
     * search's {@code verdict}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckDto(
            String name,
            String label,
            String status,
            String detail,
            ReportDto report,
            List<String> schedule,
            String verdict) {
        static CheckDto of(Check c) {
            return new CheckDto(
                    c.name(),
                    c.label(),
                    c.status(),
                    c.detail(),
                    c.report() == null ? null : ReportDto.of(c.report()),
                    c.schedule(),
                    c.verdict());
        }
    }

    /** One compile error as gcc prints it: where ({@code file}, {@code line}, {@code col}), what, and the line. */
    public record DiagnosticDto(String file, int line, int col, String message, String sourceLine) {
        static DiagnosticDto of(Diagnostic d) {
            return new DiagnosticDto(d.file(), d.line(), d.col(), d.message(), d.sourceLine());
        }
    }
}

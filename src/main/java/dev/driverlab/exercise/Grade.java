package dev.driverlab.exercise;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.lang.Diagnostic;
import java.util.List;

/**
 * A graded submission: {@code passed} when every check is green; {@code diagnostics} are the compiler's (gcc-style)
 * when the driver did not compile.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Grade(String exercise, boolean passed, List<Check> checks, List<Diagnostic> diagnostics, long millis) {
    public Grade {
        checks = List.copyOf(checks);
        diagnostics = List.copyOf(diagnostics);
    }

    /** How many checks are green (pass or warn) of how many. */
    public String summary() {
        long green = checks.stream().filter(c -> !c.failed()).count();
        return green + "/" + checks.size();
    }
}

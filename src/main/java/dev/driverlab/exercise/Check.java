package dev.driverlab.exercise;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import java.util.List;

/**
 * One line of a grade's checklist: {@code name} is stable ({@code compile}, {@code script:NAME}, {@code search}),
 * {@code label} says it in words. {@code status}: {@code pass}, {@code fail}, {@code warn} (passed, but the kernel
 * reported a kind the exercise does not forbid) or {@code skipped} (the driver did not compile). A failed search
 * carries the shortest crashing {@code schedule}, a script that replays it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Check(
        String name, String label, String status, String detail, Report report, List<String> schedule, String verdict) {
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String WARN = "warn";
    public static final String SKIPPED = "skipped";

    public boolean failed() {
        return status.equals(FAIL) || status.equals(SKIPPED);
    }
}

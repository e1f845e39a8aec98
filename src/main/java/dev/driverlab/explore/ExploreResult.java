package dev.driverlab.explore;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import java.util.List;

/**
 * What a search found: the first crash in breadth-first order (so a shortest one) with the script that replays
 * it, or none within the bounds. {@code states} are distinct states visited, {@code schedules} the transitions
 * tried; {@code complete} says the whole bounded space was covered (no state or time cut).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExploreResult(String scenario, boolean found, Report report, List<String> script, int scheduleLength,
                            long steps, int states, long schedules, int depth, boolean complete, String stoppedBy,
                            long millis) {

    /** 1 when a crash was found, 0 when none was within the bounds (as the CLI exits). */
    public int exitCode() {
        return found ? 1 : 0;
    }
}

package dev.driverlab.web.api;

import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.web.wire.SpecDto.WorldSpecDto;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/explore}: a scenario as for sessions, the events to interleave (default: the scenario's
 * declared search), the setup run first (default: insmod of the module), bounds, and an optional {@code jobId}
 * from {@code POST /api/explore/jobs}, under which progress is pushed to the job's topic and the search can be
 * cancelled; {@code permute} (any event order) and {@code cpus} (IRQs on any CPU) default to the scenario's search.
 * The bounds' limits are declared here and checked by {@link RequestLimits}.
 */
public record ExploreRequest(
        String scenario,
        String yaml,
        String source,
        WorldSpecDto world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        List<String> events,
        String setup,

        @Min(value = 1, message = DEPTH) @Max(value = MAX_DEPTH, message = DEPTH)
        Integer depth,

        @Min(value = 1, message = STATES) @Max(value = ExploreController.MAX_STATES, message = STATES)
        Integer maxStates,

        @Min(value = 1, message = MILLIS) @Max(value = ExploreController.MAX_MILLIS, message = MILLIS)
        Long maxMillis,

        String jobId,
        Boolean permute,
        Boolean cpus) {
    /** The deepest search a request may ask for (a scenario may declare deeper ones: the default is checked too). */
    static final int MAX_DEPTH = 5_000;

    private static final String DEPTH = "must be 1.." + MAX_DEPTH;
    private static final String STATES = "must be 1.." + ExploreController.MAX_STATES;
    private static final String MILLIS = "must be 1.." + ExploreController.MAX_MILLIS;

    ScenarioSpec spec() {
        return new ScenarioSpec(scenario, yaml, source, WorldSpecDto.spec(world), module, sources, modules);
    }
}

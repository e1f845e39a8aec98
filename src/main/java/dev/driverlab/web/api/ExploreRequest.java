package dev.driverlab.web.api;

import dev.driverlab.session.ScenarioSpec;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/explore}: a scenario as for sessions, the events to interleave (default: the scenario's
 * declared search), the setup run first (default: insmod of the module), bounds, and an optional {@code jobId}
 * from {@code POST /api/explore/jobs}, under which progress is pushed to the job's topic and the search can be
 * cancelled; {@code permute} (any event order) and {@code cpus} (IRQs on any CPU) default to the scenario's search.
 */
public record ExploreRequest(
        String scenario,
        String yaml,
        String source,
        ScenarioSpec.WorldSpec world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        List<String> events,
        String setup,
        Integer depth,
        Integer maxStates,
        Long maxMillis,
        String jobId,
        Boolean permute,
        Boolean cpus) {

    ScenarioSpec spec() {
        return new ScenarioSpec(scenario, yaml, source, world, module, sources, modules);
    }
}

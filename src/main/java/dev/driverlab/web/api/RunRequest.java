package dev.driverlab.web.api;

import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.web.wire.SpecDto.WorldSpecDto;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/runs}: a scenario as for {@code POST /api/sessions}, then either {@code commands} or the
 * scenario's script named {@code scriptName} (default: its main script); {@code maxSteps} is the step budget per
 * command, as the CLI's {@code --max-steps}.
 */
public record RunRequest(
        String scenario,
        String yaml,
        String source,
        WorldSpecDto world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        List<String> commands,
        String scriptName,
        Integer maxSteps) {

    ScenarioSpec spec() {
        return new ScenarioSpec(scenario, yaml, source, WorldSpecDto.spec(world), module, sources, modules);
    }
}

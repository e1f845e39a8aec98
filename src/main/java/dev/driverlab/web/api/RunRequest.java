package dev.driverlab.web.api;

import dev.driverlab.session.ScenarioSpec;
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
        ScenarioSpec.WorldSpec world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        List<String> commands,
        String scriptName,
        Integer maxSteps) {

    ScenarioSpec spec() {
        return new ScenarioSpec(scenario, yaml, source, world, module, sources, modules);
    }
}

package dev.driverlab.web.lab;

import dev.driverlab.session.ScenarioSpec;
import java.util.List;
import java.util.Map;

/** {@code POST /api/validate}: a scenario file ({@code yaml}) or a driver ({@code source}, optional {@code module}). */
public record ValidateRequest(
        String yaml, String source, String module, Map<String, String> sources, Map<String, List<String>> modules) {

    ScenarioSpec spec() {
        return new ScenarioSpec(null, yaml, source, null, module, sources, modules);
    }
}

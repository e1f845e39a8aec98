package dev.driverlab.web.lab;

import dev.driverlab.session.ScenarioSpec;

/** {@code POST /api/validate}: a scenario file ({@code yaml}) or a driver ({@code source}, optional {@code module}). */
public record ValidateRequest(String yaml, String source, String module) {

    ScenarioSpec spec() {
        return new ScenarioSpec(null, yaml, source, null, module);
    }
}

package dev.driverlab.web.lab;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.web.wire.ScenarioDto;
import dev.driverlab.web.wire.SpecDto;

/** What a session runs: the spec as its creator named it (to fork or search it) and the scenario itself. */
public record SessionScenario(SpecDto spec, ScenarioDto scenario) {
    static SessionScenario of(ScenarioSpec spec, Scenario scenario) {
        return new SessionScenario(SpecDto.of(spec), ScenarioDto.of(scenario));
    }
}

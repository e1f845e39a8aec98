package dev.driverlab.web.lab;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.session.ScenarioSpec;

/** What a session runs: the spec as its creator named it (to fork or search it) and the scenario itself. */
public record SessionScenario(ScenarioSpec spec, Scenario scenario) {}

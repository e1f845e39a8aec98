package dev.driverlab.web.api;

import dev.driverlab.scenario.Scenario;
import java.util.List;

/** One entry of {@code GET /api/scenarios}. */
public record ScenarioSummary(String id, String title, String summary, String seed, List<String> tags) {

    static ScenarioSummary of(Scenario s) {
        return new ScenarioSummary(s.id(), s.title(), s.summary(), s.seed(), s.tags());
    }
}

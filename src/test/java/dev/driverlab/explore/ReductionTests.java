package dev.driverlab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import org.junit.jupiter.api.Test;

class ReductionTests {
    private static final Explorer.Bounds BOUNDS = new Explorer.Bounds(400, 200_000, 60_000);

    private static ExploreResult explore(Scenario s, Explorer.Reduction reduction) {
        return ExploreRunner.explore(s, ExploreRunner.defaultSetup(s), s.search().events(),
                ExploreRunner.Options.of(s, null, null), reduction, BOUNDS, null,
                () -> false);
    }

    @Test
    void measure() {
        for (Scenario s : ScenarioLibrary.builtIn().all()) {
            if (s.search().isEmpty()) continue;
            StringBuilder line = new StringBuilder(s.id());
            for (Explorer.Reduction r : Explorer.Reduction.values()) {
                ExploreResult x = explore(s, r);
                line.append(String.format("  %s: %s st=%d tr=%d d=%d %dms", r, x.verdict(), x.states(), x.schedules(),
                        x.depth(), x.millis()));
            }
            System.out.println(line);
        }
    }
}

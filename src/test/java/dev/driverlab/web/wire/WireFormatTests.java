package dev.driverlab.web.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Engine;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The web's own records for the trace serialize as the engine's records always did (the lab reads that JSON). */
class WireFormatTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void eventsAndReportsOnTheWireAreTheEnginesRecordsFieldForField() {
        Scenario s = ScenarioLoader.load(Path.of("src/main/resources/scenarios/devm-irq-tasklet.yaml"));
        RunResult r = ScenarioRunner.run(
                s, "script", ScriptParser.parse("script", s.script()), Engine.DEFAULT_MAX_STEPS, true);
        assertThat(r.trace()).isNotEmpty();
        assertThat(r.reports()).isNotEmpty();
        for (TraceEvent e : r.trace()) {
            assertThat(JSON.writeValueAsString(EventDto.of(e))).isEqualTo(JSON.writeValueAsString(e));
        }
        for (Report report : r.reports()) {
            assertThat(JSON.writeValueAsString(ReportDto.of(report))).isEqualTo(JSON.writeValueAsString(report));
        }
        Report bare = new Report("oops", "BUG", "BUG", 3, null, null, List.of());
        assertThat(JSON.writeValueAsString(ReportDto.of(bare))).isEqualTo(JSON.writeValueAsString(bare));
    }
}

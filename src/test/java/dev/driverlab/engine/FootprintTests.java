package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import org.junit.jupiter.api.Test;

/** The estimates the memory budgets rely on grow with what they estimate and never with nothing. */
class FootprintTests {
    static Engine afterInsmod() {
        Scenario s = ScenarioLibrary.builtIn().find("devm-irq-tasklet").orElseThrow();
        Engine e = new Engine(ScenarioRunner.compile(s));
        e.apply(ScriptParser.parse("x", "insmod devm_irq_tasklet").get(0));
        return e;
    }

    @Test
    void aCopyThatWroteNothingCostsLessThanTheMachineAndOneThatWroteCostsMore() {
        Engine e = afterInsmod();
        Engine quiet = e.copy();
        assertThat(Footprint.copyOf(quiet.machine(), e.machine())).isLessThan(Footprint.state(e.machine()));
        Engine busy = e.copy();
        busy.apply(ScriptParser.parse("x", "irq 17").get(0));
        assertThat(Footprint.copyOf(busy.machine(), e.machine()))
                .isGreaterThan(Footprint.copyOf(quiet.machine(), e.machine()));
    }

    @Test
    void theTraceCountsForEveryEventItHolds() {
        Engine e = afterInsmod();
        long before = e.machine().trace().estimatedBytes();
        for (int i = 0; i < 100; i++) e.apply(ScriptParser.parse("x", "irq 17").get(0));
        long events = e.machine().trace().size();
        assertThat(e.machine().trace().estimatedBytes() - before).isGreaterThan(events / 2 * 8 * 4);
    }

    @Test
    void aCopyOfATraceThatNoLongerRecordsReadsTheSameEvents() {
        Engine e = afterInsmod();
        e.machine().trace().stopRecording();
        Engine copy = e.copy();
        assertThat(copy.machine().trace().size()).isEqualTo(e.machine().trace().size());
        assertThat(copy.machine().trace().event(0))
                .isEqualTo(e.machine().trace().event(0));
    }
}

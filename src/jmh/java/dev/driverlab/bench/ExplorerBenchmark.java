package dev.driverlab.bench;

import dev.driverlab.explore.ExploreResult;
import dev.driverlab.explore.ExploreRunner;
import dev.driverlab.explore.Explorer;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "Find the race" on the built-in scenarios that declare a search: time per whole search. The number of states
 * each search visits is printed at setup; states/s = states / (time per search).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ExplorerBenchmark {
    @Param({"devm-irq-tasklet", "devm-irq-tasklet-fixed"})
    public String scenario;

    private Scenario s;

    @Setup
    public void setup() {
        s = ScenarioLibrary.builtIn().find(scenario).orElseThrow();
        ExploreResult r = search();
        System.out.println("\n" + scenario + ": " + r.states() + " states, " + r.schedules() + " schedules, found="
                + r.found() + ", peak heap ~" + (Runtime.getRuntime().totalMemory() >> 20) + " MiB");
    }

    @Benchmark
    public ExploreResult search() {
        return ExploreRunner.explore(s, ExploreRunner.defaultSetup(s), s.explore().events(),
                new Explorer.Bounds(s.explore().depth(), 1_000_000, 600_000), null, () -> false);
    }
}

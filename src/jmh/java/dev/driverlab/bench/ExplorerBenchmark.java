package dev.driverlab.bench;

import dev.driverlab.explore.ExploreResult;
import dev.driverlab.explore.ExploreRunner;
import dev.driverlab.explore.Explorer;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "Find the race" on every built-in scenario with a search (declared or derived from its script), as the lab's
 * button runs it: time per whole search, with the explorer's reduction ({@code SLEEP_SETS}, the default) or without
 * ({@code NONE}: a choice at every step; {@code LOCAL_STEPS}: local steps merged, no sleep sets). The states and
 * transitions each search makes are printed at setup; states/s = states / (time per search). After each iteration
 * the search thread's CPU time per search is printed too: on a machine shared with other work the wall time per
 * search mostly measures waiting for a core, the CPU time does not.
 *
 * <p>{@code mvn -Pjmh test-compile exec:exec -Djmh.args="ExplorerBenchmark -p reduction=NONE -p scenario=..."}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ExplorerBenchmark {
    @Param({"devm-irq-tasklet", "devm-irq-tasklet-fixed", "devm-chardev-unbind", "devm-chardev-unbind-fixed",
            "workqueue-rearm", "workqueue-rearm-fixed", "timer-rearm", "timer-rearm-fixed", "module-refcount-openers",
            "module-refcount-openers-buggy", "proc-sleep", "proc-sleep-buggy", "locks-sleep-in-atomic", "locks-abba",
            "call-rcu-unload", "call-rcu-unload-synchronize", "call-rcu-unload-fixed", "cdev-kref-disconnect",
            "cdev-kref-disconnect-layout2", "cdev-kref-disconnect-layout3", "poll-ioctl-mailbox",
            "kmem-cache-double-free", "kmem-cache-double-free-fixed", "module-params", "seq-file-planets",
            "workqueue-destroy-delayed"})
    public String scenario;

    @Param({"SLEEP_SETS"})
    public Explorer.Reduction reduction;

    private Scenario s;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long searches;

    @Setup
    public void setup() {
        s = ScenarioLibrary.builtIn().find(scenario).orElseThrow();
        ExploreResult r = explore();
        System.out.println("\n" + scenario + " " + reduction + ": " + r.verdict() + ", " + r.states() + " states, "
                + r.schedules() + " transitions, depth " + r.depth() + ", peak heap ~"
                + (Runtime.getRuntime().totalMemory() >> 20) + " MiB");
    }

    @TearDown(Level.Iteration)
    public void cpuPerSearch() {
        if (searches > 0) {
            System.out.printf(" [cpu %.1f ms/op over %d searches]", cpuNanos / 1e6 / searches, searches);
        }
        cpuNanos = 0;
        searches = 0;
    }

    @Benchmark
    public ExploreResult search() {
        long before = THREADS.getCurrentThreadCpuTime();
        ExploreResult r = explore();
        cpuNanos += THREADS.getCurrentThreadCpuTime() - before;
        searches++;
        return r;
    }

    private ExploreResult explore() {
        return ExploreRunner.explore(s, ExploreRunner.defaultSetup(s), s.search().events(),
                ExploreRunner.Options.of(s, null, null), reduction,
                new Explorer.Bounds(s.search().depth(), 1_000_000, 600_000), null, () -> false);
    }
}

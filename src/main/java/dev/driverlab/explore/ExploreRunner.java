package dev.driverlab.explore;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.compile.FunctionCode;
import dev.driverlab.engine.compile.Unit;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/** "Find the race" for a scenario: run the setup, search the events' interleavings, return a replayable script. */
public final class ExploreRunner {
    private ExploreRunner() {}

    /** The setup a scenario's search starts from: its search's (declared or derived), else loading its module. */
    public static String defaultSetup(Scenario s) {
        return s.search().setup() != null ? s.search().setup() : "insmod " + s.module();
    }

    /**
     * What the search may choose besides the interleaving: the events' order, and the CPU each IRQ fires on and each
     * process started by an event runs on.
     */
    public record Options(boolean permute, boolean cpus) {
        public static final Options IN_ORDER = new Options(false, false);

        /** The scenario's search's options, each overridden when given (non-null). */
        public static Options of(Scenario s, Boolean permute, Boolean cpus) {
            return new Options(
                    permute != null ? permute : s.search().permute(),
                    cpus != null ? cpus : s.search().cpus());
        }
    }

    public static ExploreResult explore(
            Scenario s,
            String setup,
            List<String> events,
            Explorer.Bounds bounds,
            Explorer.Progress progress,
            BooleanSupplier cancelled) {
        return explore(s, setup, events, Options.IN_ORDER, bounds, progress, cancelled);
    }

    public static ExploreResult explore(
            Scenario s,
            String setup,
            List<String> events,
            Options options,
            Explorer.Bounds bounds,
            Explorer.Progress progress,
            BooleanSupplier cancelled) {
        return explore(s, setup, events, options, Explorer.Reduction.SLEEP_SETS, bounds, progress, cancelled);
    }

    /** With a given reduction: the others are for measuring what it saves and checking it loses nothing. */
    public static ExploreResult explore(
            Scenario s,
            String setup,
            List<String> events,
            Options options,
            Explorer.Reduction reduction,
            Explorer.Bounds bounds,
            Explorer.Progress progress,
            BooleanSupplier cancelled) {
        if (events.size() > Explorer.MAX_EVENTS) {
            throw new ScenarioException("events", 0, "at most " + Explorer.MAX_EVENTS + " events can be explored");
        }
        List<Command> setupCommands = ScriptParser.parse("setup", setup);
        List<List<Command>> eventCommands = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Command c = ScriptParser.parseLine("events", events.get(i), i + 1);
            if (c == null) throw new ScenarioException("events", i + 1, "empty event");
            eventCommands.add(options.cpus() ? onEachCpu(c, s.world().cpus(), i + 1) : List.of(c));
        }
        Engine engine = ScenarioRunner.boot(s);
        List<String> script = new ArrayList<>();
        for (Command c : setupCommands) {
            engine.apply(c);
            script.add(c.text());
            if (engine.machine().stopped()) {
                var m = engine.machine();
                return new ExploreResult(
                        s.id(),
                        true,
                        m.reports().get(0),
                        script,
                        0,
                        m.steps(),
                        1,
                        0,
                        0,
                        true,
                        "crashed during setup",
                        0);
            }
        }
        Explorer.Result r = new Explorer(engine, eventCommands, new Explorer.Space(options.permute()), bounds)
                .reduction(reduction)
                .search(progress, cancelled);
        if (!r.found()) {
            return new ExploreResult(
                    s.id(),
                    false,
                    null,
                    null,
                    0,
                    0,
                    r.states,
                    r.schedules,
                    r.depth,
                    r.complete,
                    r.stoppedBy,
                    r.millis,
                    r.widest);
        }
        script.addAll(r.script());
        var crashed = r.crashed();
        ExploreResult found = new ExploreResult(
                s.id(),
                true,
                crashed.reports().get(0),
                script,
                r.schedule().size(),
                crashed.steps(),
                r.states,
                r.schedules,
                r.depth,
                r.complete,
                null,
                r.millis,
                r.widest);
        return explain(s, found);
    }

    /**
     * Replays the found script with its trace on (the search ran without one): the result then carries the replay's
     * report and the moments it relates, then the offending step itself, in trace order — the free and the use,
     * with where each ran and the call stack it ran on. The replay is deterministic, so it ends in the same report; if it ever did not, the
     * result stays as the search found it.
     */
    private static ExploreResult explain(Scenario s, ExploreResult found) {
        RunResult replay = ScenarioRunner.run(
                s,
                "found",
                ScriptParser.parse("found", String.join("\n", found.script())),
                Engine.DEFAULT_MAX_STEPS,
                true);
        if (replay.reports().isEmpty()
                || !replay.reports().get(0).title().equals(found.report().title())) {
            return found;
        }
        Report report = replay.reports().get(0);
        TreeSet<Long> seqs = new TreeSet<>(report.related() == null ? List.of() : report.related());
        seqs.add(report.seq());
        List<TraceEvent> moments = new ArrayList<>();
        for (long seq : seqs) {
            if (seq >= 0 && seq < replay.trace().size())
                moments.add(replay.trace().get((int) seq));
        }
        Unit driver = ScenarioRunner.compile(s).module();
        return found.explained(report, CallStacks.of(replay.trace(), moments, name -> {
            FunctionCode f = driver.function(name);
            return f == null || f.file == null ? null : f.file.name();
        }));
    }

    /**
     * An event that may run on any CPU, one variant per CPU: an IRQ that does not name its CPU, and a command that
     * starts a process ({@code open}, {@code cat}) without {@code on cpu N} (the process's later commands run where
     * it was placed). Other events as they are.
     */
    private static List<Command> onEachCpu(Command c, int cpus, int line) {
        String suffix;
        if (c instanceof Command.Irq irq && irq.cpu() == null) suffix = " cpu ";
        else if (c instanceof Command.Open open && open.cpu() == null) suffix = " on cpu ";
        else if (c instanceof Command.Cat cat && cat.cpu() == null) suffix = " on cpu ";
        else return List.of(c);
        List<Command> variants = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            variants.add(ScriptParser.parseLine("events", c.text() + suffix + cpu, line));
        }
        return variants;
    }
}

package dev.driverlab.scenario;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.CommandException;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Program;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateViews;
import dev.driverlab.kernel.EventKind;
import java.util.ArrayList;
import java.util.List;

/** Runs a scenario headless: compile, boot, apply the script's commands in order, collect the result. */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /** Compiles the scenario's driver; throws CompileException with gcc-style diagnostics. */
    public static Program compile(Scenario s) {
        return Program.compile(s.moduleFiles(), s::include, s.world());
    }

    public static Engine boot(Scenario s) {
        try {
            return new Engine(compile(s));
        } catch (CommandException e) {
            throw new ScenarioException(s.id(), 0, e.getMessage());
        }
    }

    /** Runs commands until the end, a bug report (the kernel stops) or a command that cannot apply. */
    public static RunResult run(Scenario s, String scriptName, List<Command> commands, int maxSteps, boolean trace) {
        Engine engine = boot(s);
        engine.setMaxSteps(maxSteps);
        String error = null;
        for (Command c : commands) {
            if (engine.machine().stopped()) break;
            try {
                engine.apply(c);
            } catch (CommandException e) {
                error = scriptName + ":" + c.line() + ": error: " + e.getMessage();
                break;
            }
        }
        if (error == null) engine.finish();
        return result(s, engine, error, trace);
    }

    public static RunResult result(Scenario s, Engine engine, String error, boolean trace) {
        return result(s, engine, error, trace, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * The result with at most {@code maxEvents} trace events and {@code maxLines} output lines (the first ones),
     * saying in {@code truncated} what was left out and where the rest is: for the API, whose responses are bounded.
     */
    public static RunResult result(
            Scenario s, Engine engine, String error, boolean trace, int maxEvents, int maxLines) {
        var m = engine.machine();
        List<String> output = new ArrayList<>();
        int lines = 0;
        for (int i = 0; i < m.trace().size(); i++) {
            if (m.trace().kind(i) != EventKind.OUTPUT) continue;
            if (lines++ < maxLines) output.add(m.trace().text(i));
        }
        int events = m.trace().size();
        List<String> cut = new ArrayList<>();
        if (trace && events > maxEvents) cut.add("trace: the first " + maxEvents + " of " + events + " events");
        if (lines > maxLines) cut.add("output: the first " + maxLines + " of " + lines + " lines");
        String truncated = cut.isEmpty()
                ? null
                : String.join("; ", cut) + " (start a session with the same commands and page its trace for the rest)";
        List<String> warnings = new ArrayList<>(m.program().module().warnings());
        List<TraceEvent> events0 = trace ? m.trace().events(0) : null;
        return new RunResult(
                s.id(),
                m.steps(),
                trace ? List.copyOf(events0.subList(0, Math.min(events0.size(), maxEvents))) : null,
                List.copyOf(m.kernel().dmesg()),
                List.copyOf(m.reports()),
                output,
                warnings,
                StateViews.of(m),
                error,
                truncated);
    }
}

package dev.driverlab.web.api;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.CommandException;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.WallClockExceeded;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import dev.driverlab.session.CommandScript;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.RefusedException;
import dev.driverlab.session.ScenarioCompiler;
import dev.driverlab.session.SessionProperties;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stateless runs: the CLI's loop on the server, within a session's budgets (steps, server time) and with the
 * response cut to {@link #MAX_EVENTS} trace events and {@link #MAX_LINES} output lines.
 */
@RestController
@Tag(name = "runs", description = "Stateless batch runs, as the headless CLI")
class RunController {
    static final int MAX_EVENTS = 20_000;
    static final int MAX_LINES = 5_000;

    private final ScenarioCompiler compiler = new ScenarioCompiler();
    private final long maxSteps;
    private final Duration batchTime;

    RunController(SessionProperties sessions) {
        this.maxSteps = sessions.maxSteps();
        this.batchTime = sessions.batchTime();
    }

    @PostMapping("/api/runs")
    @RateLimited(Budget.RUN)
    @Operation(summary = "Run a scenario with commands (default: its script) and return the CLI's --json result")
    RunResponse run(@RequestBody RunRequest request) {
        if (request.commands() != null && request.scriptName() != null) {
            throw new InvalidRequest("give \"commands\" or \"scriptName\", not both");
        }
        int budget = request.maxSteps() == null ? Engine.DEFAULT_MAX_STEPS : request.maxSteps();
        if (budget < 1 || budget > maxSteps) throw new InvalidRequest("maxSteps must be 1.." + maxSteps);
        ScenarioCompiler.Compiled compiled = compiler.compile(request.spec());
        Scenario s = compiled.scenario();
        String scriptName;
        List<Command> commands;
        if (request.commands() != null) {
            scriptName = CommandScript.NAME;
            commands = CommandScript.parse(request.commands());
        } else {
            String name = request.scriptName();
            String script = name == null ? s.script() : s.scripts().get(name);
            if (script == null) {
                throw new RefusedException("scenario '" + s.id() + "' has no script named '" + name + "' (scripts: "
                        + String.join(", ", s.scripts().keySet()) + ")");
            }
            scriptName = s.id() + ".yaml#" + (name == null ? "script" : name);
            commands = ScriptParser.parse(scriptName, script);
        }
        return RunResponse.of(run(compiled, scriptName, commands, budget));
    }

    /**
     * ScenarioRunner.run's loop, on the cached boot image and with the server's cap on steps in all (a run may
     * not go on for ever because each command stays within its own budget).
     */
    private RunResult run(ScenarioCompiler.Compiled compiled, String scriptName, List<Command> commands, int budget) {
        Engine engine = compiled.booted().copy();
        engine.setMaxSteps(budget);
        engine.setDeadline(System.nanoTime() + batchTime.toNanos());
        String error = null;
        for (Command c : commands) {
            if (engine.machine().stopped()) break;
            try {
                engine.checkDeadlineNow();
                engine.apply(c, maxSteps);
            } catch (CommandException e) {
                error = scriptName + ":" + c.line() + ": error: " + e.getMessage();
                break;
            } catch (WallClockExceeded e) {
                throw new RefusedException(
                        "the run took longer than the server's limit of " + batchTime.toMillis()
                                + " ms (start a session and apply the commands in smaller batches)",
                        c.line(),
                        "time-limit");
            }
            if (engine.machine().steps() >= maxSteps) {
                throw new RefusedException(
                        scriptName + ":" + c.line() + ": error: the run would exceed the limit of " + maxSteps
                                + " steps",
                        c.line());
            }
        }
        engine.setDeadline(0);
        if (error == null) engine.finish(); // as the CLI: a hung task or a leak shows when the script ends
        return ScenarioRunner.result(compiled.scenario(), engine, error, true, MAX_EVENTS, MAX_LINES);
    }
}

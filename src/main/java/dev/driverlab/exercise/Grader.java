package dev.driverlab.exercise;

import dev.driverlab.engine.Engine;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.explore.ExploreResult;
import dev.driverlab.explore.ExploreRunner;
import dev.driverlab.explore.Explorer;
import dev.driverlab.lang.CompileException;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Grades a submitted driver against an exercise: compile it as the scenario's module, run each of the exercise's
 * scripts on it, then search the exercise's events for a crashing schedule. Deterministic: the same source gives
 * the same checks (only {@code millis} differs).
 */
public final class Grader {
    /** What one grading may spend: steps per command, states and wall time of the search, and a cancel flag. */
    public record Limits(int maxSteps, int maxStates, long searchMillis, BooleanSupplier cancelled) {
        public static final Limits DEFAULT = new Limits(Engine.DEFAULT_MAX_STEPS, 200_000, 20_000, () -> false);
    }

    /** The largest source a submission may be (a driver, not a kernel tree). */
    public static final int MAX_SOURCE_CHARS = 256 * 1024;

    private Grader() {}

    public static Grade grade(Exercise exercise, String source, Limits limits) {
        return grade(exercise, source, null, limits);
    }

    /**
     * Grades a submission of the driver's files: {@code source} (the main module's file) and {@code sources} (every
     * file; null keeps the scenario's own), built into the scenario's modules.
     */
    public static Grade grade(Exercise exercise, String source, Map<String, String> sources, Limits limits) {
        long start = System.nanoTime();
        long chars = source == null ? 0 : source.length();
        if (sources != null) for (String text : sources.values()) chars += text == null ? 0 : text.length();
        if (chars > MAX_SOURCE_CHARS) {
            throw new ScenarioException("source", 0, "a submission may be at most " + MAX_SOURCE_CHARS + " characters");
        }
        Scenario s = exercise.withFiles(source, sources);
        String problem = s.filesProblem();
        if (problem != null) throw new ScenarioException("sources", 0, problem);
        List<Check> checks = new ArrayList<>();
        try {
            ScenarioRunner.compile(s);
        } catch (CompileException e) {
            checks.add(new Check(
                    "compile",
                    "the driver compiles",
                    Check.FAIL,
                    e.diagnostics().size() + " error(s)",
                    null,
                    null,
                    null));
            for (String name : exercise.scripts()) checks.add(skipped("script:" + name, scriptLabel(name)));
            checks.add(skipped("search", searchLabel(exercise)));
            return new Grade(exercise.id(), false, checks, e.diagnostics(), millis(start));
        }
        checks.add(new Check("compile", "the driver compiles", Check.PASS, null, null, null, null));
        for (String name : exercise.scripts()) checks.add(script(exercise, s, name, limits));
        checks.add(search(exercise, s, limits));
        boolean passed = checks.stream().noneMatch(Check::failed);
        return new Grade(exercise.id(), passed, checks, List.of(), millis(start));
    }

    private static Check script(Exercise exercise, Scenario s, String name, Limits limits) {
        String label = scriptLabel(name);
        String file = s.id() + ".yaml#" + name;
        RunResult r = ScenarioRunner.run(
                s, file, ScriptParser.parse(file, exercise.scriptText(name)), limits.maxSteps(), false);
        if (!r.reports().isEmpty())
            return reported(exercise, "script:" + name, label, r.reports().get(0), null, null);
        if (r.error() != null) {
            return new Check(
                    "script:" + name,
                    label,
                    Check.FAIL,
                    "the script could not run to its end: " + r.error(),
                    null,
                    null,
                    null);
        }
        return new Check("script:" + name, label, Check.PASS, null, null, null, null);
    }

    private static Check search(Exercise exercise, Scenario s, Limits limits) {
        String label = searchLabel(exercise);
        var spec = exercise.search();
        String setup = spec.setup() != null ? spec.setup() : "insmod " + s.module();
        ExploreResult r;
        try {
            r = ExploreRunner.explore(
                    s,
                    setup,
                    spec.events(),
                    new ExploreRunner.Options(spec.permute(), spec.cpus()),
                    new Explorer.Bounds(spec.depth(), limits.maxStates(), limits.searchMillis()),
                    null,
                    limits.cancelled());
        } catch (RuntimeException e) { // an event the driver no longer supports (a renamed node)
            return new Check(
                    "search", label, Check.FAIL, "the search could not start: " + e.getMessage(), null, null, null);
        }
        return switch (r.verdict()) {
            case RACE_FOUND -> reported(exercise, "search", label, r.report(), r.script(), r.verdictCode());
            case NO_CRASH ->
                new Check(
                        "search",
                        label,
                        Check.PASS,
                        r.states() + " states, " + r.schedules() + " schedules, no crash",
                        null,
                        null,
                        r.verdictCode());
            case INCOMPLETE ->
                new Check(
                        "search",
                        label,
                        Check.FAIL,
                        "the search did not cover its space: " + r.incompleteBecause(),
                        null,
                        null,
                        r.verdictCode());
        };
    }

    private static Check reported(
            Exercise exercise, String name, String label, Report report, List<String> schedule, String verdict) {
        boolean forbidden = exercise.forbid().contains(report.kind());
        String detail = (forbidden ? "" : "allowed, but note: ") + report.kind() + ": " + report.title();
        return new Check(name, label, forbidden ? Check.FAIL : Check.WARN, detail, report, schedule, verdict);
    }

    private static Check skipped(String name, String label) {
        return new Check(name, label, Check.SKIPPED, "the driver does not compile", null, null, null);
    }

    private static String scriptLabel(String name) {
        return name.equals(Exercise.MAIN_SCRIPT)
                ? "the scenario's script runs without a report"
                : "script '" + name + "' runs without a report";
    }

    private static String searchLabel(Exercise exercise) {
        return "no schedule of " + String.join(", ", exercise.search().events()) + " crashes";
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

package dev.driverlab.cli;

import dev.driverlab.explore.ExploreResult;
import dev.driverlab.explore.ExploreRunner;
import dev.driverlab.explore.Explorer;
import dev.driverlab.lang.CompileException;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code driverlab explore FILE [--events "unbind dev; irq 17"] [--setup "insmod m"] [--permute] [--cpus]
 * [--depth N] [--max-states N] [--max-millis N] [--json]}: exit 1 with the crashing script, 0 when the whole
 * bounded space ran clean, 3 when the search is incomplete (a bound, or nothing to interleave), 2 bad input.
 */
final class ExploreCommand {
    static final String USAGE = "usage: driverlab explore FILE [--events \"CMD; CMD\"] [--setup \"CMD; CMD\"]"
            + " [--permute] [--cpus] [--depth N] [--max-states N] [--max-millis N] [--json]";

    private ExploreCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        String events = null;
        String setup = null;
        Integer depth = null;
        int maxStates = Explorer.Bounds.DEFAULT.maxStates();
        long millis = Explorer.Bounds.DEFAULT.millis();
        boolean json = false;
        Boolean permute = null;
        Boolean cpus = null;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--events":
                        events = value(args, ++i);
                        break;
                    case "--setup":
                        setup = value(args, ++i);
                        break;
                    case "--depth":
                        depth = positive(value(args, ++i));
                        break;
                    case "--max-states":
                        maxStates = positive(value(args, ++i));
                        break;
                    case "--max-millis":
                        millis = positive(value(args, ++i));
                        break;
                    case "--json":
                        json = true;
                        break;
                    case "--permute":
                        permute = true;
                        break;
                    case "--cpus":
                        cpus = true;
                        break;
                    default:
                        if (args[i].startsWith("--") || file != null) {
                            throw new IllegalArgumentException("unexpected '" + args[i] + "'");
                        }
                        file = Path.of(args[i]);
                }
            }
            if (file == null) throw new IllegalArgumentException("missing scenario file");
        } catch (IllegalArgumentException e) {
            err.println("driverlab: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Scenario s = ScenarioLoader.load(file);
            List<String> eventList = events != null ? split(events) : s.search().events();
            String setupScript = setup != null ? String.join("\n", split(setup)) : ExploreRunner.defaultSetup(s);
            int d = depth != null
                    ? depth
                    : s.search().isEmpty()
                            ? Explorer.Bounds.DEFAULT.depth()
                            : s.search().depth();
            ExploreResult r = ExploreRunner.explore(
                    s,
                    setupScript,
                    eventList,
                    ExploreRunner.Options.of(s, permute, cpus),
                    new Explorer.Bounds(d, maxStates, millis),
                    null,
                    () -> false);
            if (json) {
                out.println(JsonMapper.builder().build().writeValueAsString(r));
            } else if (r.found()) {
                out.println("# crash found after " + r.steps() + " steps (" + r.scheduleLength() + " choices; "
                        + r.states() + " states, " + r.schedules() + " schedules, " + r.millis() + " ms):");
                out.println("# " + r.report().title());
                r.script().forEach(out::println);
            } else if (r.verdict() == ExploreResult.Verdict.NO_CRASH) {
                out.println("no crash in the whole bounded space (depth " + d + "): " + r.states() + " states, "
                        + r.schedules() + " schedules explored in " + r.millis() + " ms");
            } else {
                out.println("search incomplete: " + r.incompleteBecause() + "; nothing is proven about the rest ("
                        + r.states() + " states, " + r.schedules() + " schedules, " + r.millis() + " ms)");
            }
            return r.exitCode();
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return 2;
        } catch (CompileException e) {
            err.print(e.format());
            return 2;
        }
    }

    private static List<String> split(String commands) {
        return Arrays.stream(commands.split("[;\\n]"))
                .map(String::strip)
                .filter(x -> !x.isEmpty())
                .toList();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        return args[i];
    }

    private static int positive(String s) {
        try {
            int v = Integer.parseInt(s);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("'" + s + "' is not a positive number");
    }
}

package dev.driverlab.cli;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Program;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.trace.TraceText;
import dev.driverlab.lang.CompileException;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The headless runner: {@code driverlab run FILE [--script FILE|-] [--script-name NAME] [--json] [--summary]
 * [--max-steps N]} and {@code driverlab explore ...}. Runs without a Spring context. Exit codes: 0 no bug, 1 a bug
 * was reported, 2 unusable input, a limit of the simulator or an internal error (one line on stderr, never a Java
 * stack trace).
 */
public final class Cli {
    static final String USAGE = "usage: driverlab run FILE [--script FILE|-] [--script-name NAME] [--json] [--summary]"
            + " [--max-steps N]";
    /** Both commands, for a command line that names neither. */
    static final String COMMANDS_USAGE = USAGE + "\n" + ExploreCommand.USAGE + "\n"
            + "       driverlab [--spring.option=value ...]   (no command: the web server)";

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    private Cli(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    /**
     * Whether a command line starts the web server: no arguments, or nothing but Spring Boot's {@code --name=value}
     * properties ({@code --server.port=9090}). Anything else is for the runner, which rejects what it does not know
     * with its usage rather than start a server nobody asked for.
     */
    public static boolean startsServer(String[] args) {
        for (String a : args) {
            if (!a.matches("--[A-Za-z][\\w.\\-\\[\\]]*=.*")) return false;
        }
        return true;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.in);
    }

    /**
     * Runs a command line; what escapes as a Java error (an internal limit or a simulator bug) is one line on
     * stderr and exit 2, like unusable input: it is not a bug of the driver under test.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        try {
            return new Cli(out, err, in).dispatch(args);
        } catch (StackOverflowError e) {
            err.println("driverlab: internal error: the input is nested too deeply for the simulator");
        } catch (OutOfMemoryError e) {
            err.println("driverlab: internal error: out of memory");
        } catch (RuntimeException | Error e) {
            err.println("driverlab: internal error: unexpected failure (please report it with the scenario)");
            if (Boolean.getBoolean("driverlab.stacktrace")) e.printStackTrace(err); // for whoever fixes it
        }
        return 2;
    }

    private int dispatch(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        // Both commands compile the kernel prelude: start it now, in parallel with reading the scenario.
        if (command.equals("run") || command.equals("explore")) Program.compileInBackground();
        switch (command) {
            case "run":
                return main(args);
            case "explore":
                return ExploreCommand.run(args, out, err);
            case "help", "--help", "-h":
                out.println(COMMANDS_USAGE);
                return 0;
            default:
                err.println("driverlab: " + (command.startsWith("-") ? "unknown option '" : "unknown command '")
                        + command + "'");
                err.println(COMMANDS_USAGE);
                return 2;
        }
    }

    private record Options(Path file, String script, String scriptName, boolean json, boolean summary, int maxSteps) {}

    private int main(String[] args) {
        Options o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            err.println("driverlab: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Scenario s = ScenarioLoader.load(o.file());
            String scriptName = o.file().getFileName() + (o.scriptName() != null ? "#" + o.scriptName() : "#script");
            String script = script(o, s);
            if (o.script() != null) scriptName = o.script().equals("-") ? "<stdin>" : o.script();
            List<Command> commands = ScriptParser.parse(scriptName, script);
            RunResult r = ScenarioRunner.run(s, scriptName, commands, o.maxSteps(), !o.summary());
            r.warnings().forEach(err::println);
            if (o.json()) {
                out.println(JsonMapper.builder().build().writeValueAsString(r));
            } else {
                print(s, r, o.summary());
            }
            if (r.error() != null) err.println(r.error());
            return r.exitCode();
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return 2;
        } catch (CompileException e) {
            err.print(e.format());
            return 2;
        } catch (IOException e) {
            err.println("driverlab: " + e.getMessage());
            return 2;
        }
    }

    private String script(Options o, Scenario s) throws IOException {
        if (o.script() != null) {
            if (o.script().equals("-")) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Path p = Path.of(o.script());
            if (!Files.isReadable(p)) throw new IOException("cannot read script " + p);
            return Files.readString(p);
        }
        if (o.scriptName() != null) {
            String named = s.scripts().get(o.scriptName());
            if (named == null) {
                throw new ScenarioException(
                        o.file().toString(),
                        0,
                        "no script named '" + o.scriptName()
                                + "' (available: "
                                + (s.scripts().isEmpty()
                                        ? "none"
                                        : String.join(", ", s.scripts().keySet()))
                                + ")");
            }
            return named;
        }
        return s.script();
    }

    private void print(Scenario s, RunResult r, boolean summary) {
        if (!summary) {
            TraceText text = new TraceText(ScenarioRunner.compile(s));
            for (TraceEvent e : r.trace()) out.println(text.line(e));
            out.println();
        }
        if (!r.output().isEmpty() && summary) {
            out.println("output:");
            r.output().forEach(line -> out.println("  " + line));
            out.println();
        }
        out.println("dmesg:");
        r.dmesg().forEach(line -> out.println("  " + line));
        for (Report report : r.reports()) {
            out.println();
            out.println("report (" + report.kind() + ") at seq " + report.seq() + ":");
            out.println(report.text());
        }
        out.println();
        out.println(r.steps() + " steps, "
                + (r.reports().isEmpty()
                        ? "no bug reported"
                        : r.reports().size() + " bug report" + (r.reports().size() == 1 ? "" : "s")));
    }

    private static Options options(String[] args) {
        if (args.length < 2 || !args[0].equals("run")) throw new IllegalArgumentException("missing scenario file");
        Path file = null;
        String script = null;
        String scriptName = null;
        boolean json = false;
        boolean summary = false;
        int maxSteps = Engine.DEFAULT_MAX_STEPS;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--script":
                    script = value(args, ++i, a);
                    break;
                case "--script-name":
                    scriptName = value(args, ++i, a);
                    break;
                case "--json":
                    json = true;
                    break;
                case "--summary":
                    summary = true;
                    break;
                case "--max-steps":
                    try {
                        maxSteps = Integer.parseInt(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--max-steps needs a positive number");
                    }
                    if (maxSteps <= 0) throw new IllegalArgumentException("--max-steps needs a positive number");
                    break;
                default:
                    if (a.startsWith("--") || file != null)
                        throw new IllegalArgumentException("unexpected '" + a + "'");
                    file = Path.of(a);
            }
        }
        if (file == null) throw new IllegalArgumentException("missing scenario file");
        if (script != null && scriptName != null) {
            throw new IllegalArgumentException("--script and --script-name exclude each other");
        }
        return new Options(file, script, scriptName, json, summary, maxSteps);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}

package dev.driverlab.scenario;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.Command.Source;
import dev.driverlab.engine.IoctlRequest;
import dev.driverlab.engine.PollEvents;
import dev.driverlab.engine.Verb;
import dev.driverlab.kernel.Signal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The event-script language: one command per line, {@code #} starts a comment. Each line becomes the typed
 * {@link Command} of its {@link Verb}, its arguments checked here, so a bad script fails before anything runs,
 * naming its line.
 */
public final class ScriptParser {
    // compiled once: String.matches compiles its pattern at every call, and every pushed command is parsed twice
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern SIGNED = Pattern.compile("-?[0-9]{1,9}");
    private static final Pattern OFFSET = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern WHENCE = Pattern.compile("SEEK_(SET|CUR|END)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ScriptParser() {}

    /** Parses a whole script; {@code name} is used in error messages ("NAME:LINE: error: ..."). */
    public static List<Command> parse(String name, String script) {
        List<Command> commands = new ArrayList<>();
        String[] lines = script == null ? new String[0] : script.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Command c = parseLine(name, lines[i], i + 1);
            if (c != null) commands.add(c);
        }
        return commands;
    }

    /** One command, or null for a blank or comment line. */
    public static Command parseLine(String name, String line, int lineNo) {
        int hash = commentStart(line);
        String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (text.isEmpty()) return null;
        List<String> words = Arrays.asList(text.split("\\s+"));
        Verb verb = Verb.of(words.get(0))
                .orElseThrow(() -> new ScenarioException(
                        name,
                        lineNo,
                        "unknown command '" + words.get(0) + "' (commands: " + String.join(", ", Verb.words()) + ")"));
        Line l = new Line(name, new Source(lineNo, text), verb, words.subList(1, words.size()));
        if (l.args.size() < verb.minArgs() || l.args.size() > verb.maxArgs()) throw l.usage();
        return command(l);
    }

    /** A line being parsed: its words after the verb, and errors that name it. */
    private record Line(String script, Source source, Verb verb, List<String> args) {
        String arg(int i) {
            return i < args.size() ? args.get(i) : null;
        }

        /** The text after the verb, as written. */
        String rest() {
            return source.text().substring(verb.word().length()).strip();
        }

        ScenarioException error(String message) {
            return new ScenarioException(script, source.line(), message);
        }

        ScenarioException usage() {
            return error("usage: " + verb.usage());
        }

        int number(int i, String what, int otherwise) {
            String s = arg(i);
            if (s == null) return otherwise;
            if (!NUMBER.matcher(s).matches()) throw error(what + " expected, got '" + s + "'");
            return Integer.parseInt(s);
        }
    }

    private static Command command(Line l) {
        Source at = l.source();
        return switch (l.verb()) {
            case INSMOD ->
                new Command.Insmod(
                        at, module(l.arg(0)), l.args().subList(1, l.args().size()));
            case RMMOD -> new Command.Rmmod(at, module(l.arg(0)));
            case BIND -> new Command.Bind(at, l.arg(0));
            case UNBIND -> new Command.Unbind(at, l.arg(0));
            case UNPLUG -> new Command.Unplug(at, l.arg(0));
            case IRQ -> irq(l);
            case GPIO -> gpio(l);
            case OPEN -> open(l);
            case READ -> new Command.Read(at, l.arg(0), l.number(1, "byte count", 4096));
            case WRITE ->
                new Command.Write(
                        at,
                        l.arg(0),
                        Command.unescape(l.rest().substring(l.arg(0).length()).strip()));
            case IOCTL -> ioctl(l);
            case POLL -> poll(l);
            case LSEEK -> lseek(l);
            case CLOSE -> new Command.Close(at, l.arg(0));
            case KILL -> kill(l);
            case EXIT -> new Command.Exit(at, l.arg(0));
            case CAT -> cat(l);
            case ECHO -> echo(l);
            case TICK -> new Command.Tick(at, l.number(0, "tick count", 1));
            case GRACE_PERIOD -> new Command.GracePeriod(at);
            case BREAK -> new Command.Break(at, location(l));
            case DELETE -> new Command.Delete(at, location(l));
            case CONTINUE -> new Command.Continue(at, l.arg(0));
            case STEP -> new Command.Step(at, l.arg(0), l.number(1, "step count", 1));
            case SCHEDULE -> schedule(l);
            case LSMOD -> new Command.Lsmod(at);
            case DMESG -> new Command.Dmesg(at);
        };
    }

    /** insmod and rmmod take a module as its name or its file name. */
    private static String module(String word) {
        return word.endsWith(".ko") ? word.substring(0, word.length() - 3) : word;
    }

    private static Command irq(Line l) {
        int irq = l.number(0, "IRQ number", 0);
        if (l.args().size() == 2 || (l.args().size() == 3 && !l.arg(1).equals("cpu"))) throw l.usage();
        Integer cpu = l.args().size() == 3 ? l.number(2, "CPU number", 0) : null;
        return new Command.Irq(l.source(), irq, cpu);
    }

    private static Command gpio(Line l) {
        int gpio = l.number(0, "GPIO number", 0);
        if (!l.arg(1).equals("0") && !l.arg(1).equals("1")) throw l.usage();
        return new Command.Gpio(l.source(), gpio, l.arg(1).equals("1"));
    }

    private static Command open(Line l) {
        Integer cpu = cpu(l);
        List<String> a = cpu == null ? l.args() : l.args().subList(0, l.args().size() - 3);
        boolean nonblock = a.size() == 4;
        if (a.size() < 3
                || a.size() > 4
                || !a.get(a.size() - 2).equals("as")
                || (nonblock && !a.get(1).equals("nonblock"))) {
            throw l.usage();
        }
        return new Command.Open(l.source(), a.get(0), nonblock, a.get(a.size() - 1), cpu);
    }

    private static Command cat(Line l) {
        Integer cpu = cpu(l);
        if (l.args().size() != (cpu == null ? 1 : 4)) throw l.usage();
        return new Command.Cat(l.source(), l.arg(0), cpu);
    }

    /** The N of a trailing {@code on cpu N} (where the process runs, as {@code taskset -c N} places it), or null. */
    private static Integer cpu(Line l) {
        int n = l.args().size();
        if (n < 3 || !l.arg(n - 3).equals("on") || !l.arg(n - 2).equals("cpu")) return null;
        return l.number(n - 1, "CPU number", 0);
    }

    private static Command ioctl(Line l) {
        try {
            return new Command.Ioctl(l.source(), IoctlRequest.parse(l.rest()));
        } catch (IllegalArgumentException e) {
            throw l.error(e.getMessage());
        }
    }

    private static Command poll(Line l) {
        int timeout = -1;
        int events = PollEvents.POLLIN;
        for (String a : l.args().subList(1, l.args().size())) {
            if (PollEvents.looksLikeEvents(a)) {
                try {
                    events = PollEvents.parse(a);
                } catch (IllegalArgumentException e) {
                    throw l.error(e.getMessage());
                }
            } else if (SIGNED.matcher(a).matches()) {
                timeout = Integer.parseInt(a);
            } else {
                throw l.error("timeout in milliseconds expected, got '" + a + "'");
            }
        }
        return new Command.Poll(l.source(), l.arg(0), timeout, events);
    }

    private static Command lseek(Line l) {
        if (!OFFSET.matcher(l.arg(1)).matches()) throw l.error("offset expected, got '" + l.arg(1) + "'");
        String whence = l.arg(2) == null ? "SEEK_SET" : l.arg(2);
        if (!WHENCE.matcher(whence).matches()) throw l.usage();
        return new Command.Lseek(l.source(), l.arg(0), Long.parseLong(l.arg(1)), whence);
    }

    private static Command kill(Line l) {
        String signal = l.arg(1) == null ? "SIGTERM" : l.arg(1);
        if (Signal.of(signal) == null) {
            throw l.error("unknown signal '" + signal + "' (" + Signal.names(", ") + ")");
        }
        return new Command.Kill(l.source(), l.arg(0), signal);
    }

    /** The shell's redirection: the path is the word after the last '>', the text what comes before it. */
    private static Command echo(Line l) {
        String rest = l.rest();
        int redirect = rest.lastIndexOf('>');
        String path = redirect < 0 ? "" : rest.substring(redirect + 1).strip();
        if (redirect < 0 || path.isEmpty() || path.contains(" ")) throw l.usage();
        return new Command.Echo(
                l.source(), Command.unescape(rest.substring(0, redirect).strip()), path);
    }

    private static Command.Location location(Line l) {
        String what = l.arg(0);
        if (NUMBER.matcher(what).matches()) return new Command.Location(null, null, Integer.parseInt(what));
        if (IDENTIFIER.matcher(what).matches()) return new Command.Location(null, what, 0);
        int colon = what.lastIndexOf(':');
        if (colon > 0
                && NUMBER.matcher(what.substring(colon + 1)).matches()) { // FILE:LINE, of a module of several files
            return new Command.Location(what.substring(0, colon), null, Integer.parseInt(what.substring(colon + 1)));
        }
        throw l.error("'" + what + "' is neither a function name nor a line number");
    }

    private static Command schedule(Line l) {
        if (!l.arg(0).equals("manual") && !l.arg(0).equals("auto")) throw l.usage();
        return new Command.Schedule(l.source(), l.arg(0).equals("manual"));
    }

    /** A comment starts at a '#' that begins a word: context names such as rmmod#2 contain one. */
    private static int commentStart(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return i;
        }
        return -1;
    }
}

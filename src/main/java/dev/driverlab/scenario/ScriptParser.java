package dev.driverlab.scenario;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.IoctlRequest;
import dev.driverlab.engine.PollEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The event-script language: one command per line, {@code #} starts a comment. Each verb's arguments are checked
 * here, so a bad script fails before anything runs, naming its line.
 */
public final class ScriptParser {
    private ScriptParser() {}

    /** Verb -> {min args, max args, usage}. */
    private static final Map<String, Object[]> VERBS = Map.ofEntries(
            Map.entry("insmod", new Object[] {1, Integer.MAX_VALUE, "insmod MODULE [PARAM=VALUE ...]"}),
            Map.entry("rmmod", new Object[] {1, 1, "rmmod MODULE"}),
            Map.entry("bind", new Object[] {1, 1, "bind DEVICE"}),
            Map.entry("unbind", new Object[] {1, 1, "unbind DEVICE"}),
            Map.entry("irq", new Object[] {1, 3, "irq N [cpu C]"}),
            Map.entry("break", new Object[] {1, 1, "break FUNCTION|LINE"}),
            Map.entry("delete", new Object[] {1, 1, "delete FUNCTION|LINE"}),
            Map.entry("continue", new Object[] {0, 1, "continue [CONTEXT]"}),
            Map.entry("step", new Object[] {1, 2, "step CONTEXT [N]"}),
            Map.entry("lsmod", new Object[] {0, 0, "lsmod"}),
            Map.entry("dmesg", new Object[] {0, 0, "dmesg"}),
            Map.entry("open", new Object[] {3, 7, "open PATH [nonblock] as NAME [on cpu N]"}),
            Map.entry("read", new Object[] {1, 2, "read NAME [COUNT]"}),
            Map.entry("write", new Object[] {2, Integer.MAX_VALUE, "write NAME TEXT"}),
            Map.entry("ioctl", new Object[] {2, Integer.MAX_VALUE, IoctlRequest.USAGE}),
            Map.entry("poll", new Object[] {1, 3, "poll NAME [TIMEOUT_MS] [EVENTS]"}),
            Map.entry("close", new Object[] {1, 1, "close NAME"}),
            Map.entry("lseek", new Object[] {2, 3, "lseek NAME OFFSET [SEEK_SET|SEEK_CUR|SEEK_END]"}),
            Map.entry("kill", new Object[] {1, 2, "kill NAME [SIGINT|SIGKILL|SIGTERM]"}),
            Map.entry("exit", new Object[] {1, 1, "exit NAME"}),
            Map.entry("cat", new Object[] {1, 4, "cat PATH [on cpu N]"}),
            Map.entry("echo", new Object[] {2, Integer.MAX_VALUE, "echo TEXT > PATH"}),
            Map.entry("unplug", new Object[] {1, 1, "unplug DEVICE"}),
            Map.entry("grace-period", new Object[] {0, 0, "grace-period"}),
            Map.entry("tick", new Object[] {0, 1, "tick [N]"}),
            Map.entry("schedule", new Object[] {1, 1, "schedule manual|auto"}));

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
        String verb = words.get(0);
        List<String> args = words.subList(1, words.size());
        Object[] spec = VERBS.get(verb);
        if (spec == null) {
            throw new ScenarioException(name, lineNo, "unknown command '" + verb
                    + "' (commands: " + String.join(", ", new java.util.TreeSet<>(VERBS.keySet())) + ")");
        }
        if (args.size() < (int) spec[0] || args.size() > (int) spec[1]) {
            throw new ScenarioException(name, lineNo, "usage: " + spec[2]);
        }
        switch (verb) {
            case "irq":
                number(name, lineNo, args.get(0), "IRQ number");
                if (args.size() == 2 || (args.size() == 3 && !args.get(1).equals("cpu"))) {
                    throw new ScenarioException(name, lineNo, "usage: " + spec[2]);
                }
                if (args.size() == 3) number(name, lineNo, args.get(2), "CPU number");
                break;
            case "step":
                if (args.size() == 2) number(name, lineNo, args.get(1), "step count");
                break;
            case "read":
                if (args.size() == 2) number(name, lineNo, args.get(1), "byte count");
                break;
            case "lseek":
                if (!args.get(1).matches("-?[0-9]{1,18}")) {
                    throw new ScenarioException(name, lineNo, "offset expected, got '" + args.get(1) + "'");
                }
                if (args.size() == 3 && !args.get(2).matches("SEEK_(SET|CUR|END)")) {
                    throw new ScenarioException(name, lineNo, "usage: " + spec[2]);
                }
                break;
            case "schedule":
                if (!args.get(0).equals("manual") && !args.get(0).equals("auto")) {
                    throw new ScenarioException(name, lineNo, "usage: schedule manual|auto");
                }
                break;
            case "tick":
                if (args.size() == 1) number(name, lineNo, args.get(0), "tick count");
                break;
            case "open": {
                List<String> a = withoutCpu(name, lineNo, args);
                if (a.size() < 3 || a.size() > 4 || !a.get(a.size() - 2).equals("as")
                        || (a.size() == 4 && !a.get(1).equals("nonblock"))) {
                    throw new ScenarioException(name, lineNo, "usage: " + spec[2]);
                }
                break;
            }
            case "cat":
                if (withoutCpu(name, lineNo, args).size() != 1) {
                    throw new ScenarioException(name, lineNo, "usage: " + spec[2]);
                }
                break;
            case "kill":
                if (args.size() == 2 && !args.get(1).matches("(SIG)?(INT|KILL|TERM)")) {
                    throw new ScenarioException(name, lineNo, "unknown signal '" + args.get(1)
                            + "' (SIGINT, SIGKILL, SIGTERM)");
                }
                break;
            case "poll":
                for (String a : args.subList(1, args.size())) {
                    if (PollEvents.looksLikeEvents(a)) {
                        try {
                            PollEvents.parse(a);
                        } catch (IllegalArgumentException e) {
                            throw new ScenarioException(name, lineNo, e.getMessage());
                        }
                    } else if (!a.matches("-?[0-9]{1,9}")) {
                        throw new ScenarioException(name, lineNo, "timeout in milliseconds expected, got '" + a + "'");
                    }
                }
                break;
            case "ioctl":
                try {
                    IoctlRequest.parse(text.substring(verb.length()));
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(name, lineNo, e.getMessage());
                }
                break;
            case "break":
            case "delete":
                if (!args.get(0).matches("[0-9]+|[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new ScenarioException(name, lineNo, "'" + args.get(0)
                            + "' is neither a function name nor a line number");
                }
                break;
            default:
                break;
        }
        return new Command(verb, args, lineNo, text);
    }

    /** The arguments without a trailing {@code on cpu N} (whose N must be a number). */
    private static List<String> withoutCpu(String name, int lineNo, List<String> args) {
        int n = args.size();
        if (n >= 3 && args.get(n - 3).equals("on") && args.get(n - 2).equals("cpu")) {
            number(name, lineNo, args.get(n - 1), "CPU number");
            return args.subList(0, n - 3);
        }
        return args;
    }

    /** A comment starts at a '#' that begins a word: context names such as rmmod#2 contain one. */
    private static int commentStart(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return i;
        }
        return -1;
    }

    private static void number(String name, int lineNo, String s, String what) {
        if (!s.matches("[0-9]{1,9}")) {
            throw new ScenarioException(name, lineNo, what + " expected, got '" + s + "'");
        }
    }
}

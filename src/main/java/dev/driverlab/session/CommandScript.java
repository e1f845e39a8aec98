package dev.driverlab.session;

import dev.driverlab.engine.Command;
import dev.driverlab.scenario.ScriptParser;
import java.util.List;

/**
 * Commands as clients send them: a list of event-script lines. The list is read as one script named
 * {@code commands}, so a bad line is reported gcc-style with its 1-based position ({@code commands:2: error: ...});
 * blank and comment lines are allowed and skipped.
 */
public final class CommandScript {
    /** The most commands one request, session or share may carry. */
    public static final int MAX_COMMANDS = 10_000;

    public static final String NAME = "commands";

    private CommandScript() {}

    /** Parses the lines; throws TooLarge over {@link #MAX_COMMANDS}, ScenarioException for a bad line. */
    public static List<Command> parse(List<String> lines) {
        if (lines == null) return List.of();
        if (lines.size() > MAX_COMMANDS) {
            throw new LimitExceeded(lines.size() + " commands; the limit is " + MAX_COMMANDS);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null) throw new InvalidRequest("a command must be a string, not null");
            // one element, one line: else the positions errors name would no longer be the list's
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new InvalidRequest(
                        "command " + (i + 1) + " holds a line break: give one command per " + "list element");
            }
        }
        List<Command> commands = ScriptParser.parse(NAME, String.join("\n", lines));
        if (commands.size() > MAX_COMMANDS) {
            throw new LimitExceeded(commands.size() + " commands; the limit is " + MAX_COMMANDS);
        }
        return commands;
    }
}

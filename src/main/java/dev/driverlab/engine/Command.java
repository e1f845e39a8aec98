package dev.driverlab.engine;

import java.util.List;

/** One event-script command: its verb, its arguments, and where it came from (for error messages). */
public record Command(String verb, List<String> args, int line, String text) {
    public Command {
        args = List.copyOf(args);
    }

    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }
}

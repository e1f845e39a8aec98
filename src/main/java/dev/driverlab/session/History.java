package dev.driverlab.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A session's commands in storable form: the command lines in order and the cuts. A cut says that command number
 * {@code command} (0-based) ran only until the machine had executed {@code step} steps in all; rewind leaves one,
 * since "the state after step N" may fall in the middle of a command. Replaying the commands with their cuts
 * rebuilds the session's state exactly.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record History(List<String> commands, List<Cut> cuts) {
    public record Cut(int command, long step) {}

    public History {
        commands = commands == null ? List.of() : List.copyOf(commands);
        cuts = cuts == null ? List.of() : List.copyOf(cuts);
    }

    public static History of(List<String> commands) {
        return new History(commands, List.of());
    }

    /** The step limit of command {@code index}, or Long.MAX_VALUE when it ran to quiescence. */
    public long stopAt(int index) {
        for (Cut c : cuts) if (c.command() == index) return c.step();
        return Long.MAX_VALUE;
    }
}

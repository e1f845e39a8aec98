package dev.driverlab.engine;

/** A command that cannot apply to the current state (unknown device, context not paused...). */
public final class CommandException extends RuntimeException {
    private final int line;

    public CommandException(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}

package dev.driverlab.scenario;

/**
 * A scenario file that cannot be used. The message is one line in the compiler style authors already read:
 * {@code FILE:LINE: error: message}, or {@code FILE: error: message} when no line applies (a missing key).
 */
public final class ScenarioException extends RuntimeException {
    private final String file;
    private final int line;
    private final String reason;

    /** {@code line} is 1-based; 0 means the problem has no single line. */
    public ScenarioException(String file, int line, String reason) {
        super(line > 0 ? file + ":" + line + ": error: " + reason : file + ": error: " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** The 1-based line of the offending key or value, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The message without the file and line prefix. */
    public String reason() {
        return reason;
    }
}

package dev.driverlab.session;

/**
 * Well-formed input that cannot apply: a command that fails on the current state, a batch that would exceed the
 * session's limits, a rewind past the last step. The message is gcc-style ({@code commands:LINE: error: ...}) when
 * a command is to blame; {@link #line} is its 1-based line in the request, 0 when no single line is. Maps to 422
 * with {@link #code} as the problem's code: {@code refused}, or {@code time-limit} / {@code memory-limit} when a
 * server budget was the reason.
 */
public class RefusedException extends RuntimeException {
    private final int line;
    private final String code;

    public RefusedException(String message) {
        this(message, 0);
    }

    public RefusedException(String message, int line) {
        this(message, line, "refused");
    }

    public RefusedException(String message, int line, String code) {
        super(message);
        this.line = line;
        this.code = code;
    }

    public int line() {
        return line;
    }

    public String code() {
        return code;
    }
}

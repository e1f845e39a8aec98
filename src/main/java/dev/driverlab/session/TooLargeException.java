package dev.driverlab.session;

/** A request over a size limit (scenario source, command count, body). Maps to HTTP 413. */
public class TooLargeException extends RuntimeException {
    public TooLargeException(String message) {
        super(message);
    }
}

package dev.driverlab.session;

/**
 * A request over one of the session layer's size limits (scenario source, command count, commands a share keeps);
 * the web layer answers it with 413.
 */
public class LimitExceeded extends RuntimeException {
    public LimitExceeded(String message) {
        super(message);
    }
}

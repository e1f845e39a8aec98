package dev.driverlab.session;

/**
 * The session is in use by another request for longer than a request waits for it (at most one batch's time
 * limit). Maps to 503 with Retry-After: nothing was done, the same request may simply be sent again.
 */
public class BusyException extends RuntimeException {
    public BusyException(String message) {
        super(message);
    }
}

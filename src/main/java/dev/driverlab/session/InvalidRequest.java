package dev.driverlab.session;

/**
 * What a client asked for cannot be: a missing or conflicting field, a command list with a line break in an element.
 * A domain error of the session layer, which knows nothing of HTTP; the web layer answers it with 400.
 */
public class InvalidRequest extends RuntimeException {
    public InvalidRequest(String message) {
        super(message);
    }
}

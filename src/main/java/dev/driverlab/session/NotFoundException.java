package dev.driverlab.session;

/** An unknown session, scenario or share. Maps to HTTP 404. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}

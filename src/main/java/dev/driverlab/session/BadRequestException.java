package dev.driverlab.session;

/** The request is malformed: a missing or conflicting field. Maps to HTTP 400. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}

package dev.driverlab.web.http;

/** Something only a session's owner may do (rewind, undo a rewind), asked without its owner capability: 403. */
public class NotOwnerException extends RuntimeException {
    public NotOwnerException(String message) {
        super(message);
    }
}

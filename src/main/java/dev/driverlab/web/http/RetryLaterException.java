package dev.driverlab.web.http;

import org.springframework.http.HttpStatus;

/**
 * A request refused for now, not for what it is: too many from one client (429, {@code rate-limited}), the server's
 * queue for this kind of work full (429, {@code queue-full}) or its capacity in use (503, {@code busy}). All carry
 * {@code Retry-After}.
 */
public class RetryLaterException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final long retryAfterSeconds;

    private RetryLaterException(HttpStatus status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public static RetryLaterException rateLimited(String message, long retryAfterSeconds) {
        return new RetryLaterException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", message, retryAfterSeconds);
    }

    /** 429 with its own code: the server's bounded queue for this kind of work is full. */
    public static RetryLaterException queueFull(String message, long retryAfterSeconds) {
        return new RetryLaterException(HttpStatus.TOO_MANY_REQUESTS, "queue-full", message, retryAfterSeconds);
    }

    public static RetryLaterException busy(String message, long retryAfterSeconds) {
        return new RetryLaterException(HttpStatus.SERVICE_UNAVAILABLE, "busy", message, retryAfterSeconds);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package dev.driverlab.web.api;

/** A client created work too fast; maps to 429 with {@code Retry-After}. */
class RateLimitedException extends RuntimeException {
    private final long retryAfterSeconds;

    RateLimitedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

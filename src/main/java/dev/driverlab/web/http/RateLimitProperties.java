package dev.driverlab.web.http;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code driverlab.api.rate.<budget>.capacity} (requests at once) and {@code .per-minute} (the refill) for every
 * {@link Budget}; application.properties sets them all, and a missing one stops the server at start.
 */
@ConfigurationProperties("driverlab.api")
public record RateLimitProperties(Map<String, Limit> rate) {

    public record Limit(int capacity, int perMinute) {}

    Limit of(Budget budget) {
        Limit limit = rate == null ? null : rate.get(budget.key());
        if (limit == null || limit.capacity() < 1 || limit.perMinute() < 1) {
            throw new IllegalStateException(
                    "driverlab.api.rate." + budget.key() + ".capacity and .per-minute must be set to 1 or more");
        }
        return limit;
    }
}

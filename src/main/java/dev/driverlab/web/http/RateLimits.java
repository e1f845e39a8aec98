package dev.driverlab.web.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * A token bucket per client and {@link Budget}: {@code capacity} requests at once, refilled at {@code per-minute}.
 * A client that runs one budget dry can still use the others: scrubbing the lab's timeline does not stop it from
 * sending commands.
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimits {
    /** Past this many tracked clients in one budget, buckets that have refilled completely are forgotten. */
    static final int TRIM_AT = 10_000;

    private final Map<Budget, Buckets> budgets = new EnumMap<>(Budget.class);
    /** {@code driverlab.requests.rejected{budget}}: requests refused by these limits, REST and STOMP alike. */
    private final Map<Budget, Counter> rejected = new EnumMap<>(Budget.class);

    RateLimits(RateLimitProperties properties, ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        for (Budget b : Budget.values()) {
            budgets.put(b, new Buckets(b, properties.of(b)));
            rejected.put(
                    b,
                    Counter.builder("driverlab.requests.rejected")
                            .tag("budget", b.name().toLowerCase())
                            .description("requests refused by the per-client rate limits")
                            .register(registry));
        }
    }

    /** Takes a token of {@code budget} for {@code client} or throws a 429 with the seconds to wait. */
    public void acquire(Budget budget, String client) {
        try {
            budgets.get(budget).acquire(ClientAddress.of(client));
        } catch (RetryLaterException e) {
            rejected.get(budget).increment();
            throw e;
        }
    }

    private static final class Buckets {
        private final Budget budget;
        private final double capacity;
        private final double perNano;
        private final Map<String, Bucket> byClient = new ConcurrentHashMap<>();
        private volatile long lastTrim;

        Buckets(Budget budget, RateLimitProperties.Limit limit) {
            this.budget = budget;
            this.capacity = limit.capacity();
            this.perNano = limit.perMinute() / 60e9;
        }

        void acquire(String client) {
            long now = System.nanoTime();
            // At most once a second: a flood of new addresses must not make every request scan the whole map.
            if (byClient.size() > TRIM_AT && now - lastTrim > 1_000_000_000L) {
                lastTrim = now;
                byClient.values().removeIf(b -> b.full(now));
            }
            long waitSeconds =
                    byClient.computeIfAbsent(client, k -> new Bucket(now)).take(now);
            if (waitSeconds > 0) {
                throw RetryLaterException.rateLimited(
                        "too many " + budget.what() + " from this address; try again in " + waitSeconds + " s",
                        waitSeconds);
            }
        }

        private final class Bucket {
            private double tokens = capacity;
            private long last;

            Bucket(long now) {
                last = now;
            }

            /** 0 when a token was taken, else the whole seconds until one will be there. */
            synchronized long take(long now) {
                refill(now);
                if (tokens >= 1) {
                    tokens -= 1;
                    return 0;
                }
                return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
            }

            synchronized boolean full(long now) {
                refill(now);
                return tokens >= capacity;
            }

            private void refill(long now) {
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
                last = now;
            }
        }
    }
}

package dev.driverlab.web.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A token bucket per client address for the requests that create work (sessions, runs, shares): {@code capacity}
 * requests at once, refilled at {@code per-minute}. Behind a proxy, set {@code server.forward-headers-strategy}
 * so the address is the client's and not the proxy's.
 */
@Component
class RateLimiter {
    /** Past this many tracked addresses, buckets that have refilled completely are forgotten. */
    private static final int TRIM_AT = 10_000;

    private final double capacity;
    private final double perNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(@Value("${driverlab.api.rate.capacity:20}") int capacity,
                @Value("${driverlab.api.rate.per-minute:60}") int perMinute) {
        this.capacity = capacity;
        this.perNano = perMinute / 60e9;
    }

    /** Takes a token for {@code client} or throws RateLimitedException with the seconds to wait. */
    void acquire(String client) {
        long now = System.nanoTime();
        if (buckets.size() > TRIM_AT) buckets.values().removeIf(b -> b.full(now));
        Bucket bucket = buckets.computeIfAbsent(client, k -> new Bucket(now));
        long waitSeconds = bucket.take(now);
        if (waitSeconds > 0) {
            throw new RateLimitedException("too many sessions, runs or shares created from " + client
                    + "; try again in " + waitSeconds + " s", waitSeconds);
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

package dev.driverlab.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code driverlab.sessions.*}: how many sessions stay live in memory (the least recently used is evicted past
 * {@code max-live}, or while all live sessions together hold more than {@code max-total-bytes} of heap — 0 means
 * 40% of the JVM's maximum heap), how long an idle one stays, how long its stored record is kept, and the per-session
 * limits. The sweep runs every {@code driverlab.sessions.sweep-interval} (ISO-8601, default PT10S); it also writes
 * changed sessions' histories to the database, so a crash loses at most that much. {@code shared-database}: several
 * instances share the database (README "Scaling out"); before using a live session an instance checks that nobody
 * else stored it since, and rebuilds it from the database if someone did (it was taken over while this instance
 * was unreachable, or routed elsewhere), rather than go on from its stale copy.
 */
@ConfigurationProperties("driverlab.sessions")
public record SessionProperties(
        @DefaultValue("2000") int maxLive,
        @DefaultValue("30m") Duration idleTimeout,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("10000") int maxCommands,
        @DefaultValue("1000000") long maxSteps,
        @DefaultValue("5000") long snapshotSteps,
        @DefaultValue("8") int maxSnapshots,
        @DefaultValue("5s") Duration batchTime,
        @DefaultValue("64MB") DataSize maxSessionBytes,
        @DefaultValue("0") DataSize maxTotalBytes,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("false") boolean sharedDatabase) {

    public SessionLimits limits() {
        return new SessionLimits(
                maxCommands, maxSteps, snapshotSteps, maxSnapshots, batchTime, maxSessionBytes.toBytes());
    }

    /** The heap all live sessions may hold together before the least recently used are evicted. */
    public long totalBytes() {
        return maxTotalBytes.toBytes() > 0
                ? maxTotalBytes.toBytes()
                : Runtime.getRuntime().maxMemory() / 5 * 2;
    }
}

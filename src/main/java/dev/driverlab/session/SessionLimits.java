package dev.driverlab.session;

import java.time.Duration;

/**
 * Per-session bounds: commands in the history, machine steps in all, the snapshot policy (a copy every
 * {@code snapshotSteps} steps, at most {@code maxSnapshots} copies; see {@link Snapshots}), the server time one
 * batch may take, and the heap the session may hold (its trace, its machine and its snapshots, estimated).
 */
public record SessionLimits(
        int maxCommands, long maxSteps, long snapshotSteps, int maxSnapshots, Duration batchTime, long maxBytes) {
    public static final Duration DEFAULT_BATCH_TIME = Duration.ofSeconds(5);
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    public static final SessionLimits DEFAULT = new SessionLimits(CommandScript.MAX_COMMANDS, 1_000_000, 5_000, 8);

    public SessionLimits(int maxCommands, long maxSteps, long snapshotSteps, int maxSnapshots) {
        this(maxCommands, maxSteps, snapshotSteps, maxSnapshots, DEFAULT_BATCH_TIME, DEFAULT_MAX_BYTES);
    }
}

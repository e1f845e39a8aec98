package dev.driverlab.session;

/**
 * Per-session bounds: commands in the history, machine steps in all, and the snapshot policy (a copy every
 * {@code snapshotSteps} steps, at most {@code maxSnapshots} copies; see {@link Snapshots}).
 */
public record SessionLimits(int maxCommands, long maxSteps, long snapshotSteps, int maxSnapshots) {
    public static final SessionLimits DEFAULT = new SessionLimits(CommandScript.MAX_COMMANDS, 1_000_000, 5_000, 8);
}

package dev.driverlab.engine;

/**
 * A command ran past the engine's wall-clock deadline (see {@link Engine#setDeadline}). Not a kernel event: the
 * server's budget for one request, so the machine it interrupted is thrown away by whoever set the deadline.
 */
public final class WallClockExceeded extends RuntimeException {
    public WallClockExceeded() {
        super("the wall-clock budget for this request is spent", null, false, false);
    }
}

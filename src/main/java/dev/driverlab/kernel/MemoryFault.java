package dev.driverlab.kernel;

/** A bad memory access the simulated hardware or KASAN catches; the engine turns it into a report. */
public final class MemoryFault extends RuntimeException {
    public enum Kind {
        USE_AFTER_FREE,
        OUT_OF_BOUNDS,
        DOUBLE_FREE,
        INVALID_FREE,
        NULL_DEREF,
        PAGE_FAULT
    }

    public final Kind kind;
    public final long address;
    /** The access's size: a scalar's, or a whole range a string or memory function was asked for. */
    public final long size;

    public final boolean write;
    public final MemObject object;

    public MemoryFault(Kind kind, long address, long size, boolean write, MemObject object) {
        super(kind + " at " + Addresses.hex(address), null, false, false);
        this.kind = kind;
        this.address = address;
        this.size = size;
        this.write = write;
        this.object = object;
    }
}

package dev.driverlab.engine;

import dev.driverlab.kernel.MemObject;

/**
 * Rough heap cost of a machine, for the server's memory budgets (sessions, snapshots, the explorer's frontier): the
 * parts that grow with what a driver or a script does — simulated memory, contexts, the trace. An estimate of the
 * big parts, not an accounting to the byte.
 */
public final class Footprint {
    /** An object's header, its byte array's header, its sites and labels, give or take. */
    private static final int PER_OBJECT = 160;
    /** A machine's own records and maps (kernel state, scheduler, queues): measured at about 3.4 KiB a copy. */
    private static final int PER_MACHINE = 4096;
    /** A context: its frames, operand stacks and names. */
    private static final int PER_CONTEXT = 2048;

    private Footprint() {}

    /** The machine's state without its trace: what a copy of it costs at most (copies share unwritten objects). */
    public static long state(Machine m) {
        long bytes = PER_MACHINE + (long) m.contexts().size() * PER_CONTEXT;
        for (MemObject o : m.kernel().memory().objects()) bytes += PER_OBJECT + o.heapBytes();
        return bytes;
    }

    /**
     * What {@code copy} holds beyond {@code original}, a machine it was copied from: copies share the bytes of every
     * object neither has written since (copy-on-write), so a copy costs its contexts, its object headers and the
     * objects it wrote.
     */
    public static long copyOf(Machine copy, Machine original) {
        long bytes = PER_MACHINE + (long) copy.contexts().size() * PER_CONTEXT;
        var before = original.kernel().memory();
        for (MemObject o : copy.kernel().memory().objects()) {
            MemObject b = before.object(o.id);
            bytes += PER_OBJECT + (b != null && o.sharesContents(b) ? 0 : o.heapBytes());
        }
        return bytes;
    }

    /** The machine with its trace. */
    public static long of(Machine m) {
        return state(m) + m.trace().estimatedBytes();
    }
}

package dev.driverlab.kernel;

/**
 * What a primitive sees of the machine while it runs: the kernel state, the context calling it, and the ways it
 * can affect the run (trace, log, block the caller, report a bug). Implemented by the engine.
 */
public interface Env {
    KernelState kernel();

    default Memory memory() {
        return kernel().memory();
    }

    /** The calling context's stack, innermost first, with {@code innermost} (the primitive) on top. */
    Site site(String innermost);

    int cpu();

    int pid();

    String comm();

    ContextKind contextKind();

    /** "file:line function" of the C code calling the primitive, for WARN and BUG lines. */
    String where();

    /** Offset of a field of a kernel struct (from the prelude's declarations). */
    int offset(String struct, String field);

    /** {@code symbol+0xoff/0xsize [module]} for a text address, as %pS prints it. */
    String symbol(long address);

    /** Blocks the caller: the primitive will run again, from the start, once the condition holds. */
    void block(WaitCondition condition);

    void trace(EventKind kind, long object, long from, long to, String text);

    /** A kernel bug the primitive detected (BUG_ON, refcount misuse...): the run stops after this step. */
    void report(String kind, String title, String text);

    /** Fires an interrupt line on a CPU (a replayed pending IRQ at enable_irq). */
    void raiseIrq(int irq, int cpu);

    default long readField(long base, String struct, String field, int size) {
        return memory().read(base + offset(struct, field), size, false);
    }

    default void writeField(long base, String struct, String field, int size, long value) {
        memory().write(base + offset(struct, field), size, value);
    }

    default void log(String line) {
        kernel().log(line);
        trace(EventKind.DMESG, 0, 0, 0, line);
    }
}

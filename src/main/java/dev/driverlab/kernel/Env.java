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

    /** The symbol of the function that called the C function now calling a primitive (lockdep's "at:"). */
    String callerWhere();

    /** The name of a context (a lock's owner), or "context N" if it is gone. */
    String contextName(int id);

    /** Offset of a field of a kernel struct (from the prelude's declarations). */
    int offset(String struct, String field);

    /** {@code symbol+0xoff/0xsize [module]} for a text address, as %pS prints it. */
    String symbol(long address);

    /** Blocks the caller: the primitive will run again, from the start, once the condition holds. */
    void block(WaitCondition condition);

    void trace(EventKind kind, long object, long from, long to, String text);

    /** A kernel bug the primitive detected (BUG_ON, refcount misuse...): the run stops after this step. */
    void report(String kind, String title, String text);

    /**
     * A report that does not stop the kernel (lockdep's splats: pr_warn, then "stack backtrace:" and dump_stack()):
     * the task goes on, nothing panics. {@code frames}: the kernel functions between dump_stack and the current
     * frame, innermost first (lockdep_rcu_suspicious).
     */
    void warning(String kind, String title, String text, String... frames);

    /**
     * dump_stack(): the CPU line, the hardware name and the calling context's call trace, into the log;
     * {@code inner} are the kernel's own frames above the calling C function (innermost first), as %pS prints them.
     */
    void dumpStack(String... inner);

    /** Fires an interrupt line on a CPU (a replayed pending IRQ at enable_irq). */
    void raiseIrq(int irq, int cpu);

    /**
     * __builtin_return_address(0) of the C function calling the primitive: where in its caller it returns to, an
     * address %pS prints as {@code caller+0xoff/0xsize [module]}.
     */
    long returnAddress();

    /** The calling context's id (stable for the context's life). */
    int contextId();

    /** The calling context's {@code struct task_struct} ({@code current}). */
    long task();

    /** Address of a global of the kernel prelude. */
    long kernelGlobal(String name);

    /** Size of a struct of the kernel prelude. */
    int sizeOf(String struct);

    /** Extra arguments the calling C function received through its "..." (for vsnprintf-like primitives). */
    long[] varargs();

    /** A readable name for an address: a global's name, "#id type+off" for heap objects, or the hex. */
    String describe(long address);

    /** Creates a kernel thread context (not started until woken); returns its task_struct. */
    long spawnKthread(long fn, long data, String name);

    /** Makes sure a kworker context runs the work queued on a worker pool. */
    void ensureKworker(int pool);

    /** Ends the calling context now (do_exit): its frames are dropped. */
    void exitContext(long code);

    /**
     * The check behind might_sleep(): sleeping here is a bug if the context is atomic (hardirq, softirq, a
     * spinlock held, IRQs off). Reports it and returns false then; {@code scheduling} gives msleep's wording.
     */
    boolean mightSleep(boolean scheduling);

    /**
     * might_sleep() at {@code at} ("file:line" of the might_sleep() that runs in 6.1, which the report names), with
     * {@code frames} the kernel functions between the check and the current frame, innermost first (as the real
     * backtrace shows them: __might_fault, _copy_to_user...). Reports and returns false in atomic context.
     */
    boolean mightSleepAt(String at, String... frames);

    /**
     * What a WARN prints after its WARNING line (print_modules, show_regs, the call trace), and the W taint it
     * leaves; {@code primitive} names the kernel function the WARN is in when that is a Java primitive.
     */
    void warnBody(String primitive);

    /**
     * The current context went through the scheduler without sleeping (schedule() in TASK_RUNNING, cond_resched(),
     * yield()): the CPU scheduled, so the soft-lockup watchdog's count for it starts again.
     */
    void scheduled();

    /** Time passes while the CPU busy-waits (a delay loop): jiffies advance to {@code to}, timers expire. */
    void advanceJiffies(long to);

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

package dev.driverlab.engine;

import dev.driverlab.kernel.ContextKind;

/** What user space prints, and what the kernel starts, when a context's entry function returns. */
final class Outcomes {
    private Outcomes() {}

    static void onExit(Machine m, Context ctx, long value) {
        switch (ctx.purpose) {
            case INSMOD:
                if (value != 0) {
                    m.output("insmod: ERROR: could not insert module " + ctx.subject + ".ko: "
                            + Errno.message(value));
                }
                break;
            case RMMOD:
                if (value == -11) m.output("rmmod: ERROR: Module " + ctx.subject + " is in use");
                else if (value != 0) {
                    m.output("rmmod: ERROR: could not remove module " + ctx.subject + ": " + Errno.message(value));
                }
                break;
            case BIND:
            case UNBIND:
                if (value < 0) m.output(ctx.name + ": echo: write error: " + Errno.message(value));
                break;
            case IRQ:
                m.irqExited[ctx.cpu] = true; // irq_exit(): pending softirqs run next on this CPU
                break;
            default:
                break;
        }
    }

    /** Whether a CPU already has a context of that kind (one softirq run per CPU at a time). */
    static boolean hasActive(Machine m, int cpu, ContextKind kind) {
        for (Context c : m.contexts) if (c.cpu == cpu && c.kind == kind) return true;
        return false;
    }
}

package dev.driverlab.engine;

import dev.driverlab.kernel.ContextKind;
import java.util.Arrays;
import java.util.List;

/**
 * Who holds each CPU, gathered in one pass over the contexts, so that deciding whether a context may run is
 * O(1) instead of another pass per context: a context cannot run while a higher level is active on its CPU, or
 * an older context of the same interrupt level, or (for a hardirq) while someone there has interrupts off.
 */
final class CpuOccupancy {
    private static final int KINDS = ContextKind.values().length;

    private final int[] highestLevel; // lowest kind ordinal of a non-idle context, per CPU
    private final int[] oldest; // lowest context id per CPU and kind
    private final int[] irqsOff; // contexts with interrupts off, per CPU
    private final Machine m;

    CpuOccupancy(Machine m) {
        this.m = m;
        int cpus = m.kernel().cpus();
        highestLevel = new int[cpus];
        oldest = new int[cpus * KINDS];
        irqsOff = new int[cpus];
    }

    /** Gathers who holds each CPU now; the arrays are reused, since the scheduler asks before every step. */
    void gather(List<Context> contexts) {
        Arrays.fill(highestLevel, Integer.MAX_VALUE);
        Arrays.fill(oldest, Integer.MAX_VALUE);
        Arrays.fill(irqsOff, 0);
        if (m.kernel().sched().anyIrqsOff()) {
            for (Context o : contexts) {
                if (o.status != Context.Status.IDLE && m.kernel().sched().irqsOff(o.id) > 0) irqsOff[o.cpu]++;
            }
        }
        for (Context o : contexts) {
            if (o.status == Context.Status.IDLE || heldBackByIrqsOff(o)) continue;
            highestLevel[o.cpu] = Math.min(highestLevel[o.cpu], o.kind.ordinal());
            int k = o.cpu * KINDS + o.kind.ordinal();
            oldest[k] = Math.min(oldest[k], o.id);
        }
    }

    /**
     * A hardirq raised on a CPU where another context has interrupts off is only pending: it does not hold the CPU
     * (that context runs on to its local_irq_restore), and it is delivered once interrupts are on again.
     */
    private boolean heldBackByIrqsOff(Context c) {
        return c.kind == ContextKind.HARDIRQ
                && irqsOff[c.cpu] > 0 // none there: nothing to ask the map
                && irqsOff[c.cpu] - (m.kernel().sched().irqsOff(c.id) > 0 ? 1 : 0) > 0;
    }

    /** Whether nothing else on its CPU holds the context back (the context itself is among those counted). */
    boolean eligible(Context c) {
        if (heldBackByIrqsOff(c)) return false;
        if (highestLevel[c.cpu] < c.kind.ordinal()) return false;
        return c.kind == ContextKind.PROCESS || oldest[c.cpu * KINDS + c.kind.ordinal()] >= c.id;
    }
}

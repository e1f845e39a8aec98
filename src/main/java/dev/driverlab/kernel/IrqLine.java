package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.List;

/** An interrupt line's descriptor: its handlers (irqaction addresses), disable depth, running handlers. */
public final class IrqLine {
    public final int irq;
    final List<Long> actions = new ArrayList<>();
    int depth;
    int running;
    int threadsActive;
    boolean pending;
    long fired;
    /** note_interrupt's counters (struct irq_desc's irqs_unhandled, last_unhandled, irq_count). */
    int irqsUnhandled;

    long lastUnhandled;
    int irqCount;
    /** IRQF_TRIGGER_* the line was set up with (irqd_get_trigger_type): kept after free_irq, as irq_data keeps it. */
    int trigger;

    IrqLine(int irq) {
        this.irq = irq;
    }

    IrqLine copy() {
        IrqLine c = new IrqLine(irq);
        c.actions.addAll(actions);
        c.depth = depth;
        c.running = running;
        c.threadsActive = threadsActive;
        c.pending = pending;
        c.fired = fired;
        c.irqsUnhandled = irqsUnhandled;
        c.lastUnhandled = lastUnhandled;
        c.irqCount = irqCount;
        c.trigger = trigger;
        return c;
    }

    /** IRQS_PENDING: an interrupt came while the line was in progress (or masked); it is handled once, later. */
    public void markPending() {
        pending = true;
        fired++;
    }

    /**
     * note_interrupt's count of one interrupt (kernel/irq/spurious.c): whether the line is now stuck, 99,900 of the
     * last 100,000 unhandled. An unhandled one more than HZ/10 after the last starts the count again: the odd spurious
     * interrupt must not become a doomsday timer.
     */
    boolean noteUnhandled(boolean unhandled, long jiffies) {
        if (unhandled) {
            if (jiffies - (lastUnhandled + SchedPrimitives.HZ / 10) > 0) irqsUnhandled = 1;
            else irqsUnhandled++;
            lastUnhandled = jiffies;
        }
        if (++irqCount < STUCK_WINDOW) return false;
        irqCount = 0;
        boolean stuck = irqsUnhandled > STUCK_UNHANDLED;
        irqsUnhandled = 0;
        return stuck;
    }

    private static final int STUCK_WINDOW = 100_000;
    private static final int STUCK_UNHANDLED = 99_900;

    public List<Long> actions() {
        return actions;
    }

    public int depth() {
        return depth;
    }

    public int running() {
        return running;
    }

    public int trigger() {
        return trigger;
    }

    public long fired() {
        return fired;
    }
}

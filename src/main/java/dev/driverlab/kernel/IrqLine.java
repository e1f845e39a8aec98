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
    boolean nobodyCared;
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
        c.nobodyCared = nobodyCared;
        c.trigger = trigger;
        return c;
    }

    /** IRQS_PENDING: an interrupt came while the line was in progress (or masked); it is handled once, later. */
    public void markPending() {
        pending = true;
        fired++;
    }

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

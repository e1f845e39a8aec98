package dev.driverlab.kernel;

/** IRQ descriptors (kernel/irq/manage.c, handle.c, spurious.c) and softirq raising (kernel/softirq.c). */
final class IrqPrimitives {
    /** IRQF_TRIGGER_RISING | _FALLING | _HIGH | _LOW (include/linux/interrupt.h's IRQF_TRIGGER_MASK). */
    static final long IRQF_TRIGGER_MASK = 0x0f;

    private IrqPrimitives() {}

    static void register(Primitives p) {
        p.add("__setup_irq", (e, a) -> {
            int irq = (int) a[0];
            IrqLine line = e.kernel().irqLine(irq);
            long flags = e.readField(a[1], "irqaction", "flags", 8);
            if (!line.actions.isEmpty()) {
                long oldFlags = e.readField(line.actions.get(0), "irqaction", "flags", 8);
                if ((flags & oldFlags & 0x80) == 0) { // both must be IRQF_SHARED
                    String oldName = e.memory().readString(e.readField(line.actions.get(0), "irqaction", "name", 8));
                    String newName = e.memory().readString(e.readField(a[1], "irqaction", "name", 8));
                    e.log(String.format(
                            "genirq: Flags mismatch irq %d. %08x (%s) vs. %08x (%s)",
                            irq, flags, newName, oldFlags, oldName));
                    return -Errno.EBUSY.number;
                }
            }
            line.actions.add(a[1]);
            if ((flags & IRQF_TRIGGER_MASK) != 0) line.trigger = (int) (flags & IRQF_TRIGGER_MASK); // __irq_set_trigger
            long handler = e.readField(a[1], "irqaction", "handler", 8);
            e.trace(EventKind.IRQ_REQUEST, irq, a[1], handler, "IRQ " + irq + " -> " + e.symbol(handler));
            return 0;
        });
        p.add("__free_irq_unlink", (e, a) -> {
            int irq = (int) a[0];
            IrqLine line = e.kernel().irq(irq);
            if (line != null) {
                for (Long action : line.actions) {
                    if (e.readField(action, "irqaction", "dev_id", 8) == a[1]) {
                        line.actions.remove(action);
                        e.trace(EventKind.IRQ_FREE, irq, action, 0, "IRQ " + irq + " handler unlinked");
                        return action;
                    }
                }
            }
            e.log("------------[ cut here ]------------");
            e.log("Trying to free already-free IRQ " + irq);
            e.log("WARNING: CPU: " + e.cpu() + " PID: " + e.pid() + " at kernel/irq/manage.c:1893 __free_irq");
            e.trace(EventKind.WARNING, irq, 0, 0, "Trying to free already-free IRQ " + irq);
            return 0;
        });
        p.add("irq_action", (e, a) -> {
            IrqLine line = e.kernel().irq((int) a[0]);
            return line == null || a[1] >= line.actions.size() ? 0 : line.actions.get((int) a[1]);
        });
        p.add("irq_desc_deliverable", (e, a) -> {
            IrqLine line = e.kernel().irqLine((int) a[0]);
            line.fired++;
            if (line.actions.isEmpty()) return 0; // handle_edge_irq: no action, so nothing runs and nothing is said
            if (line.depth > 0) { // masked: remembered and replayed by enable_irq
                line.pending = true;
                return 0;
            }
            return 1;
        });
        p.add("__irq_desc_fired", (e, a) -> { // desc->irq_count's lifetime total, without making a descriptor
            IrqLine line = e.kernel().irq((int) a[0]);
            return line == null ? 0 : line.fired;
        });
        p.add("irq_desc_take_pending", (e, a) -> { // handle_edge_irq's loop: IRQS_PENDING and not disabled
            IrqLine line = e.kernel().irqLine((int) a[0]);
            if (!line.pending || line.depth > 0) return 0;
            line.pending = false;
            return 1;
        });
        p.add("irq_desc_enter", (e, a) -> {
            e.kernel().irqLine((int) a[0]).running++;
            return 0;
        });
        p.add("irq_desc_exit", (e, a) -> {
            e.kernel().irqLine((int) a[0]).running--;
            return 0;
        });
        p.add(
                "irq_desc_note_unhandled",
                (e, a) -> // note_interrupt's counting (kernel/irq/spurious.c)
                e.kernel().irqLine((int) a[0]).noteUnhandled(a[1] != 0, a[2]) ? 1 : 0);
        p.add("synchronize_hardirq", (e, a) -> {
            IrqLine line = e.kernel().irq((int) a[0]);
            if (line != null && line.running > 0) e.block(new WaitCondition.IrqIdle((int) a[0]));
            return 0;
        });
        p.add("synchronize_irq_threads", (e, a) -> {
            IrqLine line = e.kernel().irq((int) a[0]);
            if (line != null
                    && line.threadsActive > 0
                    && e.mightSleepAt(
                            "kernel/irq/manage.c:137")) { // __synchronize_irq's wait_event: its might_sleep() expands
                // there
                e.block(new WaitCondition.IrqThreadsIdle((int) a[0]));
            }
            return 0;
        });
        p.add("__irq_thread_woken", (e, a) -> {
            e.kernel().irqLine((int) a[0]).threadsActive++;
            return 0;
        });
        p.add("__irq_thread_done", (e, a) -> {
            IrqLine line = e.kernel().irqLine((int) a[0]);
            line.threadsActive = Math.max(0, line.threadsActive - 1);
            return 0;
        });
        p.add("irq_disable_depth", (e, a) -> {
            e.kernel().irqLine((int) a[0]).depth++;
            return 0;
        });
        p.add("enable_irq", (e, a) -> {
            IrqLine line = e.kernel().irqLine((int) a[0]);
            if (line.depth == 0) {
                e.log("------------[ cut here ]------------");
                e.log("Unbalanced enable for IRQ " + a[0]);
                e.log("WARNING: CPU: " + e.cpu() + " PID: " + e.pid() + " at kernel/irq/manage.c:774 __enable_irq");
                e.trace(EventKind.WARNING, a[0], 0, 0, "Unbalanced enable for IRQ " + a[0]);
                return 0;
            }
            if (--line.depth == 0 && line.pending) {
                line.pending = false;
                e.raiseIrq((int) a[0], e.cpu());
            }
            return 0;
        });
        p.add("raise_softirq_irqoff", (e, a) -> {
            e.kernel().raiseSoftirq(e.cpu(), (int) a[0], e.contextKind() == ContextKind.PROCESS);
            return 0;
        });
        p.add("softirq_pending_take", (e, a) -> {
            KernelState k = e.kernel();
            int pending = k.softirqPending[e.cpu()];
            k.softirqPending[e.cpu()] = 0;
            return pending;
        });
        p.add("trace_tasklet_schedule", (e, a) -> tasklet(e, EventKind.TASKLET_SCHEDULE, a[0], "scheduled"));
        p.add("trace_tasklet_entry", (e, a) -> tasklet(e, EventKind.TASKLET_START, a[0], "runs"));
        p.add("trace_tasklet_exit", (e, a) -> tasklet(e, EventKind.TASKLET_FINISH, a[0], "done"));
        p.add("trace_tasklet_kill", (e, a) -> tasklet(e, EventKind.TASKLET_KILL, a[0], "killed"));
    }

    /** Tracepoints take the pointer only: they must not touch the (possibly freed) tasklet themselves. */
    private static long tasklet(Env e, EventKind kind, long t, String what) {
        if (kind == EventKind.TASKLET_SCHEDULE) e.kernel().defer.taskletScheduled(t);
        if (kind == EventKind.TASKLET_START || kind == EventKind.TASKLET_KILL)
            e.kernel().defer.taskletUnscheduled(t);
        e.trace(kind, DevicePrimitives.objectId(e, t), t, e.cpu(), "tasklet " + Addresses.hex(t) + " " + what);
        return 0;
    }
}

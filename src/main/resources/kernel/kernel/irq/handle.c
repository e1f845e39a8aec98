/* Mirrors kernel/irq/handle.c of Linux 6.x. */

static irqreturn_t __handle_irq_event_percpu(unsigned int irq)
{
	irqreturn_t retval = IRQ_NONE;
	struct irqaction *action;
	int i = 0;

	while ((action = irq_action(irq, i++)) != NULL) {
		irqreturn_t res = action->handler(irq, action->dev_id);

		if (res == IRQ_WAKE_THREAD && action->thread_fn)
			__irq_wake_thread(action);
		retval |= res;
	}
	return retval;
}

static irqreturn_t handle_irq_event(unsigned int irq)
{
	irqreturn_t ret;

	irq_desc_enter(irq);
	ret = __handle_irq_event_percpu(irq);
	irq_desc_exit(irq);
	note_interrupt(irq, ret);
	return ret;
}

/*
 * handle_edge_irq: an interrupt arriving while the handler runs only marks the line IRQS_PENDING; the running
 * context handles it once more when the handler returns (unless the line was disabled meanwhile).
 */
void common_interrupt(unsigned int irq)
{
	if (!irq_desc_deliverable(irq))
		return;
	do {
		handle_irq_event(irq);
	} while (irq_desc_take_pending(irq));
}

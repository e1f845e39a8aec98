/*
 * Mirrors kernel/irq/spurious.c of Linux 6.1: what the kernel makes of a line's handlers' combined return value.
 * A value that is not a combination of IRQ_HANDLED and IRQ_WAKE_THREAD is reported at once (the first 100 times);
 * an interrupt nobody handled is only counted, and a line is declared stuck ("nobody cared") and disabled when
 * 99,900 of 100,000 of its interrupts went unhandled, none of them more than HZ/10 after the one before. The
 * descriptor's counters (irqs_unhandled, last_unhandled, irq_count) are kept by irq_desc_note_unhandled.
 */

static inline int bad_action_ret(irqreturn_t action_ret)
{
	unsigned int r = action_ret;

	if (likely(r <= (IRQ_HANDLED | IRQ_WAKE_THREAD)))
		return 0;
	return 1;
}

static void __report_bad_irq(unsigned int irq, irqreturn_t action_ret)
{
	struct irqaction *action;
	int i = 0;

	if (bad_action_ret(action_ret))
		pr_err("irq event %d: bogus return value %x\n", irq, action_ret);
	else
		pr_err("irq %d: nobody cared (try booting with the \"irqpoll\" option)\n", irq);
	dump_stack();
	pr_err("handlers:\n");
	while ((action = irq_action(irq, i++)) != NULL) {
		pr_err("[<%p>] %ps", action->handler, action->handler);
		if (action->thread_fn)
			pr_cont(" threaded [<%p>] %ps", action->thread_fn, action->thread_fn);
		pr_cont("\n");
	}
}

/* inline: gcc folds this one call into note_interrupt, so call traces go from __report_bad_irq to note_interrupt */
static inline void report_bad_irq(unsigned int irq, irqreturn_t action_ret)
{
	static int count = 100;

	if (count > 0) {
		count--;
		__report_bad_irq(irq, action_ret);
	}
}

void note_interrupt(unsigned int irq, irqreturn_t action_ret)
{
	if (bad_action_ret(action_ret)) {
		report_bad_irq(irq, action_ret);
		return;
	}
	if (likely(!irq_desc_note_unhandled(irq, action_ret == IRQ_NONE, jiffies)))
		return;
	/* The interrupt is stuck */
	__report_bad_irq(irq, action_ret);
	/* Now kill the IRQ */
	pr_emerg("Disabling IRQ #%d\n", irq);
	irq_disable_depth(irq);
}

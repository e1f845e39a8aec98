/*
 * Mirrors kernel/irq/autoprobe.c of Linux 6.1: a driver finds its device's line by arming every line nobody has
 * requested (probe_irq_on), making the device interrupt, and asking which of them fired since (probe_irq_off). The
 * real descriptor's IRQS_AUTODETECT and IRQS_WAITING bits are here the count each line had fired when probing began.
 */

#define NR_PROBE_IRQS 64

static DEFINE_MUTEX(probing_active);
static unsigned long probe_fired[NR_PROBE_IRQS];	/* a line's fired count at probe_irq_on; ~0UL: not probed */

unsigned long probe_irq_on(void)
{
	unsigned long mask = 0;
	int i;

	mutex_lock(&probing_active);
	/* wait for longstanding interrupts to trigger, then for spurious ones to mask themselves out */
	msleep(20);
	msleep(100);
	for (i = NR_PROBE_IRQS - 1; i > 0; i--) {
		if (irq_action(i, 0)) {
			probe_fired[i] = ~0UL;
			continue;
		}
		probe_fired[i] = __irq_desc_fired(i);
		if (i < 32)
			mask |= 1UL << i;
	}
	return mask;
}

/* The lines that fired since probe_irq_on, of those in val; probing goes on. */
unsigned int probe_irq_mask(unsigned long val)
{
	unsigned int mask = 0;
	int i;

	for (i = 1; i < 32; i++)
		if (probe_fired[i] != ~0UL && __irq_desc_fired(i) != probe_fired[i])
			mask |= 1U << i;
	mutex_unlock(&probing_active);
	return mask & val;
}

/* The one line that fired since probe_irq_on: 0 if none did, minus the first if several did. Probing ends. */
int probe_irq_off(unsigned long val)
{
	int i, irq_found = 0, nr_of_irqs = 0;

	for (i = 1; i < NR_PROBE_IRQS; i++) {
		if (probe_fired[i] == ~0UL)
			continue;
		if (__irq_desc_fired(i) != probe_fired[i]) {
			if (!nr_of_irqs)
				irq_found = i;
			nr_of_irqs++;
		}
		probe_fired[i] = ~0UL;
	}
	mutex_unlock(&probing_active);
	if (nr_of_irqs > 1)
		irq_found = -irq_found;
	return irq_found;
}

/*
 * Mirrors kernel/irq/autoprobe.c of Linux 6.1: a driver finds its device's line by arming every line nobody has
 * requested (probe_irq_on), making the device interrupt, and asking which of them fired since (probe_irq_off or
 * probe_irq_mask, either of which ends the probe). The real descriptor's IRQS_AUTODETECT and IRQS_WAITING bits are
 * here the count each line had fired when probing began, plus one (0: the line is not being probed).
 */

#define NR_PROBE_IRQS 64

static DEFINE_MUTEX(probing_active);
static unsigned long probe_mark[NR_PROBE_IRQS];

/* Whether line i is being probed and fired since probe_irq_on; it is no longer probed after. */
static bool probe_fired(int i)
{
	bool fired = probe_mark[i] && __irq_desc_fired(i) + 1 != probe_mark[i];

	probe_mark[i] = 0;
	return fired;
}

unsigned long probe_irq_on(void)
{
	unsigned long mask = 0;
	int i;

	mutex_lock(&probing_active);
	/* wait for longstanding interrupts to trigger, then for spurious ones to mask themselves out */
	msleep(20);
	msleep(100);
	for (i = NR_PROBE_IRQS - 1; i > 0; i--) {
		if (irq_action(i, 0))
			continue;
		probe_mark[i] = __irq_desc_fired(i) + 1;
		if (i < 32)
			mask |= 1UL << i;
	}
	return mask;
}

/* The lines below 32 that fired since probe_irq_on, of those in val. */
unsigned int probe_irq_mask(unsigned long val)
{
	unsigned int mask = 0;
	int i;

	for (i = 1; i < NR_PROBE_IRQS; i++)
		if (probe_fired(i) && i < 32)
			mask |= 1U << i;
	mutex_unlock(&probing_active);
	return mask & val;
}

/* The one line that fired since probe_irq_on: 0 if none did, minus the first if several did. */
int probe_irq_off(unsigned long val)
{
	int i, irq_found = 0, nr_of_irqs = 0;

	for (i = 1; i < NR_PROBE_IRQS; i++) {
		if (probe_fired(i)) {
			if (!nr_of_irqs)
				irq_found = i;
			nr_of_irqs++;
		}
	}
	mutex_unlock(&probing_active);
	if (nr_of_irqs > 1)
		irq_found = -irq_found;
	return irq_found;
}

/*
 * Mirrors arch/x86/lib/delay.c and include/linux/delay.h of Linux 6.1: busy waiting. The CPU spins on the clock
 * (delay_tsc) without scheduling, so a delay is allowed in atomic context, keeps its CPU, and the other CPUs run
 * meanwhile. Here every call is a step, mdelay() one udelay(1000) per millisecond as the real macro loops, and the
 * time spun adds up: each whole jiffy of it advances jiffies (timers expire as they would).
 */

void ndelay(unsigned long nsecs)
{
	__delay_ns(nsecs);
}

void udelay(unsigned long usecs)
{
	__delay_ns(usecs * 1000);
}

/* include/linux/delay.h's mdelay(n): "while (__ms--) udelay(1000);" */
void mdelay(unsigned long msecs)
{
	while (msecs--)
		udelay(1000);
}

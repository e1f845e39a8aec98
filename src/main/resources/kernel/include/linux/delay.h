/*
 * Mirrors include/linux/delay.h of Linux 6.1: busy-waiting delays (arch/x86/lib/delay.c). mdelay is a function
 * here that loops as the real macro does.
 */

/* arch/x86/lib/delay.c's delay loop: the CPU spins for nsecs; whole jiffies of it advance jiffies */
void __delay_ns(unsigned long nsecs);
void ndelay(unsigned long nsecs);
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

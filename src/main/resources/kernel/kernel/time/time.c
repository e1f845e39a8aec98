/*
 * Mirrors kernel/time/time.c of Linux 6.1: conversions between jiffies and other units (HZ=250, so TICK_NSEC is
 * 4,000,000 and HZ divides USEC_PER_SEC). msecs_to_jiffies, jiffies_to_msecs and usecs_to_jiffies are Java
 * primitives (kernel/SchedPrimitives).
 */

unsigned int jiffies_to_usecs(const unsigned long j)
{
	/*
	 * Hz usually doesn't go much further MSEC_PER_SEC.
	 * jiffies_to_usecs() and usecs_to_jiffies() depend on that.
	 */
	return (USEC_PER_SEC / HZ) * j;
}

u64 jiffies_to_nsecs(const unsigned long j)
{
	return (u64)jiffies_to_usecs(j) * NSEC_PER_USEC;
}

unsigned long nsecs_to_jiffies(u64 n)
{
	return n / (NSEC_PER_SEC / HZ);
}

void jiffies_to_timespec64(const unsigned long jiffies, struct timespec64 *value)
{
	/*
	 * Convert jiffies to nanoseconds and separate with
	 * one divide.
	 */
	u64 nsec = (u64)jiffies * TICK_NSEC;

	value->tv_sec = nsec / NSEC_PER_SEC;
	value->tv_nsec = nsec % NSEC_PER_SEC;
}

/*
 * The nanoseconds are rounded up to the next jiffy, as the real one does; the real one also clamps a time past
 * MAX_JIFFY_OFFSET, which no simulated time reaches.
 */
unsigned long timespec64_to_jiffies(const struct timespec64 *value)
{
	u64 sec = value->tv_sec;
	long nsec = value->tv_nsec + TICK_NSEC - 1;

	return sec * HZ + nsec / TICK_NSEC;
}

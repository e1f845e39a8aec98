/*
 * Mirrors the readers of kernel/time/timekeeping.c of Linux 6.1. The clock itself is simulated time: ktime_get()
 * and friends are Java primitives (kernel/TimePrimitives) counting from boot, the wall clock from a fixed boot
 * epoch, so a scenario prints the same times on every run.
 */

static void __ts64_from_ns(struct timespec64 *ts, s64 nsec)
{
	ts->tv_sec = nsec / NSEC_PER_SEC;
	ts->tv_nsec = nsec % NSEC_PER_SEC;
}

/* ktime_get_ts64 - get the monotonic clock in timespec64 format */
void ktime_get_ts64(struct timespec64 *ts)
{
	__ts64_from_ns(ts, ktime_get());
}

/* ktime_get_real_ts64 - Returns the time of day in a timespec64. */
void ktime_get_real_ts64(struct timespec64 *ts)
{
	__ts64_from_ns(ts, ktime_get_real());
}

/* the coarse clocks: the time of the last tick */
void ktime_get_coarse_ts64(struct timespec64 *ts)
{
	__ts64_from_ns(ts, ktime_get_coarse());
}

void ktime_get_coarse_real_ts64(struct timespec64 *ts)
{
	__ts64_from_ns(ts, ktime_get_coarse_real());
}

/*
 * ktime_get_seconds - Get the seconds portion of CLOCK_MONOTONIC
 *
 * Returns the seconds portion of CLOCK_MONOTONIC with a single non serialized read. tk->ktime_sec is of type
 * 'unsigned long' so this works on both 32 and 64 bit systems.
 */
time64_t ktime_get_seconds(void)
{
	return ktime_get_coarse() / NSEC_PER_SEC;
}

/* ktime_get_real_seconds - Get the seconds portion of CLOCK_REALTIME */
time64_t ktime_get_real_seconds(void)
{
	return ktime_get_coarse_real() / NSEC_PER_SEC;
}

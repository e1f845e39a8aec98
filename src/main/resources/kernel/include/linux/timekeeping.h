/*
 * Mirrors include/linux/timekeeping.h of Linux 6.1. The clocks are read off simulated time (kernel/time/
 * timekeeping.c): CLOCK_MONOTONIC counts from boot (jiffies since INITIAL_JIFFIES plus the busy-wait time not yet a
 * whole jiffy), CLOCK_REALTIME adds a fixed boot epoch, and the coarse clocks stop at the last tick. No suspend, so
 * boot time is monotonic time.
 */
ktime_t ktime_get(void);
ktime_t ktime_get_real(void);
ktime_t ktime_get_coarse(void);
ktime_t ktime_get_coarse_real(void);

void ktime_get_ts64(struct timespec64 *ts);
void ktime_get_real_ts64(struct timespec64 *tv);
void ktime_get_coarse_ts64(struct timespec64 *ts);
void ktime_get_coarse_real_ts64(struct timespec64 *ts);
time64_t ktime_get_seconds(void);
time64_t ktime_get_real_seconds(void);

static inline ktime_t ktime_get_boottime(void)
{
	return ktime_get();
}

static inline u64 ktime_get_ns(void)
{
	return ktime_to_ns(ktime_get());
}

static inline u64 ktime_get_real_ns(void)
{
	return ktime_to_ns(ktime_get_real());
}

static inline u64 ktime_get_boottime_ns(void)
{
	return ktime_to_ns(ktime_get_boottime());
}

static inline u64 ktime_get_coarse_ns(void)
{
	return ktime_to_ns(ktime_get_coarse());
}

static inline void ktime_get_boottime_ts64(struct timespec64 *ts)
{
	ktime_get_ts64(ts);
}

/* kernel/time/time.c */
void jiffies_to_timespec64(const unsigned long jiffies, struct timespec64 *value);
unsigned long timespec64_to_jiffies(const struct timespec64 *value);
unsigned int jiffies_to_usecs(const unsigned long j);
u64 jiffies_to_nsecs(const unsigned long j);
unsigned long nsecs_to_jiffies(u64 n);

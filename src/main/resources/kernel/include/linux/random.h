/*
 * Mirrors include/linux/random.h of Linux 6.1: the kernel's random numbers. The entropy here is a fixed pseudo-random
 * stream (splitmix64 from one seed, one state per kernel): a session and its replays draw the same numbers, as a
 * lab that rewinds and shares must, where a real kernel's differ at every boot.
 */

void get_random_bytes(void *buf, size_t len);
u64 get_random_u64(void);

static inline u32 get_random_u32(void)
{
	return get_random_u64() >> 32;
}

static inline u16 get_random_u16(void)
{
	return get_random_u64() >> 48;
}

static inline u8 get_random_u8(void)
{
	return get_random_u64() >> 56;
}

static inline unsigned long get_random_long(void)
{
	return get_random_u64();
}

/* The names 6.1 still keeps for older callers. */
static inline u32 get_random_int(void)
{
	return get_random_u32();
}

static inline u32 prandom_u32(void)
{
	return get_random_u32();
}

/* A number in [0, ep_ro): the high half of the product, no division. */
static inline u32 prandom_u32_max(u32 ep_ro)
{
	return (u32)(((u64) get_random_u32() * ep_ro) >> 32);
}

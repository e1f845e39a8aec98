/*
 * include/linux/minmax.h: min() and max() are the compiler's (each argument evaluated once, as the kernel's
 * statement expressions do); the typed and three-way forms are built on them as the real header builds them.
 */
#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))
#define min3(x, y, z)		min(min(x, y), z)
#define max3(x, y, z)		max(max(x, y), z)
#define min_not_zero(x, y)	((x) == 0 ? (y) : ((y) == 0 ? (x) : min(x, y)))
#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define umin(x, y)		min((unsigned long long)(x), (unsigned long long)(y))
#define umax(x, y)		max((unsigned long long)(x), (unsigned long long)(y))

/* include/vdso/bits.h, linux/bits.h and linux/math.h */
#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
#define BITS_PER_LONG		64
#define GENMASK(h, l)		(((~0UL) - (1UL << (l)) + 1) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define roundup(x, y)		((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y)		((x) - ((x) % (y)))
/* the kernel's abs() evaluates its argument once; this one twice, which only a side effect could tell */
#define abs(x)			((x) < 0 ? -(x) : (x))

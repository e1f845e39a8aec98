/*
 * include/asm-generic/div64.h as in Linux 6.1 with BITS_PER_LONG == 64: do_div(n, base) divides the u64 lvalue n
 * in place and is the 32-bit remainder.
 */

#define do_div(n, base) ({					\
	u32 __base = (base);					\
	u32 __rem;						\
	__rem = ((u64)(n)) % __base;				\
	(n) = ((u64)(n)) / __base;				\
	__rem;							\
 })

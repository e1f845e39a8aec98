/*
 * Mirrors the bitmap helpers of Linux 6.1 (include/linux/bits.h, bitops.h, types.h and find.h): the word and mask
 * of bit nr in an array of longs, a bitmap's size in longs, and the search for its first clear bit (lib/find_bit.c).
 */

#define BITS_PER_BYTE		8
#define BITS_PER_TYPE(type)	(sizeof(type) * BITS_PER_BYTE)
#define BITS_TO_LONGS(nr)	DIV_ROUND_UP(nr, BITS_PER_TYPE(long))
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)

#define DECLARE_BITMAP(name, bits) \
	unsigned long name[BITS_TO_LONGS(bits)]

#define __set_bit(nr, addr)	set_bit(nr, addr)
#define __clear_bit(nr, addr)	clear_bit(nr, addr)

/* __ffs: the index of the lowest set bit of a non-zero word (a bsf instruction on x86, a loop here). */
static inline unsigned long __ffs(unsigned long word)
{
	unsigned long num = 0;

	while (!(word & 1UL)) {
		word >>= 1;
		num++;
	}
	return num;
}

/* fls64: the 1-based index of the highest set bit, 0 for 0 (a bsr instruction on x86, a loop here). */
static inline int fls64(unsigned long long x)
{
	int num = 0;

	while (x) {
		x >>= 1;
		num++;
	}
	return num;
}

static inline int fls(unsigned int x)
{
	return fls64(x);
}

/* __fls: the index of the highest set bit of a non-zero word */
static inline unsigned long __fls(unsigned long word)
{
	return fls64(word) - 1;
}

unsigned long _find_first_zero_bit(const unsigned long *addr, unsigned long size);
unsigned long _find_first_bit(const unsigned long *addr, unsigned long size);

static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return _find_first_zero_bit(addr, size);
}

unsigned long _find_next_bit(const unsigned long *addr, unsigned long size, unsigned long start);

static inline unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	return _find_next_bit(addr, size, offset);
}

#define for_each_set_bit(bit, addr, size) \
	for ((bit) = 0; (bit) = find_next_bit((addr), (size), (bit)), (bit) < (size); (bit)++)

static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return _find_first_bit(addr, size);
}

/* Mirrors lib/find_bit.c of Linux 6.1: the first set or clear bit of a bitmap, a word at a time (size if none). */

unsigned long _find_first_bit(const unsigned long *addr, unsigned long size)
{
	unsigned long idx;

	for (idx = 0; idx * BITS_PER_LONG < size; idx++) {
		if (addr[idx])
			return min(idx * BITS_PER_LONG + __ffs(addr[idx]), size);
	}
	return size;
}

unsigned long _find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	unsigned long idx;

	for (idx = 0; idx * BITS_PER_LONG < size; idx++) {
		if (addr[idx] != ~0UL)
			return min(idx * BITS_PER_LONG + __ffs(~addr[idx]), size);
	}
	return size;
}

unsigned long _find_next_bit(const unsigned long *addr, unsigned long size, unsigned long start)
{
	unsigned long idx, word;

	if (start >= size)
		return size;
	idx = start / BITS_PER_LONG;
	word = addr[idx] & (~0UL << (start % BITS_PER_LONG));
	while (!word) {
		idx++;
		if (idx * BITS_PER_LONG >= size)
			return size;
		word = addr[idx];
	}
	return min(idx * BITS_PER_LONG + __ffs(word), size);
}

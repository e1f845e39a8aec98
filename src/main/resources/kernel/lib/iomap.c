/*
 * lib/iomap.c as in Linux 6.1: the string forms of the MMIO accessors read or write one register count times
 * (a FIFO), not count consecutive addresses.
 */

void ioread8_rep(const void *addr, void *dst, unsigned long count)
{
	u8 *d = dst;

	while (count--)
		*d++ = ioread8(addr);
}

void ioread16_rep(const void *addr, void *dst, unsigned long count)
{
	u16 *d = dst;

	while (count--)
		*d++ = ioread16(addr);
}

void ioread32_rep(const void *addr, void *dst, unsigned long count)
{
	u32 *d = dst;

	while (count--)
		*d++ = ioread32(addr);
}

void iowrite8_rep(void *addr, const void *src, unsigned long count)
{
	const u8 *s = src;

	while (count--)
		iowrite8(*s++, addr);
}

void iowrite16_rep(void *addr, const void *src, unsigned long count)
{
	const u16 *s = src;

	while (count--)
		iowrite16(*s++, addr);
}

void iowrite32_rep(void *addr, const void *src, unsigned long count)
{
	const u32 *s = src;

	while (count--)
		iowrite32(*s++, addr);
}

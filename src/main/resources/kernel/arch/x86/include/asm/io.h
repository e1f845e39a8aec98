/*
 * Port I/O of arch/x86/include/asm/io.h (Linux 6.1): inb/outb and their word and long forms, the _p forms (with the
 * real ones' pause: a write to port 0x80) and the string forms over a buffer. No device answers any port of the
 * simulated machine: a read floats high (all ones, as an ISA bus where nothing drives the lines gives) and a write
 * goes nowhere. The string forms still read or write the driver's buffer, element by element, so a bad buffer is
 * caught as any other access.
 */

#define IO_SPACE_LIMIT 0xffff

static inline unsigned char inb(unsigned long port)
{
	return 0xff;
}

static inline unsigned short inw(unsigned long port)
{
	return 0xffff;
}

static inline unsigned int inl(unsigned long port)
{
	return 0xffffffff;
}

static inline void outb(unsigned char value, unsigned long port)
{
}

static inline void outw(unsigned short value, unsigned long port)
{
}

static inline void outl(unsigned int value, unsigned long port)
{
}

/* slow_down_io: one write to the POST port, 0x80, the delay an old ISA card needed between two accesses */
static inline void slow_down_io(void)
{
	outb(0, 0x80);
}

static inline unsigned char inb_p(unsigned long port)
{
	unsigned char value = inb(port);

	slow_down_io();
	return value;
}

static inline unsigned short inw_p(unsigned long port)
{
	unsigned short value = inw(port);

	slow_down_io();
	return value;
}

static inline unsigned int inl_p(unsigned long port)
{
	unsigned int value = inl(port);

	slow_down_io();
	return value;
}

static inline void outb_p(unsigned char value, unsigned long port)
{
	outb(value, port);
	slow_down_io();
}

static inline void outw_p(unsigned short value, unsigned long port)
{
	outw(value, port);
	slow_down_io();
}

static inline void outl_p(unsigned int value, unsigned long port)
{
	outl(value, port);
	slow_down_io();
}

static inline void insb(unsigned long port, void *addr, unsigned long count)
{
	unsigned char *p = addr;

	while (count--)
		*p++ = inb(port);
}

static inline void insw(unsigned long port, void *addr, unsigned long count)
{
	unsigned short *p = addr;

	while (count--)
		*p++ = inw(port);
}

static inline void insl(unsigned long port, void *addr, unsigned long count)
{
	unsigned int *p = addr;

	while (count--)
		*p++ = inl(port);
}

static inline void outsb(unsigned long port, const void *addr, unsigned long count)
{
	const unsigned char *p = addr;

	while (count--)
		outb(*p++, port);
}

static inline void outsw(unsigned long port, const void *addr, unsigned long count)
{
	const unsigned short *p = addr;

	while (count--)
		outw(*p++, port);
}

static inline void outsl(unsigned long port, const void *addr, unsigned long count)
{
	const unsigned int *p = addr;

	while (count--)
		outl(*p++, port);
}

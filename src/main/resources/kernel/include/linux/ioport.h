/*
 * Mirrors include/linux/ioport.h of Linux 6.1: a resource is a range of the I/O port space or of physical memory,
 * kept in a tree under ioport_resource and iomem_resource (kernel/resource.c). request_region and
 * request_mem_region claim a range for a driver (busy: a second claim of any part of it fails) and
 * release_region gives it back.
 */

#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_REG		0x00000300
#define IORESOURCE_IRQ		0x00000400
#define IORESOURCE_DMA		0x00000800
#define IORESOURCE_BUS		0x00001000
#define IORESOURCE_MUXED	0x00400000
#define IORESOURCE_BUSY		0x80000000

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
};

extern struct resource ioport_resource;
extern struct resource iomem_resource;

struct resource *__request_region(struct resource *parent, resource_size_t start, resource_size_t n,
				  const char *name, int flags);
void __release_region(struct resource *parent, resource_size_t start, resource_size_t n);

#define request_region(start, n, name)		__request_region(&ioport_resource, (start), (n), (name), 0)
#define request_muxed_region(start, n, name)	__request_region(&ioport_resource, (start), (n), (name), IORESOURCE_MUXED)
#define request_mem_region(start, n, name)	__request_region(&iomem_resource, (start), (n), (name), 0)
#define release_region(start, n)		__release_region(&ioport_resource, (start), (n))
#define release_mem_region(start, n)		__release_region(&iomem_resource, (start), (n))

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

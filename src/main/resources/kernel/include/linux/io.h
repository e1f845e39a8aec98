/*
 * Device memory as drivers map it (include/linux/ioport.h, io.h): a platform device's MEM resource is
 * mapped with devm_ioremap_resource into a devres-managed region, so a register access after unbind is caught.
 */

/* struct resource and the IORESOURCE_* flags: linux/ioport.h */

void *devm_ioremap_resource(struct device *dev, const struct resource *res);
void *devm_ioremap(struct device *dev, resource_size_t offset, resource_size_t size);
void *ioremap(resource_size_t offset, unsigned long size);
void iounmap(volatile void *addr);
unsigned int readl(const volatile void *addr);
void writel(unsigned int value, volatile void *addr);
unsigned int ioread32(const void *addr);
void iowrite32(u32 value, void *addr);
unsigned short readw(const volatile void *addr);
void writew(unsigned short value, volatile void *addr);
unsigned char readb(const volatile void *addr);
void writeb(unsigned char value, volatile void *addr);
unsigned long long readq(const volatile void *addr);
void writeq(unsigned long long value, volatile void *addr);
/* include/asm-generic/iomap.h: the accessors lib/iomap.c gives for an ioremap'd (or ioport_map'd) cookie */
unsigned int ioread8(const void *addr);
unsigned int ioread16(const void *addr);
void iowrite8(u8 value, void *addr);
void iowrite16(u16 value, void *addr);
void ioread8_rep(const void *addr, void *buffer, unsigned long count);
void ioread16_rep(const void *addr, void *buffer, unsigned long count);
void ioread32_rep(const void *addr, void *buffer, unsigned long count);
void iowrite8_rep(void *addr, const void *buffer, unsigned long count);
void iowrite16_rep(void *addr, const void *buffer, unsigned long count);
void iowrite32_rep(void *addr, const void *buffer, unsigned long count);

/* arch/x86/include/asm/io.h on x86-64: MMIO is ordinary memory to the CPU, so these are the string functions */
static inline void memcpy_fromio(void *dst, const volatile void *src, size_t count)
{
	memcpy(dst, (const void *)src, count);
}

static inline void memcpy_toio(volatile void *dst, const void *src, size_t count)
{
	memcpy((void *)dst, src, count);
}

static inline void memset_io(volatile void *addr, unsigned char val, size_t count)
{
	memset((void *)addr, val, count);
}
bool access_ok(const void *addr, unsigned long size);
char *strncpy(char *dst, const char *src, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);
char *strcat(char *dst, const char *src);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/* lib/idr.c */
struct ida {
	int ida_rt;
};

struct idr {
	int idr_rt;
};

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp);
int ida_alloc(struct ida *ida, gfp_t gfp);
int ida_alloc_min(struct ida *ida, unsigned int min, gfp_t gfp);
int ida_alloc_max(struct ida *ida, unsigned int max, gfp_t gfp);
int ida_simple_get(struct ida *ida, unsigned int start, unsigned int end, gfp_t gfp);
void ida_free(struct ida *ida, unsigned int id);
void ida_simple_remove(struct ida *ida, unsigned int id);
void ida_destroy(struct ida *ida);
void idr_init(struct idr *idr);
int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);
void *idr_find(const struct idr *idr, unsigned long id);
void *idr_remove(struct idr *idr, unsigned long id);
void idr_destroy(struct idr *idr);

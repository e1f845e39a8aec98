/*
 * arch/x86/include/asm/page_64.h, page_64_types.h and page.h as in Linux 6.1 (x86-64, 4-level paging, no KASLR):
 * the direct map of all RAM starts at PAGE_OFFSET (kmalloc'd memory lives there), the kernel image at
 * __START_KERNEL_map; __pa/virt_to_phys take either back to the physical address, __va/phys_to_virt go to the
 * direct map. Without CONFIG_DEBUG_VIRTUAL nothing checks that the address was one of those.
 */

#define __PAGE_OFFSET		0xffff888000000000UL
#define PAGE_OFFSET		((unsigned long)__PAGE_OFFSET)
#define __START_KERNEL_map	0xffffffff80000000UL

/* the kernel image's physical load address less its link address: 0 without relocation */
#define phys_base		0UL

static inline unsigned long __phys_addr_nodebug(unsigned long x)
{
	unsigned long y = x - __START_KERNEL_map;

	/* use the carry flag to determine if x was < __START_KERNEL_map */
	x = y + ((x > y) ? phys_base : (__START_KERNEL_map - PAGE_OFFSET));

	return x;
}

#define __phys_addr(x)		__phys_addr_nodebug(x)
#define __pa(x)			__phys_addr((unsigned long)(x))
#define __va(x)			((void *)((unsigned long)(x) + PAGE_OFFSET))

/* arch/x86/include/asm/io.h */
static inline phys_addr_t virt_to_phys(volatile void *address)
{
	return __pa(address);
}

static inline void *phys_to_virt(phys_addr_t address)
{
	return __va(address);
}

/*
 * The page allocator's entry points of include/linux/gfp.h (Linux 6.1): 2^order contiguous pages, as a kernel
 * address. (The GFP_* flags themselves are with kmalloc's declarations.)
 */

unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);

#define __get_free_page(gfp_mask)	__get_free_pages((gfp_mask), 0)
#define free_page(addr)			free_pages((addr), 0)

static inline unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_pages(gfp_mask | __GFP_ZERO, 0);
}

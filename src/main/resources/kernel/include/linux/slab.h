/*
 * Mirrors include/linux/slab.h and include/linux/slub_def.h of Linux 6.1: slab caches. An object of a cache is a
 * simulated object of the cache's object_size, checked by KASAN like a kmalloc object (reports name the cache). The
 * flags are the real values; KASAN makes every cache unmergeable (SLAB_KASAN), so each has its own name in sysfs.
 */

typedef unsigned int slab_flags_t;

enum {
	SLAB_CONSISTENCY_CHECKS = 0x00000100,
	SLAB_RED_ZONE = 0x00000400,
	SLAB_POISON = 0x00000800,
	SLAB_KMALLOC = 0x00001000,
	SLAB_HWCACHE_ALIGN = 0x00002000,
	SLAB_CACHE_DMA = 0x00004000,
	SLAB_CACHE_DMA32 = 0x00008000,
	SLAB_STORE_USER = 0x00010000,
	SLAB_PANIC = 0x00040000,
	SLAB_TYPESAFE_BY_RCU = 0x00080000,
	SLAB_MEM_SPREAD = 0x00100000,
	SLAB_TRACE = 0x00200000,
	SLAB_DEBUG_OBJECTS = 0x00400000,
	SLAB_NOLEAKTRACE = 0x00800000,
	SLAB_FAILSLAB = 0x02000000,
	SLAB_ACCOUNT = 0x04000000,
	SLAB_KASAN = 0x08000000,
	SLAB_NO_USER_FLAGS = 0x10000000,
	SLAB_RECLAIM_ACCOUNT = 0x00020000,
	SLAB_TEMPORARY = 0x00020000,
	SLAB_DESTROY_BY_RCU = 0x00080000,
	ARCH_KMALLOC_MINALIGN = 8,
	ARCH_SLAB_MINALIGN = 8,
	L1_CACHE_BYTES = 64,
	KMALLOC_MAX_SIZE = 1 << 22,	/* KMALLOC_SHIFT_MAX = MAX_ORDER + PAGE_SHIFT - 1 */
};

struct kmem_cache {
	slab_flags_t flags;
	unsigned int size;		/* the size of an object including its alignment */
	unsigned int object_size;	/* the size of an object without metadata */
	int refcount;			/* refcount for slab cache destroy */
	void (*ctor)(void *);
	unsigned int align;
	const char *name;
	struct list_head list;		/* slab_caches */
	struct kobject kobj;		/* /sys/kernel/slab/NAME */
	unsigned int allocated;		/* objects handed out so far: where the next one sits in its slab */
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size, unsigned int align,
					      slab_flags_t flags, unsigned int useroffset, unsigned int usersize,
					      void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s);
unsigned int kmem_cache_size(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void kmem_cache_free(struct kmem_cache *s, void *objp);

/* kmem_cache_zalloc is an inline in slab.h: a zeroed kmem_cache_alloc */
#define kmem_cache_zalloc(k, flags) kmem_cache_alloc(k, (flags) | __GFP_ZERO)

/* A cache named after a struct, of its size and alignment. */
#define KMEM_CACHE(__struct, __flags)					\
		kmem_cache_create(#__struct, sizeof(struct __struct),	\
			__alignof__(struct __struct), (__flags), NULL)

/* ---- mm/slub.c bookkeeping (Java) ---- */
void *slab_alloc(struct kmem_cache *s, gfp_t gfpflags);
void slab_free(struct kmem_cache *s, void *x);
struct kmem_cache *cache_from_obj(struct kmem_cache *s, void *x);
int __kmem_cache_shutdown(struct kmem_cache *s);
int __kmem_cache_create(struct kmem_cache *s, slab_flags_t flags);
void slab_kmem_cache_release(struct kmem_cache *s);

/*
 * ZERO_SIZE_PTR will be returned for zero sized kmalloc requests.
 *
 * Dereferencing ZERO_SIZE_PTR will lead to a distinct access fault.
 */
#define ZERO_SIZE_PTR ((void *)16)

#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= \
				(unsigned long)ZERO_SIZE_PTR)

void *krealloc(const void *objp, size_t new_size, gfp_t flags);
size_t ksize(const void *objp);

static inline void *krealloc_array(void *p, size_t new_n, size_t new_size, gfp_t flags)
{
	/* check_mul_overflow(new_n, new_size, &bytes) */
	if (unlikely(new_size && new_n > SIZE_MAX / new_size))
		return NULL;

	return krealloc(p, new_n * new_size, flags);
}

/* mm/kasan: what krealloc and ksize tell KASAN (MemoryPrimitives) */
bool kasan_check_byte(const void *address);
size_t __ksize(const void *objp);
void *kasan_krealloc(const void *object, size_t new_size, gfp_t flags);
void kasan_unpoison_range(const void *addr, size_t size);
void kasan_unchecked_copy(void *dst, const void *src, size_t size);


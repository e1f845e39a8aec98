/*
 * Mirrors mm/slab_common.c of Linux 6.1: creating and destroying slab caches. A cache is a struct kmem_cache from the
 * "kmem_cache" cache, on the slab_caches list, with a kobject in /sys/kernel/slab (so a second cache of the same
 * name fails with -EEXIST). kmem_cache_destroy drops a reference; the last one shuts the cache down, which fails
 * while objects are left: SLUB lists them (a BUG splat) and the cache is leaked with a WARNING.
 */

struct list_head slab_caches = { &slab_caches, &slab_caches };
struct mutex slab_mutex;

static struct kmem_cache kmem_cache_boot = {
	.name = "kmem_cache",
	.size = sizeof(struct kmem_cache),
	.object_size = sizeof(struct kmem_cache),
	.align = L1_CACHE_BYTES,
	.flags = SLAB_HWCACHE_ALIGN,
	.refcount = -1,
};

struct kmem_cache *kmem_cache = &kmem_cache_boot;

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

/* Figure out what the alignment of the objects will be given a set of flags, a user specified alignment and the
 * size of the objects. */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	/*
	 * If the user wants hardware cache aligned objects then follow that suggestion if the object is
	 * sufficiently large. The hardware cache alignment cannot override the specified alignment though.
	 */
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign;

		ralign = L1_CACHE_BYTES;	/* cache_line_size() */
		while (size <= ralign / 2)
			ralign /= 2;
		align = align > ralign ? align : ralign;
	}

	align = align > ARCH_SLAB_MINALIGN ? align : ARCH_SLAB_MINALIGN;

	return (align + sizeof(void *) - 1) & ~(sizeof(void *) - 1);	/* ALIGN(align, sizeof(void *)) */
}

static struct kmem_cache *create_cache(const char *name, unsigned int object_size, unsigned int align,
				       slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s;
	int err;

	err = -ENOMEM;
	s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	if (!s)
		goto out;

	s->name = name;
	s->size = s->object_size = object_size;
	s->align = align;
	s->ctor = ctor;

	err = __kmem_cache_create(s, flags);
	if (err)
		goto out_free_cache;

	s->refcount = 1;
	list_add(&s->list, &slab_caches);
out:
	if (err)
		return ERR_PTR(err);
	return s;

out_free_cache:
	kmem_cache_free(kmem_cache, s);
	goto out;
}

struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size, unsigned int align,
					      slab_flags_t flags, unsigned int useroffset, unsigned int usersize,
					      void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;
	const char *cache_name;
	int err = 0;

	mutex_lock(&slab_mutex);

	/* kmem_cache_sanity_check (CONFIG_DEBUG_VM) */
	if (!name || in_interrupt() || size > KMALLOC_MAX_SIZE) {
		pr_err("kmem_cache_create(%s) integrity check failed\n", name);
		err = -EINVAL;
		goto out_unlock;
	}

	/* Fail closed on bad usersize of useroffset values. */
	if (WARN_ON(!usersize && useroffset) || WARN_ON(size < usersize || size - usersize < useroffset))
		usersize = useroffset = 0;

	/* __kmem_cache_alias: KASAN's SLAB_KASAN makes every cache unmergeable, so there is never an alias */

	cache_name = kstrdup_const(name, GFP_KERNEL);
	if (!cache_name) {
		err = -ENOMEM;
		goto out_unlock;
	}

	s = create_cache(cache_name, size, calculate_alignment(flags, align, size), flags, ctor);
	if (IS_ERR(s)) {
		err = PTR_ERR(s);
		kfree_const(cache_name);
	}

out_unlock:
	mutex_unlock(&slab_mutex);

	if (err) {
		if (flags & SLAB_PANIC)
			panic("%s: Failed to create slab '%s'. Error %d\n", __func__, name, err);
		else {
			pr_warn("%s(%s) failed with error %d\n", __func__, name, err);
			dump_stack();
		}
		return NULL;
	}
	return s;
}

/*
 * A cache of objects of size bytes (aligned to align, or to a cache line with SLAB_HWCACHE_ALIGN); ctor, if any,
 * constructs every new object. NULL on failure (SLAB_PANIC: a panic instead).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	return kmem_cache_create_usercopy(name, size, align, flags, 0, 0, ctor);
}

static void kmem_cache_release(struct kmem_cache *s)
{
	kobject_del(&s->kobj);		/* sysfs_slab_unlink */
	kobject_put(&s->kobj);		/* sysfs_slab_release: slab_kmem_cache_release at the last put */
}

static int shutdown_cache(struct kmem_cache *s)
{
	if (__kmem_cache_shutdown(s) != 0)
		return -EBUSY;

	list_del(&s->list);
	return 0;
}

void slab_kmem_cache_release(struct kmem_cache *s)
{
	kfree_const(s->name);
	kmem_cache_free(kmem_cache, s);
}

/*
 * Drops a reference to the cache; the last one destroys it. A cache with objects left is not destroyed: SLUB
 * reports the objects (BUG NAME: Objects remaining in NAME on __kmem_cache_shutdown()) and the cache leaks.
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	int err = -EBUSY;
	bool rcu_set;

	if (!s)
		return;

	mutex_lock(&slab_mutex);

	rcu_set = s->flags & SLAB_TYPESAFE_BY_RCU;

	s->refcount--;
	if (s->refcount)
		goto out_unlock;

	err = shutdown_cache(s);
	WARN(err, "%s %s: Slab cache still has objects when called from %pS",
	     __func__, s->name, (void *)_RET_IP_);
out_unlock:
	mutex_unlock(&slab_mutex);
	if (!err)
		kmem_cache_release(s);
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	return 0;
}

static __always_inline void *__do_krealloc(const void *p, size_t new_size, gfp_t flags)
{
	void *ret;
	size_t ks;

	/* Don't use instrumented ksize to allow precise KASAN poisoning. */
	if (likely(!ZERO_OR_NULL_PTR(p))) {
		if (!kasan_check_byte(p))
			return NULL;
		ks = __ksize(p);
	} else
		ks = 0;

	/* If the object still fits, repoison it precisely. */
	if (ks >= new_size) {
		p = kasan_krealloc((void *)p, new_size, flags);
		return (void *)p;
	}

	ret = kmalloc_track_caller(new_size, flags);
	if (ret && p) {
		/* Disable KASAN checks as the object's redzone is accessed (kasan_disable_current ... memcpy ...). */
		kasan_unchecked_copy(ret, p, ks);
	}

	return ret;
}

/**
 * krealloc - reallocate memory. The contents will remain unchanged.
 *
 * The contents of the object pointed to are preserved up to the lesser of the new and old sizes. If @p is %NULL,
 * krealloc() behaves exactly like kmalloc(). If @new_size is 0 and @p is not a %NULL pointer, the object pointed to
 * is freed.
 */
void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	void *ret;

	if (unlikely(!new_size)) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}

	ret = __do_krealloc(p, new_size, flags);
	if (ret && p != ret)
		kfree(p);

	return ret;
}

/**
 * ksize - get the actual amount of memory allocated for a given object. The caller may use the whole of it, so KASAN
 * is told so: the slack beyond the size asked for becomes addressable.
 */
size_t ksize(const void *objp)
{
	size_t size;

	/*
	 * We need to first check that the pointer to the object is valid, and
	 * only then unpoison the memory. The report printed from ksize() is
	 * more useful, then when it's printed later when the behaviour could
	 * be undefined due to a potential use-after-free or double-free.
	 */
	if (unlikely(ZERO_OR_NULL_PTR(objp)) || !kasan_check_byte(objp))
		return 0;

	size = __ksize(objp);
	/*
	 * We assume that ksize callers could use whole allocated area,
	 * so we need to unpoison this area.
	 */
	kasan_unpoison_range(objp, size);
	return size;
}


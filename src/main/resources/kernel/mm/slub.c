/*
 * Mirrors mm/slub.c of Linux 6.1 as far as caches are concerned: allocation and free (the slabs and freelists are
 * bookkeeping in Java: slab_alloc, slab_free), the cache's kobject in /sys/kernel/slab, and __kmem_cache_shutdown,
 * which lists the objects left in each partial slab. Objects are never reused here, so every allocation is a new
 * object and the constructor runs for each (SLUB runs it once per object when a new slab is set up).
 */

static struct kobject slab_kobject = {
	.name = "slab",
	.kref = { .refcount = { .refs = { .counter = 1 } } },
	.state_initialized = true,
	.state_in_sysfs = true,
};

static void kmem_cache_kobj_release(struct kobject *k)
{
	slab_kmem_cache_release(container_of(k, struct kmem_cache, kobj));
}

static const struct kobj_type slab_ktype = {
	.sysfs_ops = &kobj_sysfs_ops,
	.release = kmem_cache_kobj_release,
};

/* Returns a new object of the cache (zeroed with __GFP_ZERO), constructed by the cache's ctor; NULL on failure. */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfpflags)
{
	void *object = slab_alloc(s, gfpflags);

	if (object && s->ctor)
		s->ctor(object);	/* setup_object: a new object is constructed */
	if (object && (gfpflags & __GFP_ZERO))
		memset(object, 0, s->object_size);	/* slab_post_alloc_hook: init on alloc */
	return object;
}

/* Returns an object to its cache. An object of another cache warns (SLAB_FREELIST_HARDENED) and goes to its own. */
void kmem_cache_free(struct kmem_cache *s, void *x)
{
	s = cache_from_obj(s, x);
	if (!s)
		return;
	slab_free(s, x);
}

static int sysfs_slab_add(struct kmem_cache *s)
{
	/* slab_sysfs_init made /sys/kernel/slab at boot: slab_kset = kset_create_and_add("slab", NULL, kernel_kobj) */
	slab_kobject.parent = kernel_kobj;
	/* KASAN: unmergeable, so the cache's own name (duplicates are caught here) */
	return kobject_init_and_add(&s->kobj, &slab_ktype, &slab_kobject, "%s", s->name);
}

/* kmem_cache_open's calculate_sizes: the object, rounded up to its alignment. */
int __kmem_cache_create(struct kmem_cache *s, slab_flags_t flags)
{
	s->flags = flags | SLAB_KASAN;
	s->size = (s->object_size + s->align - 1) / s->align * s->align;
	return sysfs_slab_add(s);
}

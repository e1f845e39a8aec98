/*
 * mm/util.c as in Linux 6.1: kvrealloc. kvmalloc and kvfree themselves are primitives (MemoryPrimitives): the
 * choice between kmalloc and vmalloc is bookkeeping.
 */

void *kvrealloc(const void *p, size_t oldsize, size_t newsize, gfp_t flags)
{
	void *newp;

	if (oldsize >= newsize)
		return (void *)p;
	newp = kvmalloc(newsize, flags);
	if (!newp)
		return NULL;
	memcpy(newp, p, oldsize);
	kvfree(p);
	return newp;
}

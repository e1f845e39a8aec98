/*
 * Mirrors kernel/resource.c of Linux 6.1: the roots of the I/O port and memory trees, and claiming a range in them.
 * A driver's claim is a busy child of the root (the model has no bridges or other non-busy parents to nest in, so
 * __request_region's descent into them is not needed); one overlapping an existing child fails.
 */

struct resource ioport_resource = {
	.name	= "PCI IO",
	.start	= 0,
	.end	= IO_SPACE_LIMIT,
	.flags	= IORESOURCE_IO,
};

struct resource iomem_resource = {
	.name	= "PCI mem",
	.start	= 0,
	.end	= -1,
	.flags	= IORESOURCE_MEM,
};

/* Links new in among root's children, kept in order of start; the child it overlaps if any (then nothing changes). */
static struct resource *__request_resource(struct resource *root, struct resource *new)
{
	resource_size_t start = new->start;
	resource_size_t end = new->end;
	struct resource *tmp, **p;

	if (end < start)
		return root;
	if (start < root->start)
		return root;
	if (end > root->end)
		return root;
	p = &root->child;
	for (;;) {
		tmp = *p;
		if (!tmp || tmp->start > end) {
			new->sibling = tmp;
			*p = new;
			new->parent = root;
			return NULL;
		}
		p = &tmp->sibling;
		if (tmp->end < start)
			continue;
		return tmp;
	}
}

struct resource *__request_region(struct resource *parent, resource_size_t start, resource_size_t n,
				  const char *name, int flags)
{
	struct resource *res = kzalloc(sizeof(*res), GFP_KERNEL);

	if (!res)
		return NULL;
	res->name = name;
	res->start = start;
	res->end = start + n - 1;
	res->flags = (parent->flags & IORESOURCE_IO) | IORESOURCE_BUSY | flags;
	if (__request_resource(parent, res)) {
		kfree(res);
		return NULL;
	}
	return res;
}

void __release_region(struct resource *parent, resource_size_t start, resource_size_t n)
{
	struct resource **p = &parent->child;
	resource_size_t end = start + n - 1;

	for (;;) {
		struct resource *res = *p;

		if (!res)
			break;
		if (res->start <= start && res->end >= end) {
			if (res->start != start || res->end != end)
				break;
			*p = res->sibling;
			kfree(res);
			return;
		}
		p = &res->sibling;
	}
	printk(KERN_WARNING "Trying to free nonexistent resource <%pa-%pa>\n", &start, &end);
}

/* Mirrors include/linux/kref.h and lib/kobject.c of Linux 6.x: a kobject's lifetime is its kref. */

void kref_init(struct kref *kref)
{
	refcount_set(&kref->refcount, 1);
}

unsigned int kref_read(const struct kref *kref)
{
	return refcount_read(&kref->refcount);
}

void kref_get(struct kref *kref)
{
	refcount_inc(&kref->refcount);
}

/* Drops a reference; at zero calls release (and returns 1). The caller's memory may be gone afterwards. */
int kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	if (refcount_dec_and_test(&kref->refcount)) {
		release(kref);
		return 1;
	}
	return 0;
}

int kref_get_unless_zero(struct kref *kref)
{
	return refcount_inc_not_zero(&kref->refcount);
}

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype)
{
	kref_init(&kobj->kref);
	kobj->ktype = ktype;
	kobj->state_initialized = true;
}

struct kobject *kobject_get(struct kobject *kobj)
{
	if (kobj)
		kref_get(&kobj->kref);
	return kobj;
}

struct kobject *kobject_get_unless_zero(struct kobject *kobj)
{
	if (!kobj)
		return NULL;
	if (!kref_get_unless_zero(&kobj->kref))
		kobj = NULL;
	return kobj;
}

static void kobject_cleanup(struct kobject *kobj)
{
	const struct kobj_type *t = kobj->ktype;

	if (t && t->release)
		t->release(kobj);
}

static void kobject_release(struct kref *kref)
{
	struct kobject *kobj = container_of(kref, struct kobject, kref);

	kobject_cleanup(kobj);
}

void kobject_put(struct kobject *kobj)
{
	if (kobj)
		kref_put(&kobj->kref, kobject_release);
}

const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

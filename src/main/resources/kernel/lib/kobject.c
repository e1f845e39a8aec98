/*
 * Mirrors include/linux/kref.h and lib/kobject.c of Linux 6.1: a kobject's lifetime is its kref. kobject_add gives
 * it a sysfs directory under its parent's (kernel_kobj: /sys/kernel); its last put removes the directory if
 * kobject_del did not, calls its type's release and frees its name. A kobject made by kobject_create_and_add
 * reads and writes its kobj_attribute files through kobj_sysfs_ops (kobj_attr_show/kobj_attr_store).
 */

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

/* create_dir / sysfs_create_dir_ns: the directory, then the type's default groups in it. */
static int create_dir(struct kobject *kobj)
{
	const struct kobj_type *ktype = kobj->ktype;
	int error;

	error = __sysfs_create_dir(kobj);
	if (error)
		return error;
	if (ktype) {
		error = sysfs_create_groups(kobj, ktype->default_groups);
		if (error) {
			__sysfs_remove_dir(kobj, NULL);
			return error;
		}
	}
	return 0;
}

static int kobject_add_internal(struct kobject *kobj)
{
	int error = 0;
	struct kobject *parent;

	if (!kobj)
		return -ENOENT;

	if (!kobj->name || !kobj->name[0]) {
		WARN(1, "kobject: (%p): attempted to be registered with empty name!\n", kobj);
		return -EINVAL;
	}

	parent = kobject_get(kobj->parent);

	error = create_dir(kobj);
	if (error) {
		kobject_put(parent);
		kobj->parent = NULL;

		/* be noisy on error issues */
		if (error == -EEXIST)
			pr_err("%s failed for %s with -EEXIST, don't try to register things with the same name in the same directory.\n",
			       __func__, kobject_name(kobj));
		else
			pr_err("%s failed for %s (error: %d parent: %s)\n",
			       __func__, kobject_name(kobj), error,
			       parent ? kobject_name(parent) : "'none'");
	} else
		kobj->state_in_sysfs = true;

	return error;
}

/* kobject_set_name_vargs: the name is kvasprintf'd (kstrdup_const'd when it is just "%s"). */
int kobject_set_name(struct kobject *kobj, const char *fmt, ...)
{
	const char *s;

	if (kobj->name && !fmt)
		return 0;
	s = __kasprintf_va(fmt);
	if (!s)
		return -ENOMEM;
	kfree_const(kobj->name);
	kobj->name = s;
	return 0;
}

static int kobject_add_varg(struct kobject *kobj, struct kobject *parent, const char *name)
{
	int retval;

	retval = kobject_set_name(kobj, "%s", name);
	if (retval) {
		pr_err("can not set name properly!\n");
		return retval;
	}
	kobj->parent = parent;
	return kobject_add_internal(kobj);
}

int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...)
{
	const char *name;
	int retval;

	if (!kobj)
		return -EINVAL;

	if (!kobj->state_initialized) {
		pr_err("kobject '%s' (%p): tried to add an uninitialized object, something is seriously wrong.\n",
		       kobject_name(kobj), kobj);
		dump_stack();
		return -EINVAL;
	}
	name = __kasprintf_va(fmt);
	if (!name)
		return -ENOMEM;
	retval = kobject_add_varg(kobj, parent, name);
	kfree(name);
	return retval;
}

int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype, struct kobject *parent,
			 const char *fmt, ...)
{
	const char *name;
	int retval;

	kobject_init(kobj, ktype);
	name = __kasprintf_va(fmt);
	if (!name)
		return -ENOMEM;
	retval = kobject_add_varg(kobj, parent, name);
	kfree(name);
	return retval;
}

static void __kobject_del(struct kobject *kobj)
{
	const struct kobj_type *ktype = kobj->ktype;

	if (ktype)
		sysfs_remove_groups(kobj, ktype->default_groups);
	__sysfs_remove_dir(kobj, NULL);	/* sysfs_remove_dir: the directory and everything in it */
	kobj->state_in_sysfs = false;
	kobj->parent = NULL;
}

static int get_kobj_path_length(const struct kobject *kobj)
{
	int length = 1;
	const struct kobject *parent = kobj;

	/* walk up the ancestors until we hit the one pointing to the root. Add 1 to strlen for leading '/' of each level. */
	do {
		if (kobject_name(parent) == NULL)
			return 0;
		length += strlen(kobject_name(parent)) + 1;
		parent = parent->parent;
	} while (parent);
	return length;
}

static int fill_kobj_path(const struct kobject *kobj, char *path, int length)
{
	const struct kobject *parent;

	--length;
	for (parent = kobj; parent; parent = parent->parent) {
		int cur = strlen(kobject_name(parent));
		/* back up enough to print this name with '/' */
		length -= cur;
		if (length <= 0)
			return -EINVAL;
		memcpy(path + length, kobject_name(parent), cur);
		*(path + --length) = '/';
	}
	return 0;
}

/* The kobject's path under /sys ("/devices/virtual/input/input0"), kmalloc'd: the caller kfree()s it. */
char *kobject_get_path(const struct kobject *kobj, gfp_t gfp_mask)
{
	char *path;
	int len;

retry:
	len = get_kobj_path_length(kobj);
	if (len == 0)
		return NULL;
	path = kzalloc(len, gfp_mask);
	if (!path)
		return NULL;
	if (fill_kobj_path(kobj, path, len)) {
		kfree(path);
		goto retry;
	}
	return path;
}

/* Unlinks the kobject from sysfs (its files go, open ones return -ENODEV) and drops its parent reference. */
void kobject_del(struct kobject *kobj)
{
	struct kobject *parent;

	if (!kobj)
		return;

	parent = kobj->parent;
	__kobject_del(kobj);
	kobject_put(parent);
}

static void kobject_cleanup(struct kobject *kobj)
{
	struct kobject *parent = kobj->parent;
	const struct kobj_type *t = kobj->ktype;
	const char *name = kobj->name;

	/* remove from sysfs if the caller did not do it */
	if (kobj->state_in_sysfs)
		__kobject_del(kobj);
	else
		parent = NULL;	/* avoid dropping the parent reference unnecessarily */

	if (t && t->release)
		t->release(kobj);

	/* free name if we allocated it */
	if (name)
		kfree_const(name);

	kobject_put(parent);
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

/* kset_init: kobject_init_internal of its kobject, an empty list. */
void kset_init(struct kset *k)
{
	kref_init(&k->kobj.kref);
	k->kobj.state_initialized = true;
	INIT_LIST_HEAD(&k->list);
}

int kset_register(struct kset *k)
{
	int err;

	if (!k)
		return -EINVAL;

	kset_init(k);
	err = kobject_add_internal(&k->kobj);
	if (err)
		return err;
	return 0;
}

/* The kset's directory goes, and the last reference to its kobject releases it (its ktype's release). */
void kset_unregister(struct kset *k)
{
	if (!k)
		return;
	kobject_del(&k->kobj);
	kobject_put(&k->kobj);
}

const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

static void dynamic_kobj_release(struct kobject *kobj)
{
	kfree(kobj);
}

/* default kobject attribute operations */
static ssize_t kobj_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct kobj_attribute *kattr;
	ssize_t ret = -EIO;

	kattr = container_of(attr, struct kobj_attribute, attr);
	if (kattr->show)
		ret = kattr->show(kobj, kattr, buf);
	return ret;
}

static ssize_t kobj_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf, size_t count)
{
	struct kobj_attribute *kattr;
	ssize_t ret = -EIO;

	kattr = container_of(attr, struct kobj_attribute, attr);
	if (kattr->store)
		ret = kattr->store(kobj, kattr, buf, count);
	return ret;
}

const struct sysfs_ops kobj_sysfs_ops = {
	.show	= kobj_attr_show,
	.store	= kobj_attr_store,
};

static const struct kobj_type dynamic_kobj_ktype = {
	.release	= dynamic_kobj_release,
	.sysfs_ops	= &kobj_sysfs_ops,
};

static struct kobject *kobject_create(void)
{
	struct kobject *kobj;

	kobj = kzalloc(sizeof(*kobj), GFP_KERNEL);
	if (!kobj)
		return NULL;

	kobject_init(kobj, &dynamic_kobj_ktype);
	return kobj;
}

/*
 * A kobject of its own, named name, as a directory under parent's (NULL: /sys). kobject_put() frees it once nothing
 * holds it; its directory goes with it.
 */
struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)
{
	struct kobject *kobj;
	int retval;

	kobj = kobject_create();
	if (!kobj)
		return NULL;

	retval = kobject_add(kobj, parent, "%s", name);
	if (retval) {
		pr_warn("%s: kobject_add error: %d\n", __func__, retval);
		kobject_put(kobj);
		kobj = NULL;
	}
	return kobj;
}

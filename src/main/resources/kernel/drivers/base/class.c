/*
 * Mirrors drivers/base/class.c of Linux 6.1: a class's private part is a kset under /sys/class; class_destroy
 * unregisters it, and the kset's release frees both the private part and a class_create'd class at once, whatever
 * devices are still there. class_find_device walks the class's device list (device_destroy looks its device up
 * that way), so using a class after class_destroy is a use-after-free in class_find_device.
 */

/* classes_init's class_kset (/sys/class): in sysfs from boot, never released. */
static const struct kobj_type class_kset_ktype = {
	.sysfs_ops = &kobj_sysfs_ops,
};

static struct kobject class_kset_kobject = {
	.name = "class",
	.ktype = &class_kset_ktype,
	.kref = { .refcount = { .refs = { .counter = 1 } } },
	.state_initialized = true,
	.state_in_sysfs = true,
};

static void class_release(struct kobject *kobj)
{
	struct subsys_private *cp = to_subsys_private(kobj);
	struct class *class = cp->class;

	pr_debug("class '%s': release.\n", class->name);

	if (class->class_release)
		class->class_release(class);
	else
		pr_debug("class '%s' does not have a release() function, be careful\n", class->name);

	kfree(cp);
}

/* A class attribute's show/store, through the class's kobject (class_sysfs_ops). */
static ssize_t class_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct class_attribute *class_attr = container_of(attr, struct class_attribute, attr);
	struct subsys_private *cp = to_subsys_private(kobj);
	ssize_t ret = -EIO;

	if (class_attr->show)
		ret = class_attr->show(cp->class, class_attr, buf);
	return ret;
}

static ssize_t class_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf, size_t count)
{
	struct class_attribute *class_attr = container_of(attr, struct class_attribute, attr);
	struct subsys_private *cp = to_subsys_private(kobj);
	ssize_t ret = -EIO;

	if (class_attr->store)
		ret = class_attr->store(cp->class, class_attr, buf, count);
	return ret;
}

static const struct sysfs_ops class_sysfs_ops = {
	.show	= class_attr_show,
	.store	= class_attr_store,
};

static const struct kobj_type class_ktype = {
	.sysfs_ops = &class_sysfs_ops,
	.release = class_release,
};

int __class_register(struct class *cls, struct lock_class_key *key)
{
	struct subsys_private *cp;
	int error;

	pr_debug("device class '%s': registering\n", cls->name);

	cp = kzalloc(sizeof(*cp), GFP_KERNEL);
	if (!cp)
		return -ENOMEM;
	INIT_LIST_HEAD(&cp->klist_devices);
	error = kobject_set_name(&cp->subsys.kobj, "%s", cls->name);
	if (error) {
		kfree(cp);
		return error;
	}

	cp->subsys.kobj.parent = &class_kset_kobject;	/* cp->subsys.kobj.kset = class_kset */
	cp->subsys.kobj.ktype = &class_ktype;
	cp->class = cls;
	cls->p = cp;

	error = kset_register(&cp->subsys);
	if (error) {
		kfree(cp);
		return error;
	}
	error = sysfs_create_groups(&cp->subsys.kobj, cls->class_groups);	/* class_add_groups */
	if (error) {
		kset_unregister(&cp->subsys);
		return error;
	}
	return 0;
}

void class_unregister(struct class *cls)
{
	pr_debug("device class '%s': unregistering\n", cls->name);
	sysfs_remove_groups(&cls->p->subsys.kobj, cls->class_groups);	/* class_remove_groups */
	kset_unregister(&cls->p->subsys);
}

int class_create_file_ns(struct class *cls, const struct class_attribute *attr, const void *ns)
{
	int error;

	if (cls)
		error = sysfs_create_file(&cls->p->subsys.kobj, &attr->attr);
	else
		error = -EINVAL;
	return error;
}

void class_remove_file_ns(struct class *cls, const struct class_attribute *attr, const void *ns)
{
	if (cls)
		sysfs_remove_file(&cls->p->subsys.kobj, &attr->attr);
}

static void class_create_release(struct class *cls)
{
	pr_debug("%s called for %s\n", __func__, cls->name);
	kfree(cls);
}

struct class *__class_create(struct module *owner, const char *name, struct lock_class_key *key)
{
	struct class *cls;
	int retval;

	cls = kzalloc(sizeof(*cls), GFP_KERNEL);
	if (!cls) {
		retval = -ENOMEM;
		goto error;
	}

	cls->name = name;
	cls->owner = owner;
	cls->class_release = class_create_release;

	retval = __class_register(cls, key);
	if (retval)
		goto error;

	return cls;

error:
	kfree(cls);
	return ERR_PTR(retval);
}

void class_destroy(struct class *cls)
{
	if (IS_ERR_OR_NULL(cls))
		return;

	class_unregister(cls);
}

void class_dev_iter_init(struct class_dev_iter *iter, struct class *class, struct device *start, const void *type)
{
	iter->head = &class->p->klist_devices;
	iter->next = start ? start->knode_class.next : iter->head->next;
}

struct device *class_dev_iter_next(struct class_dev_iter *iter)
{
	struct device *dev;

	if (iter->next == iter->head)
		return NULL;
	dev = container_of(iter->next, struct device, knode_class);
	iter->next = iter->next->next;
	return dev;
}

void class_dev_iter_exit(struct class_dev_iter *iter)
{
}

struct device *class_find_device(struct class *class, struct device *start, const void *data,
				 int (*match)(struct device *, const void *))
{
	struct class_dev_iter iter;
	struct device *dev;

	if (!class)
		return NULL;
	if (!class->p) {
		WARN(1, "%s called for class '%s' before it was initialized", __func__, class->name);
		return NULL;
	}

	class_dev_iter_init(&iter, class, start, NULL);
	while ((dev = class_dev_iter_next(&iter))) {
		if (match(dev, data)) {
			get_device(dev);
			break;
		}
	}
	class_dev_iter_exit(&iter);

	return dev;
}

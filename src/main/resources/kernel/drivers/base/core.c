/* Mirrors drivers/base/core.c and class.c of Linux 6.x: struct device lifetime and /dev nodes. */

static void device_release(struct kobject *kobj)
{
	struct device *dev = container_of(kobj, struct device, kobj);

	if (dev->release)
		dev->release(dev);
	else if (dev->type && dev->type->release)
		dev->type->release(dev);
	else
		WARN(1, "Device '%s' does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.\n",
		     dev_name(dev));
}

/* A device attribute's show/store, through the device's kobject (dev_sysfs_ops). */
static ssize_t dev_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct device_attribute *dev_attr = container_of(attr, struct device_attribute, attr);
	struct device *dev = container_of(kobj, struct device, kobj);
	ssize_t ret = -EIO;

	if (dev_attr->show)
		ret = dev_attr->show(dev, dev_attr, buf);
	if (ret >= (ssize_t)PAGE_SIZE)
		printk("dev_attr_show: %pS returned bad count\n", dev_attr->show);
	return ret;
}

static ssize_t dev_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf, size_t count)
{
	struct device_attribute *dev_attr = container_of(attr, struct device_attribute, attr);
	struct device *dev = container_of(kobj, struct device, kobj);
	ssize_t ret = -EIO;

	if (dev_attr->store)
		ret = dev_attr->store(dev, dev_attr, buf, count);
	return ret;
}

static const struct sysfs_ops dev_sysfs_ops = {
	.show	= dev_attr_show,
	.store	= dev_attr_store,
};

struct kobj_type device_ktype = {
	.release = device_release,
	.sysfs_ops = &dev_sysfs_ops,
};

int device_create_file(struct device *dev, const struct device_attribute *attr)
{
	int error = 0;

	if (dev) {
		WARN(((attr->attr.mode & S_IWUGO) && !attr->store),
		     "Attribute %s: write permission without 'store'\n", attr->attr.name);
		WARN(((attr->attr.mode & S_IRUGO) && !attr->show),
		     "Attribute %s: read permission without 'show'\n", attr->attr.name);
		error = sysfs_create_file(&dev->kobj, &attr->attr);
	}
	return error;
}

void device_remove_file(struct device *dev, const struct device_attribute *attr)
{
	if (dev)
		sysfs_remove_file(&dev->kobj, &attr->attr);
}


void device_initialize(struct device *dev)
{
	kobject_init(&dev->kobj, &device_ktype);
}

struct device *get_device(struct device *dev)
{
	if (dev)
		kobject_get(&dev->kobj);
	return dev;
}

void put_device(struct device *dev)
{
	if (dev)
		kobject_put(&dev->kobj);
}

/* devices_kset and its "virtual" directory: /sys/devices/virtual, in sysfs from boot, never released. */
static struct kobject devices_kobject = {
	.name = "devices",
	.kref = { .refcount = { .refs = { .counter = 1 } } },
	.state_initialized = true,
	.state_in_sysfs = true,
};

static struct kobject virtual_dir_kobject = {
	.name = "virtual",
	.parent = &devices_kobject,
	.kref = { .refcount = { .refs = { .counter = 1 } } },
	.state_initialized = true,
	.state_in_sysfs = true,
};

/*
 * Where a device's directory goes (get_device_parent): under its parent's; a class device without a parent under
 * the class's glue directory /sys/devices/virtual/CLASS (made on its first device, kept until the class goes);
 * NULL otherwise (a bus device without parent: its directory is the bus's business here).
 */
static struct kobject *get_device_parent(struct device *dev, struct device *parent)
{
	if (dev->class && !parent) {
		struct subsys_private *sp = dev->class->p;

		if (!sp->glue_dir.state_initialized) {
			sp->glue_dir.name = dev->class->name;
			sp->glue_dir.parent = &virtual_dir_kobject;
			refcount_set(&sp->glue_dir.kref.refcount, 1);	/* the class's reference */
			sp->glue_dir.state_initialized = true;
			sp->glue_dir.state_in_sysfs = true;
		}
		return &sp->glue_dir;
	}
	if (parent)
		return &parent->kobj;
	return NULL;
}

int device_add(struct device *dev)
{
	if (dev->init_name && !dev->kobj.name)
		dev->kobj.name = dev->init_name;
	if (!dev->kobj.parent)
		dev->kobj.parent = kobject_get(get_device_parent(dev, dev->parent));
	dev->registered = true;
	dev->kobj.state_in_sysfs = true;	/* its directory: /sys/bus/BUS/devices/NAME or /sys/class/CLASS/NAME */
	if (dev->devt)
		__devnode_add(dev_name(dev), dev->devt, dev);
	if (dev->class)	/* tie the class to the device */
		list_add_tail(&dev->knode_class, &dev->class->p->klist_devices);
	return 0;
}

int device_register(struct device *dev)
{
	device_initialize(dev);
	return device_add(dev);
}

/* Removes the device from the system: unbinds its driver (remove, then devres) and its /dev node. */
void device_del(struct device *dev)
{
	if (dev->class)
		list_del(&dev->knode_class);
	if (dev->devt)
		__devnode_remove(dev->devt);
	device_release_driver(dev);
	__bus_remove_device(dev);
	kobject_del(&dev->kobj);	/* its directory, with the attributes the driver left in it */
	dev->registered = false;
}

void device_unregister(struct device *dev)
{
	device_del(dev);
	put_device(dev);
}

static void device_create_release(struct device *dev)
{
	kfree(dev);
}

struct device *device_create(struct class *class, struct device *parent, dev_t devt, void *drvdata,
			     const char *fmt, ...)
{
	struct device *dev;

	dev = kzalloc(sizeof(struct device), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	device_initialize(dev);
	dev->devt = devt;
	dev->class = class;
	dev->parent = parent;
	dev->release = device_create_release;
	dev_set_drvdata(dev, drvdata);
	dev->kobj.name = __kasprintf_va(fmt);
	device_add(dev);
	return dev;
}

int device_match_devt(struct device *dev, const void *pdevt)
{
	return dev->devt == *(dev_t *)pdevt;
}

void device_destroy(struct class *class, dev_t devt)
{
	struct device *dev;

	dev = class_find_device_by_devt(class, devt);
	if (dev) {
		put_device(dev);
		device_unregister(dev);
	}
}

/* Mirrors drivers/base/core.c and class.c of Linux 6.x: struct device lifetime and /dev nodes. */

static void device_release(struct kobject *kobj)
{
	struct device *dev = container_of(kobj, struct device, kobj);

	if (dev->release)
		dev->release(dev);
	else
		WARN(1, "Device '%s' does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.\n",
		     dev_name(dev));
}

struct kobj_type device_ktype = {
	.release = device_release,
};

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

int device_add(struct device *dev)
{
	if (dev->init_name && !dev->kobj.name)
		dev->kobj.name = dev->init_name;
	dev->registered = true;
	if (dev->devt)
		__devnode_add(dev_name(dev), dev->devt, dev);
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
	if (dev->devt)
		__devnode_remove(dev->devt);
	device_release_driver(dev);
	__bus_remove_device(dev);
	__sysfs_remove_device(dev);
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

void device_destroy(struct class *class, dev_t devt)
{
	struct device *dev = __device_find_devt(devt);

	if (dev)
		device_unregister(dev);
}

void class_destroy(struct class *cls)
{
	if (!IS_ERR_OR_NULL(cls))
		kfree(cls);
}

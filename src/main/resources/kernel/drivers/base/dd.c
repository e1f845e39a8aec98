/* Mirrors drivers/base/dd.c of Linux 6.x. */

const char *dev_name(const struct device *dev)
{
	if (dev->init_name)
		return dev->init_name;
	return dev->kobj.name;
}

void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static int driver_match_device(struct device_driver *drv, struct device *dev)
{
	return drv->bus->match ? drv->bus->match(dev, drv) : 1;
}

static int call_driver_probe(struct device *dev, struct device_driver *drv)
{
	int ret = 0;

	if (dev->bus->probe)
		ret = dev->bus->probe(dev);
	else if (drv->probe)
		ret = drv->probe(dev);

	if (ret == -EPROBE_DEFER || ret == -ENODEV || ret == -ENXIO)
		pr_debug("%s: probe of %s rejects match %d\n", drv->name, dev_name(dev), ret);
	else if (ret)
		pr_warn("%s: probe of %s failed with error %d\n", drv->name, dev_name(dev), ret);
	return ret;
}

static void device_unbind_cleanup(struct device *dev)
{
	devres_release_all(dev);
	dev->driver = NULL;
	dev_set_drvdata(dev, NULL);
}

static int really_probe(struct device *dev, struct device_driver *drv)
{
	int ret;

	dev->driver = drv;
	ret = call_driver_probe(dev, drv);
	if (ret) {
		device_unbind_cleanup(dev);
		return ret;
	}
	driver_bound(dev);
	return 0;
}

static int __driver_probe_device(struct device_driver *drv, struct device *dev)
{
	if (dev->driver)
		return -EBUSY;
	return really_probe(dev, drv);
}

static int driver_probe_device(struct device_driver *drv, struct device *dev)
{
	return __driver_probe_device(drv, dev);
}

/* The device lock (dev->mutex) serialises probe, remove and unbind of one device. */
void device_lock(struct device *dev)
{
	mutex_lock(&dev->mutex);
}

void device_unlock(struct device *dev)
{
	mutex_unlock(&dev->mutex);
}

int device_driver_attach(struct device_driver *drv, struct device *dev)
{
	int ret;

	device_lock(dev);
	ret = __driver_probe_device(drv, dev);
	device_unlock(dev);
	return ret;
}

static int __driver_attach(struct device *dev, void *data)
{
	struct device_driver *drv = data;

	if (!driver_match_device(drv, dev))
		return 0;
	device_lock(dev);
	if (!dev->driver)
		driver_probe_device(drv, dev);
	device_unlock(dev);
	return 0;
}

int driver_attach(struct device_driver *drv)
{
	struct device *dev = NULL;

	while ((dev = bus_next_device(drv->bus, dev)) != NULL)
		__driver_attach(dev, drv);
	return 0;
}

static void device_remove(struct device *dev)
{
	if (dev->bus && dev->bus->remove)
		dev->bus->remove(dev);
	else if (dev->driver->remove)
		dev->driver->remove(dev);
}

static void __device_release_driver(struct device *dev, struct device *parent)
{
	struct device_driver *drv = dev->driver;

	if (drv) {
		device_remove(dev);
		device_unbind_cleanup(dev);
		driver_unbound(dev);
	}
}

void device_release_driver_internal(struct device *dev, struct device_driver *drv, struct device *parent)
{
	device_lock(dev);
	if (!drv || drv == dev->driver)
		__device_release_driver(dev, parent);
	device_unlock(dev);
}

void device_release_driver(struct device *dev)
{
	device_release_driver_internal(dev, NULL, NULL);
}

void driver_detach(struct device_driver *drv)
{
	struct device *dev;

	while ((dev = driver_last_device(drv)) != NULL)
		device_release_driver_internal(dev, drv, dev->parent);
}

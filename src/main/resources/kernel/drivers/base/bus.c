/* Mirrors drivers/base/bus.c of Linux 6.x. */

/* sysfs: echo DEVICE > /sys/bus/BUS/drivers/DRIVER/bind */
long bind_store(struct device_driver *drv, struct device *dev)
{
	int err = -ENODEV;

	if (dev && driver_match_device(drv, dev))
		err = device_driver_attach(drv, dev);
	return err;
}

/* sysfs: echo DEVICE > /sys/bus/BUS/drivers/DRIVER/unbind */
long unbind_store(struct device_driver *drv, struct device *dev)
{
	int err = -ENODEV;

	if (dev && dev->driver == drv) {
		device_release_driver_internal(dev, drv, NULL);
		err = 0;
	}
	return err;
}

static int bus_add_driver(struct device_driver *drv)
{
	driver_list_add(drv);
	driver_attach(drv);
	return 0;
}

static void bus_remove_driver(struct device_driver *drv)
{
	driver_detach(drv);
	driver_list_del(drv);
}

int driver_register(struct device_driver *drv)
{
	return bus_add_driver(drv);
}

void driver_unregister(struct device_driver *drv)
{
	bus_remove_driver(drv);
}

/* The first device on the bus after @start that @match accepts, with a reference the caller puts. */
struct device *bus_find_device(struct bus_type *bus, struct device *start, const void *data,
			       int (*match)(struct device *dev, const void *data))
{
	struct device *dev = start;

	if (!bus)
		return NULL;
	while ((dev = bus_next_device(bus, dev)) != NULL)
		if (match(dev, data) && get_device(dev))
			break;
	return dev;
}

/*
 * Mirrors drivers/usb/core/driver.c, message.c and hub.c of Linux 6.x, for interfaces: a usb_driver binds by
 * name here (the world names the driver a device wants). usb_disconnect runs the driver's ->disconnect from
 * device_del; open files are left alone.
 */

static int usb_device_match(struct device *dev, struct device_driver *drv)
{
	return strcmp(dev_name(dev), drv->name) == 0;
}

static int usb_probe_interface(struct device *dev)
{
	struct usb_driver *driver = container_of(dev->driver, struct usb_driver, driver);
	struct usb_interface *intf = container_of(dev, struct usb_interface, dev);
	const struct usb_device_id *id = driver->id_table;

	if (!driver->probe)
		return -ENODEV;
	return driver->probe(intf, id);
}

void usb_set_intfdata(struct usb_interface *intf, void *data)
{
	dev_set_drvdata(&intf->dev, data);
}

void *usb_get_intfdata(struct usb_interface *intf)
{
	return dev_get_drvdata(&intf->dev);
}

static void usb_unbind_interface(struct device *dev)
{
	struct usb_driver *driver = container_of(dev->driver, struct usb_driver, driver);
	struct usb_interface *intf = container_of(dev, struct usb_interface, dev);

	driver->disconnect(intf);
	usb_set_intfdata(intf, NULL);
}

struct bus_type usb_bus_type = {
	.name = "usb",
	.match = usb_device_match,
	.probe = usb_probe_interface,
	.remove = usb_unbind_interface,
};

int usb_register(struct usb_driver *new_driver)
{
	new_driver->driver.name = new_driver->name;
	new_driver->driver.bus = &usb_bus_type;
	return driver_register(&new_driver->driver);
}

void usb_deregister(struct usb_driver *driver)
{
	driver_unregister(&driver->driver);
}

struct usb_device *interface_to_usbdev(struct usb_interface *intf)
{
	return intf->usb_dev;
}

struct usb_device *usb_get_dev(struct usb_device *dev)
{
	if (dev)
		get_device(&dev->dev);
	return dev;
}

void usb_put_dev(struct usb_device *dev)
{
	if (dev)
		put_device(&dev->dev);
}

struct usb_interface *usb_get_intf(struct usb_interface *intf)
{
	if (intf)
		get_device(&intf->dev);
	return intf;
}

void usb_put_intf(struct usb_interface *intf)
{
	if (intf)
		put_device(&intf->dev);
}

static void usb_release_interface(struct device *dev)
{
	struct usb_interface *intf = container_of(dev, struct usb_interface, dev);

	usb_put_dev(intf->usb_dev);
	kfree(intf);
}

static void usb_release_dev(struct device *dev)
{
	struct usb_device *udev = container_of(dev, struct usb_device, dev);

	kfree(udev);
}

/* Hot-unplug (hub_event -> usb_disconnect): the interface leaves the bus, then the hub drops its reference. */
void usb_disconnect(struct usb_interface *intf)
{
	struct usb_device *udev = intf->usb_dev;

	dev_info(&udev->dev, "USB disconnect, device number %d\n", udev->devnum);
	device_del(&intf->dev);
	put_device(&intf->dev);
	device_del(&udev->dev);
	put_device(&udev->dev);
}

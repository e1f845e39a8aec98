/*
 * Mirrors drivers/usb/core/driver.c of Linux 6.1, for interfaces: usb_device_match matches a driver's id_table
 * against the device's descriptors (usb_match_id); usb_probe_interface hands the matching entry to probe. A world
 * USB device declared without vendor/product ids binds the driver of its name instead (usb_match_dynamic_id
 * here: as if its ids had been written to the driver's new_id file), and probe gets the driver's id_table.
 */

int usb_match_device(struct usb_device *dev, const struct usb_device_id *id)
{
	if ((id->match_flags & USB_DEVICE_ID_MATCH_VENDOR) &&
	    id->idVendor != dev->descriptor.idVendor)
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_PRODUCT) &&
	    id->idProduct != dev->descriptor.idProduct)
		return 0;

	/* No need to test id->bcdDevice_lo != 0, since 0 is never
	   greater than any unsigned number. */
	if ((id->match_flags & USB_DEVICE_ID_MATCH_DEV_LO) &&
	    (id->bcdDevice_lo > dev->descriptor.bcdDevice))
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_DEV_HI) &&
	    (id->bcdDevice_hi < dev->descriptor.bcdDevice))
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_DEV_CLASS) &&
	    (id->bDeviceClass != dev->descriptor.bDeviceClass))
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_DEV_SUBCLASS) &&
	    (id->bDeviceSubClass != dev->descriptor.bDeviceSubClass))
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_DEV_PROTOCOL) &&
	    (id->bDeviceProtocol != dev->descriptor.bDeviceProtocol))
		return 0;

	return 1;
}

int usb_match_one_id_intf(struct usb_device *dev, struct usb_host_interface *intf,
			  const struct usb_device_id *id)
{
	/* The interface class, subclass, protocol and number should never be
	 * checked for a match if the device class is Vendor Specific,
	 * unless the match record specifies the Vendor ID. */
	if (dev->descriptor.bDeviceClass == USB_CLASS_VENDOR_SPEC &&
			!(id->match_flags & USB_DEVICE_ID_MATCH_VENDOR) &&
			(id->match_flags & (USB_DEVICE_ID_MATCH_INT_CLASS |
				USB_DEVICE_ID_MATCH_INT_SUBCLASS |
				USB_DEVICE_ID_MATCH_INT_PROTOCOL |
				USB_DEVICE_ID_MATCH_INT_NUMBER)))
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_INT_CLASS) &&
	    (id->bInterfaceClass != intf->desc.bInterfaceClass))
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_INT_SUBCLASS) &&
	    (id->bInterfaceSubClass != intf->desc.bInterfaceSubClass))
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_INT_PROTOCOL) &&
	    (id->bInterfaceProtocol != intf->desc.bInterfaceProtocol))
		return 0;

	if ((id->match_flags & USB_DEVICE_ID_MATCH_INT_NUMBER) &&
	    (id->bInterfaceNumber != intf->desc.bInterfaceNumber))
		return 0;

	return 1;
}

int usb_match_one_id(struct usb_interface *interface, const struct usb_device_id *id)
{
	struct usb_host_interface *intf;
	struct usb_device *dev;

	/* proc_connectinfo in devio.c may call us with id == NULL. */
	if (id == NULL)
		return 0;

	intf = interface->cur_altsetting;
	dev = interface_to_usbdev(interface);

	if (!usb_match_device(dev, id))
		return 0;

	return usb_match_one_id_intf(dev, intf, id);
}

const struct usb_device_id *usb_match_id(struct usb_interface *interface, const struct usb_device_id *id)
{
	/* proc_connectinfo in devio.c may call us with id == NULL. */
	if (id == NULL)
		return NULL;

	/* It is important to check that id->driver_info is nonzero,
	   since an entry that is all zeroes except for a nonzero
	   id->driver_info is the way to create an entry that
	   indicates that the driver want to examine every
	   device and interface. */
	for (; id->idVendor || id->idProduct || id->bDeviceClass ||
	       id->bInterfaceClass || id->driver_info; id++) {
		if (usb_match_one_id(interface, id))
			return id;
	}

	return NULL;
}

/* The model's stand-in for a dynamic id: a world device without ids wants the driver of its name. */
static bool usb_match_dynamic_id(struct usb_interface *intf, struct usb_driver *drv)
{
	struct usb_device *udev = interface_to_usbdev(intf);

	if (drv->no_dynamic_id || udev->descriptor.idVendor || udev->descriptor.idProduct)
		return false;
	return strcmp(dev_name(&intf->dev), drv->name) == 0;
}

static int usb_device_match(struct device *dev, struct device_driver *drv)
{
	struct usb_interface *intf;
	struct usb_driver *usb_drv;

	if (!is_usb_interface(dev))
		return 0;

	intf = to_usb_interface(dev);
	usb_drv = to_usb_driver(drv);

	if (usb_match_id(intf, usb_drv->id_table))
		return 1;

	if (usb_match_dynamic_id(intf, usb_drv))
		return 1;

	return 0;
}

static int usb_probe_interface(struct device *dev)
{
	struct usb_driver *driver = to_usb_driver(dev->driver);
	struct usb_interface *intf = to_usb_interface(dev);
	const struct usb_device_id *id;
	int error = -ENODEV;

	if (usb_match_dynamic_id(intf, driver))
		id = driver->id_table;	/* the model's dynamic id: probe gets the driver's table */
	else if (!(id = usb_match_id(intf, driver->id_table)))
		return error;
	if (!driver->probe)
		return error;

	intf->condition = USB_INTERFACE_BINDING;
	error = driver->probe(intf, id);
	if (error) {
		usb_set_intfdata(intf, NULL);
		intf->condition = USB_INTERFACE_UNBOUND;
		return error;
	}
	intf->condition = USB_INTERFACE_BOUND;
	return error;
}

static void usb_unbind_interface(struct device *dev)
{
	struct usb_driver *driver = to_usb_driver(dev->driver);
	struct usb_interface *intf = to_usb_interface(dev);
	struct usb_device *udev = interface_to_usbdev(intf);

	intf->condition = USB_INTERFACE_UNBINDING;

	/*
	 * Terminate all URBs for this interface unless the driver
	 * supports "soft" unbinding and the device is still present.
	 */
	if (!driver->soft_unbind || udev->state == USB_STATE_NOTATTACHED)
		usb_disable_interface(udev, intf, false);

	driver->disconnect(intf);

	/* Already in altsetting 0 (the model's only one): just re-enable it
	 * without affecting the endpoint toggles.
	 */
	usb_enable_interface(udev, intf, false);
	usb_set_intfdata(intf, NULL);

	intf->condition = USB_INTERFACE_UNBOUND;
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

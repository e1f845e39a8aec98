/*
 * Mirrors drivers/usb/core/hub.c of Linux 6.1: usb_disconnect, as hub_event runs it when a port reports the
 * device gone (here: the `unplug` command, in its own context, for a device on the root hub). Not attached any
 * more, it can take no new URB (-ENODEV); its interfaces are unbound and its queues flushed (usb_disable_device);
 * then it leaves the bus and the hub drops its reference. Open files are left alone.
 */

void usb_set_device_state(struct usb_device *udev, enum usb_device_state new_state)
{
	if (udev->state == USB_STATE_NOTATTACHED)
		return;		/* no-op, it is gone already */
	udev->state = new_state;
}

void usb_disconnect(struct usb_device *udev)
{
	/* mark the device as inactive, so any further urb submissions for
	 * this device (and any of its children) will fail immediately.
	 * this quiesces everything except pending urbs.
	 */
	usb_set_device_state(udev, USB_STATE_NOTATTACHED);
	dev_info(&udev->dev, "USB disconnect, device number %d\n", udev->devnum);

	device_lock(&udev->dev);

	/* deallocate hcd/hardware state ... nuking all pending urbs and
	 * cleaning up all state associated with the current configuration
	 * so that the hardware is now fully quiesced.
	 */
	dev_dbg(&udev->dev, "unregistering device\n");
	usb_disable_device(udev, 0);

	device_unlock(&udev->dev);

	/* Unregister the device.  The device driver is responsible
	 * for de-configuring the device and invoking the remove-device
	 * notifier chain (used by usbfs and possibly others).
	 */
	device_del(&udev->dev);

	put_device(&udev->dev);
}

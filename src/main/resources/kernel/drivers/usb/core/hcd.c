/*
 * Mirrors drivers/usb/core/hcd.c of Linux 6.1 (usb_hcd_submit_urb, the endpoint queues, unlink1 and
 * usb_hcd_check_unlink_urb, usb_hcd_giveback_urb, usb_hcd_flush_endpoint), with the model's one host
 * controller driver: usb_hcd_irq is its interrupt handler on USB_HCD_IRQ. A submit or a dequeue raises that
 * interrupt (__usb_hcd_kick); the handler then gives back, for each endpoint queue of each device, the URBs being
 * unlinked (with their unlink status), then the transfers the device answers in queue order
 * (__usb_device_transfer, Java: bulk OUT data is taken, bulk IN gets the bytes the world device still holds or
 * is NAKed while it has none, and a device that was unplugged fails them with -EPROTO). Completions run in the
 * hardirq (a controller without HCD_BH).
 */

struct usb_hcd usb_hcd0 = {
	.self = { .busnum = 1, .bus_name = "0000:00:14.0" },
	.product_desc = "xHCI Host Controller",
	.irq = USB_HCD_IRQ,
};

static DEFINE_SPINLOCK(hcd_urb_list_lock);
static DEFINE_SPINLOCK(hcd_urb_unlink_lock);

static struct usb_hcd *bus_to_hcd(struct usb_bus *bus)
{
	return container_of(bus, struct usb_hcd, self);
}

int usb_hcd_link_urb_to_ep(struct usb_hcd *hcd, struct urb *urb)
{
	int rc = 0;

	spin_lock(&hcd_urb_list_lock);

	/* Check that the URB isn't being killed */
	if (atomic_read(&urb->reject)) {
		rc = -EPERM;
		goto done;
	}

	if (!urb->ep->enabled) {
		rc = -ENOENT;
		goto done;
	}

	if (!urb->dev->can_submit) {
		rc = -EHOSTUNREACH;
		goto done;
	}

	urb->unlinked = 0;
	list_add_tail(&urb->urb_list, &urb->ep->urb_list);
 done:
	spin_unlock(&hcd_urb_list_lock);
	return rc;
}

int usb_hcd_check_unlink_urb(struct usb_hcd *hcd, struct urb *urb, int status)
{
	struct list_head *tmp;

	/* insist the urb is still queued */
	list_for_each(tmp, &urb->ep->urb_list) {
		if (tmp == &urb->urb_list)
			break;
	}
	if (tmp != &urb->urb_list)
		return -EIDRM;

	/* Any status except -EINPROGRESS means something already started to
	 * unlink this URB from the hardware.  So there's no more work to do.
	 */
	if (urb->unlinked)
		return -EBUSY;
	urb->unlinked = status;
	return 0;
}

void usb_hcd_unlink_urb_from_ep(struct usb_hcd *hcd, struct urb *urb)
{
	/* clear all state linking urb to this dev (and hcd) */
	spin_lock(&hcd_urb_list_lock);
	list_del_init(&urb->urb_list);
	spin_unlock(&hcd_urb_list_lock);
}

/* The model's host controller driver: its ->urb_enqueue and ->urb_dequeue, under its lock with IRQs off. */
static DEFINE_SPINLOCK(hcd_lock);

static int hcd_urb_enqueue(struct usb_hcd *hcd, struct urb *urb, gfp_t mem_flags)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&hcd_lock, flags);
	rc = usb_hcd_link_urb_to_ep(hcd, urb);
	if (!rc) {
		urb->hcpriv = hcd;
		__usb_hcd_kick(hcd);
	}
	spin_unlock_irqrestore(&hcd_lock, flags);
	return rc;
}

static int hcd_urb_dequeue(struct usb_hcd *hcd, struct urb *urb, int status)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&hcd_lock, flags);
	rc = usb_hcd_check_unlink_urb(hcd, urb, status);
	if (!rc)
		__usb_hcd_kick(hcd);
	spin_unlock_irqrestore(&hcd_lock, flags);
	return rc;
}

int usb_hcd_submit_urb(struct urb *urb, gfp_t mem_flags)
{
	int status;
	struct usb_hcd *hcd = bus_to_hcd(urb->dev->bus);

	/* increment urb's reference count as part of giving it to the HCD
	 * (which will control it).  HCD guarantees that it either returns
	 * an error or calls giveback(), but not both.
	 */
	usb_get_urb(urb);
	atomic_inc(&urb->use_count);
	atomic_inc(&urb->dev->urbnum);

	status = hcd_urb_enqueue(hcd, urb, mem_flags);

	if (status) {
		urb->hcpriv = NULL;
		INIT_LIST_HEAD(&urb->urb_list);
		atomic_dec(&urb->use_count);
		if (atomic_read(&urb->reject))
			wake_up(&usb_kill_urb_queue);
		usb_put_urb(urb);
	}
	return status;
}

static int unlink1(struct usb_hcd *hcd, struct urb *urb, int status)
{
	/* The only reason an HCD might fail this call is if
	 * it has not yet fully queued the urb to begin with.
	 * Such failures should be harmless. */
	return hcd_urb_dequeue(hcd, urb, status);
}

int usb_hcd_unlink_urb(struct urb *urb, int status)
{
	struct usb_hcd *hcd;
	struct usb_device *udev = urb->dev;
	int retval = -EIDRM;
	unsigned long flags;

	/* Prevent the device and bus from going away while
	 * the unlink is carried out.  If they are already gone
	 * then urb->use_count must be 0, since disconnected
	 * devices can't have any active URBs.
	 */
	spin_lock_irqsave(&hcd_urb_unlink_lock, flags);
	if (atomic_read(&urb->use_count) > 0) {
		retval = 0;
		usb_get_dev(udev);
	}
	spin_unlock_irqrestore(&hcd_urb_unlink_lock, flags);
	if (retval == 0) {
		hcd = bus_to_hcd(urb->dev->bus);
		retval = unlink1(hcd, urb, status);
		if (retval == 0)
			retval = -EINPROGRESS;
		else if (retval != -EIDRM && retval != -EBUSY)
			dev_dbg(&udev->dev, "hcd_unlink_urb %px fail %d\n", urb, retval);
		usb_put_dev(udev);
	}
	return retval;
}

static void __usb_hcd_giveback_urb(struct urb *urb)
{
	struct usb_anchor *anchor = urb->anchor;
	int status = urb->unlinked;

	urb->hcpriv = NULL;
	if ((urb->transfer_flags & URB_SHORT_NOT_OK) &&
	    urb->actual_length < urb->transfer_buffer_length &&
	    !status)
		status = -EREMOTEIO;

	usb_unanchor_urb(urb);

	/* pass ownership to the completion handler */
	urb->status = status;
	urb->complete(urb);

	atomic_dec(&urb->use_count);
	if (atomic_read(&urb->reject))
		wake_up(&usb_kill_urb_queue);
	usb_put_urb(urb);
}

void usb_hcd_giveback_urb(struct usb_hcd *hcd, struct urb *urb, int status)
{
	/* pass status to tasklet via unlinked */
	if (!urb->unlinked)
		urb->unlinked = status;

	__usb_hcd_giveback_urb(urb);
}

/* One endpoint queue: unlinked URBs go back first, then the device answers the queue in order. */
static void hcd_endpoint_done(struct usb_hcd *hcd, struct usb_host_endpoint *ep)
{
	struct urb *urb;
	struct list_head *tmp;
	int status;
	int queued = 0;

 rescan:
	list_for_each(tmp, &ep->urb_list) {
		urb = container_of(tmp, struct urb, urb_list);
		if (urb->unlinked) {
			usb_hcd_unlink_urb_from_ep(hcd, urb);
			usb_hcd_giveback_urb(hcd, urb, urb->unlinked);
			goto rescan;	/* list contents may have changed */
		}
	}

	list_for_each(tmp, &ep->urb_list)
		queued++;
	while (queued-- > 0 && !list_empty(&ep->urb_list)) {
		urb = container_of(ep->urb_list.next, struct urb, urb_list);
		status = __usb_device_transfer(urb);
		if (status == -EINPROGRESS)
			break;		/* NAKed: the queue waits */
		usb_hcd_unlink_urb_from_ep(hcd, urb);
		usb_hcd_giveback_urb(hcd, urb, status);
	}
}

irqreturn_t usb_hcd_irq(int irq, void *__hcd)
{
	struct usb_hcd *hcd = __hcd;
	struct usb_device *udev = NULL;
	int i;

	while ((udev = __usb_hcd_next_device(udev)) != NULL) {
		for (i = 0; i < 16; i++) {
			if (udev->ep_in[i])
				hcd_endpoint_done(hcd, udev->ep_in[i]);
			if (udev->ep_out[i])
				hcd_endpoint_done(hcd, udev->ep_out[i]);
		}
	}
	return IRQ_HANDLED;
}

void usb_hcd_flush_endpoint(struct usb_device *udev, struct usb_host_endpoint *ep)
{
	struct usb_hcd *hcd;
	struct urb *urb;
	struct list_head *tmp;

	if (!ep)
		return;
	__might_sleep(__FILE__, 1795);	/* 6.1's line */
	hcd = bus_to_hcd(udev->bus);

	/* No more submits can occur */
	spin_lock_irq(&hcd_urb_list_lock);
 rescan:
	list_for_each(tmp, &ep->urb_list) {
		urb = container_of(tmp, struct urb, urb_list);
		if (urb->unlinked)
			continue;
		usb_get_urb(urb);
		spin_unlock(&hcd_urb_list_lock);

		/* kick hcd */
		unlink1(hcd, urb, -ESHUTDOWN);
		usb_put_urb(urb);

		/* list contents may have changed */
		spin_lock(&hcd_urb_list_lock);
		goto rescan;
	}
	spin_unlock_irq(&hcd_urb_list_lock);

	/* Wait until the endpoint queue is completely empty */
	while (!list_empty(&ep->urb_list)) {
		spin_lock_irq(&hcd_urb_list_lock);

		/* The list may have changed while we acquired the spinlock */
		urb = NULL;
		if (!list_empty(&ep->urb_list)) {
			urb = container_of(ep->urb_list.prev, struct urb, urb_list);
			usb_get_urb(urb);
		}
		spin_unlock_irq(&hcd_urb_list_lock);

		if (urb) {
			usb_kill_urb(urb);
			usb_put_urb(urb);
		}
	}
}

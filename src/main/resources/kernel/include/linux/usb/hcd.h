/*
 * Mirrors include/linux/usb/hcd.h of Linux 6.1 for the one host controller of the model: its bus and its IRQ
 * line. What its "hardware" does with a queued URB - the device's answer - is Java (__usb_device_transfer).
 */

#define USB_HCD_IRQ	24	/* the host controller's interrupt line (shared: IRQF_SHARED) */

struct usb_hcd {
	struct usb_bus		self;		/* hcd is-a bus */
	const char		*product_desc;	/* product/vendor string */
	unsigned int		irq;		/* irq allocated */
};

/* ---- primitives: the host controller's hardware and the world's devices ---- */
struct usb_device *__usb_hcd_next_device(struct usb_device *prev);
int __usb_device_transfer(struct urb *urb);
void __usb_hcd_kick(struct usb_hcd *hcd);

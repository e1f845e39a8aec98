/* USB as drivers see it (include/linux/usb.h): an interface is a struct device on the usb bus. */

enum { USB_DEVICE_ID_MATCH_DEVICE = 3 };

struct usb_device_id {
	__u16 match_flags;
	__u16 idVendor;
	__u16 idProduct;
	unsigned long driver_info;
};

struct usb_device {
	struct device dev;
	int devnum;
	char devpath[16];
};

struct usb_interface {
	struct device dev;
	int minor;
	struct usb_device *usb_dev;
};

struct usb_driver {
	const char *name;
	int (*probe)(struct usb_interface *intf, const struct usb_device_id *id);
	void (*disconnect)(struct usb_interface *intf);
	const struct usb_device_id *id_table;
	struct device_driver driver;
};

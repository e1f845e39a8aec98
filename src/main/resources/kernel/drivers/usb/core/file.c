/*
 * Mirrors drivers/usb/core/file.c of Linux 6.1: the usb class driver's minors on USB_MAJOR. usb_register_dev takes
 * the first free minor from minor_base (CONFIG_USB_DYNAMIC_MINORS off) and makes the class device, whose /dev node
 * is the name's last component ("usb/skel%d" -> /dev/skel0). Opening it runs usb_open, which swaps in the
 * driver's fops and calls its ->open. As with misc devices, the node's inode leads to usb_fops directly (the
 * USB_MAJOR chrdev that usb_major_init registers at boot is not modelled), and minor_rwsem is a mutex here.
 */

#define MAX_USB_MINORS	256
static const struct file_operations *usb_minors[MAX_USB_MINORS];
static DEFINE_MUTEX(minor_rwsem);

static int usb_open(struct inode *inode, struct file *file)
{
	int err = -ENODEV;
	const struct file_operations *new_fops;

	mutex_lock(&minor_rwsem);
	new_fops = fops_get(usb_minors[iminor(inode)]);

	if (!new_fops)
		goto done;

	file->f_op = new_fops;	/* replace_fops */
	/* Curiouser and curiouser... NULL ->open() as "no device" ? */
	if (file->f_op->open)
		err = file->f_op->open(inode, file);
	if (err)
		fops_put(new_fops);
 done:
	mutex_unlock(&minor_rwsem);
	return err;
}

struct file_operations usb_fops = {
	.open =		usb_open,
};

static DEFINE_MUTEX(init_usb_class_mutex);

/* The "usbmisc" class, made by the first usb_register_dev and destroyed with the last usb_deregister_dev. */
static struct usb_class {
	struct kref kref;
	struct class *class;
} *usb_class;

static int init_usb_class(void)
{
	int result = 0;

	if (usb_class != NULL) {
		kref_get(&usb_class->kref);
		goto exit;
	}

	usb_class = kmalloc(sizeof(*usb_class), GFP_KERNEL);
	if (!usb_class) {
		result = -ENOMEM;
		goto exit;
	}

	kref_init(&usb_class->kref);
	usb_class->class = class_create(NULL, "usbmisc");	/* THIS_MODULE is NULL in built-in code */
	if (IS_ERR(usb_class->class)) {
		result = PTR_ERR(usb_class->class);
		printk(KERN_ERR "class_create failed for usb devices\n");
		kfree(usb_class);
		usb_class = NULL;
		goto exit;
	}

exit:
	return result;
}

static void release_usb_class(struct kref *kref)
{
	/* Ok, we cheat as we know we only have one usb_class */
	class_destroy(usb_class->class);
	kfree(usb_class);
	usb_class = NULL;
}

static void destroy_usb_class(void)
{
	mutex_lock(&init_usb_class_mutex);
	kref_put(&usb_class->kref, release_usb_class);
	mutex_unlock(&init_usb_class_mutex);
}

int usb_register_dev(struct usb_interface *intf, struct usb_class_driver *class_driver)
{
	int retval = 0;
	int minor_base = class_driver->minor_base;
	int minor;
	char name[20];

	if (class_driver->fops == NULL)
		return -EINVAL;
	if (intf->minor >= 0)
		return -EADDRINUSE;

	mutex_lock(&init_usb_class_mutex);
	retval = init_usb_class();
	mutex_unlock(&init_usb_class_mutex);

	if (retval)
		return retval;

	dev_dbg(&intf->dev, "looking for a minor, starting at %d\n", minor_base);

	mutex_lock(&minor_rwsem);
	for (minor = minor_base; minor < MAX_USB_MINORS; ++minor) {
		if (usb_minors[minor])
			continue;

		usb_minors[minor] = class_driver->fops;
		intf->minor = minor;
		break;
	}
	if (intf->minor < 0) {
		mutex_unlock(&minor_rwsem);
		return -EXFULL;
	}

	/* create a usb class device for this usb interface */
	snprintf(name, sizeof(name), class_driver->name, minor - minor_base);
	intf->usb_dev = device_create(usb_class->class, &intf->dev,
				      MKDEV(USB_MAJOR, minor), class_driver,
				      "%s", kbasename(name));
	if (IS_ERR(intf->usb_dev)) {
		usb_minors[minor] = NULL;
		intf->minor = -1;
		retval = PTR_ERR(intf->usb_dev);
	}
	mutex_unlock(&minor_rwsem);
	return retval;
}

void usb_deregister_dev(struct usb_interface *intf, struct usb_class_driver *class_driver)
{
	if (intf->minor == -1)
		return;

	dev_dbg(&intf->dev, "removing %d minor\n", intf->minor);
	device_destroy(usb_class->class, MKDEV(USB_MAJOR, intf->minor));

	mutex_lock(&minor_rwsem);
	usb_minors[intf->minor] = NULL;
	mutex_unlock(&minor_rwsem);
	destroy_usb_class();

	intf->usb_dev = NULL;
	intf->minor = -1;
}

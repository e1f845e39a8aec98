/*
 * Mirrors fs/sysfs/file.c and drivers/base/core.c's device attributes of Linux 6.x: a device attribute is a file
 * /sys/bus/BUS/devices/DEVICE/NAME (or /sys/class/CLASS/DEVICE/NAME) whose read calls ->show into a page and whose
 * write calls ->store. The files go with device_remove_file, or with the device at device_del; a file the driver
 * leaves behind after unbind still calls into it.
 */

int device_create_file(struct device *dev, const struct device_attribute *attr)
{
	return __sysfs_add(dev, attr);
}

void device_remove_file(struct device *dev, const struct device_attribute *attr)
{
	__sysfs_remove(dev, attr);
}

static int sysfs_kf_open(struct inode *inode, struct file *file)
{
	file->private_data = inode->i_private;
	return 0;
}

static ssize_t sysfs_kf_read(struct file *file, char *buf, size_t count, loff_t *ppos)
{
	const struct device_attribute *attr = file->private_data;
	struct device *dev = __sysfs_device(attr, file);
	char *page;
	ssize_t len;

	if (!dev)
		return -ENODEV;
	if (!attr->show)
		return -EIO;
	if (*ppos > 0)
		return 0;
	page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	len = attr->show(dev, (struct device_attribute *)attr, page);
	if (len > 0) {
		if (len > count)
			len = count;
		copy_to_user(buf, page, len);
		*ppos += len;
	}
	kfree(page);
	return len;
}

static ssize_t sysfs_kf_write(struct file *file, const char *buf, size_t count, loff_t *ppos)
{
	const struct device_attribute *attr = file->private_data;
	struct device *dev = __sysfs_device(attr, file);
	char *page;
	ssize_t len;

	if (!dev)
		return -ENODEV;
	if (!attr->store)
		return -EIO;
	if (count >= PAGE_SIZE)
		count = PAGE_SIZE - 1;
	page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	copy_from_user(page, buf, count);
	len = attr->store(dev, (struct device_attribute *)attr, page, count);
	kfree(page);
	return len;
}

struct file_operations sysfs_file_ops = {
	.open = sysfs_kf_open,
	.read = sysfs_kf_read,
	.write = sysfs_kf_write,
};

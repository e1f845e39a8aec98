/*
 * Mirrors fs/sysfs/file.c, fs/sysfs/dir.c and fs/kernfs/file.c of Linux 6.1. An attribute of a kobject is a file in
 * the kobject's directory: /sys/kernel/NAME/ATTR for a kobject under kernel_kobj, /sys/bus/BUS/devices/DEV/ATTR (or
 * /sys/class/CLASS/DEV/ATTR) for a device's. A read calls the kobject type's sysfs_ops->show into a zeroed page (for
 * a kobj_attribute: kobj_attr_show, then its ->show); a write copies at most a page, NUL-terminated, and calls
 * ->store. Every call holds an active reference on the file's node: once the file is removed (sysfs_remove_file,
 * kobject_del, the kobject's last put) open files get -ENODEV, and the remover waits for the callers still inside
 * show/store (kernfs_drain). A file the driver leaves behind still calls into it.
 */



/* kernfs_fop_open: a write open needs a write permission bit, a read open a read bit (even for root). */
static int kernfs_fop_open(struct inode *inode, struct file *file)
{
	struct kobject *kobj;
	const struct sysfs_ops *ops;
	int error = -EACCES;

	kobj = __kernfs_get_active(file);
	if (!kobj)
		return -ENODEV;
	ops = kobj->ktype->sysfs_ops;
	if ((file->f_mode & FMODE_WRITE) && (!(inode->i_mode & S_IWUGO) || !ops->store))
		goto err_out;
	if ((file->f_mode & FMODE_READ) && (!(inode->i_mode & S_IRUGO) || !ops->show))
		goto err_out;
	file->private_data = inode->i_private;
	error = 0;
err_out:
	__kernfs_put_active(file);
	return error;
}

/* sysfs_kf_seq_show: ->show fills a zeroed page; what it returns is what read() sees. */
static ssize_t sysfs_kf_seq_show(struct kobject *kobj, const struct attribute *attr, char *buf)
{
	const struct sysfs_ops *ops = kobj->ktype->sysfs_ops;
	ssize_t count;

	if (WARN_ON_ONCE(!ops->show))
		return -EINVAL;
	memset(buf, 0, PAGE_SIZE);
	count = ops->show(kobj, (struct attribute *)attr, buf);
	if (count < 0)
		return count;
	/* The code works fine with PAGE_SIZE return but it's likely to indicate truncated result or overflow */
	if (count >= (ssize_t)PAGE_SIZE) {
		printk("fill_read_buffer: %pS returned bad count\n", ops->show);
		/* Try to struggle along */
		count = PAGE_SIZE - 1;
	}
	return count;
}

static ssize_t kernfs_fop_read(struct file *file, char *buf, size_t count, loff_t *ppos)
{
	const struct attribute *attr = file->private_data;
	struct kobject *kobj;
	char *page;
	ssize_t len;

	if (*ppos > 0)
		return 0;
	page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	kobj = __kernfs_get_active(file);
	if (!kobj) {
		kfree(page);
		return -ENODEV;
	}
	len = sysfs_kf_seq_show(kobj, attr, page);
	__kernfs_put_active(file);
	if (len > 0) {
		if (len > count)
			len = count;
		if (copy_to_user(buf, page, len))
			len = -EFAULT;
		else
			*ppos += len;
	}
	kfree(page);
	return len;
}

/* sysfs_kf_write: an empty write stores nothing. */
static ssize_t sysfs_kf_write(struct kobject *kobj, const struct attribute *attr, char *buf, size_t count)
{
	const struct sysfs_ops *ops = kobj->ktype->sysfs_ops;

	if (!count)
		return 0;
	return ops->store(kobj, (struct attribute *)attr, buf, count);
}

/* kernfs_fop_write_iter: at most a page (atomic_write_len), copied into a buffer of count + 1, NUL-terminated. */
static ssize_t kernfs_fop_write(struct file *file, const char *buf, size_t count, loff_t *ppos)
{
	const struct attribute *attr = file->private_data;
	struct kobject *kobj;
	char *page;
	ssize_t len;

	if (count > PAGE_SIZE)
		return -E2BIG;
	page = kmalloc(count + 1, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	if (copy_from_user(page, buf, count)) {
		kfree(page);
		return -EFAULT;
	}
	page[count] = '\0';	/* guarantee string termination */
	kobj = __kernfs_get_active(file);
	if (!kobj) {
		kfree(page);
		return -ENODEV;
	}
	len = sysfs_kf_write(kobj, attr, page, count);
	__kernfs_put_active(file);
	if (len > 0)
		*ppos += len;
	kfree(page);
	return len;
}

struct file_operations sysfs_file_ops = {
	.open = kernfs_fop_open,
	.read = kernfs_fop_read,
	.write = kernfs_fop_write,
};

/* sysfs_add_file_mode_ns */
static int sysfs_add_file_mode_ns(struct kobject *kobj, const char *group, const struct attribute *attr,
				  umode_t mode)
{
	if (!kobj->ktype || !kobj->ktype->sysfs_ops) {
		WARN(1, "missing sysfs attribute operations for kobject: %s\n", kobject_name(kobj));
		return -EINVAL;
	}
	return __sysfs_add_file(kobj, group, attr, mode);
}

int sysfs_create_file(struct kobject *kobj, const struct attribute *attr)
{
	if (WARN_ON(!kobj || !kobj->state_in_sysfs || !attr))
		return -EINVAL;
	return sysfs_add_file_mode_ns(kobj, NULL, attr, attr->mode);
}

int sysfs_create_files(struct kobject *kobj, const struct attribute * const *ptr)
{
	int err = 0;
	int i;

	for (i = 0; ptr[i] && !err; i++)
		err = sysfs_create_file(kobj, ptr[i]);
	if (err)
		while (--i >= 0)
			sysfs_remove_file(kobj, ptr[i]);
	return err;
}

void sysfs_remove_file(struct kobject *kobj, const struct attribute *attr)
{
	__sysfs_remove_file(kobj, NULL, attr);
}

void sysfs_remove_files(struct kobject *kobj, const struct attribute * const *ptr)
{
	int i;

	for (i = 0; ptr[i]; i++)
		sysfs_remove_file(kobj, ptr[i]);
}

/*
 * Mirrors drivers/char/misc.c of Linux 6.x: /dev/NAME on major 10; the open takes the fops' module. misc_mtx
 * serialises the lookup and the driver's ->open with registration and removal.
 */

static DEFINE_MUTEX(misc_mtx);

int misc_register(struct miscdevice *misc)
{
	int err;

	mutex_lock(&misc_mtx);
	err = __misc_add(misc);
	mutex_unlock(&misc_mtx);
	return err;
}

void misc_deregister(struct miscdevice *misc)
{
	mutex_lock(&misc_mtx);
	__misc_remove(misc);
	mutex_unlock(&misc_mtx);
}

static int misc_open(struct inode *inode, struct file *file)
{
	int minor = iminor(inode);
	struct miscdevice *c;
	const struct file_operations *new_fops = NULL;
	int err = -ENODEV;

	mutex_lock(&misc_mtx);
	c = __misc_find(minor);
	if (!c)
		goto fail;
	new_fops = fops_get(c->fops);
	if (!new_fops)
		goto fail;
	file->private_data = c;
	file->f_op = new_fops;
	err = 0;
	if (file->f_op->open) {
		err = file->f_op->open(inode, file);
		if (err)
			fops_put(new_fops);
	}
fail:
	mutex_unlock(&misc_mtx);
	return err;
}

struct file_operations misc_fops = {
	.open = misc_open,
};

/* Mirrors drivers/char/misc.c of Linux 6.x: /dev/NAME on major 10; the open takes the fops' module. */

int misc_register(struct miscdevice *misc)
{
	return __misc_add(misc);
}

void misc_deregister(struct miscdevice *misc)
{
	__misc_remove(misc);
}

static int misc_open(struct inode *inode, struct file *file)
{
	int minor = iminor(inode);
	struct miscdevice *c = __misc_find(minor);
	const struct file_operations *new_fops = NULL;
	int err = -ENODEV;

	if (!c)
		return err;
	new_fops = fops_get(c->fops);
	if (!new_fops)
		return err;
	file->private_data = c;
	file->f_op = new_fops;
	err = 0;
	if (file->f_op->open) {
		err = file->f_op->open(inode, file);
		if (err)
			fops_put(new_fops);
	}
	return err;
}

struct file_operations misc_fops = {
	.open = misc_open,
};

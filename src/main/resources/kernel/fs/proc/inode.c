/*
 * Mirrors fs/proc/generic.c and fs/proc/inode.c of Linux 6.x. proc_ops have no owner: nothing pins the module
 * while a /proc file is open. remove_proc_entry closes (->proc_release) what is still open.
 */

struct proc_dir_entry *proc_create_data(const char *name, umode_t mode, struct proc_dir_entry *parent,
					const struct proc_ops *proc_ops, void *data)
{
	struct proc_dir_entry *pde = kzalloc(sizeof(struct proc_dir_entry), GFP_KERNEL);

	if (!pde)
		return NULL;
	pde->name = kstrdup(name, GFP_KERNEL);
	pde->proc_ops = proc_ops;
	pde->data = data;
	if (__proc_add(pde) < 0) {
		kfree(pde);
		return NULL;
	}
	return pde;
}

struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
				   const struct proc_ops *proc_ops)
{
	return proc_create_data(name, mode, parent, proc_ops, NULL);
}

void remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	struct proc_dir_entry *de = __proc_find(name);
	struct file *file;

	if (!de) {
		WARN(1, "name '%s'\n", name);
		return;
	}
	__proc_remove(de);
	de->removed = true;
	while ((file = __proc_next_open(de)) != NULL) {
		if (de->proc_ops->proc_release)
			de->proc_ops->proc_release(file->f_inode, file);
	}
}

void proc_remove(struct proc_dir_entry *de)
{
	if (de)
		remove_proc_entry(de->name, NULL);
}

void *pde_data(const struct inode *inode)
{
	struct proc_dir_entry *pde = inode->i_private;

	return pde->data;
}

static int proc_reg_open(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *pde = inode->i_private;
	int rv = 0;

	if (pde->removed)
		return -ENOENT;
	if (pde->proc_ops->proc_open)
		rv = pde->proc_ops->proc_open(inode, file);
	if (rv == 0)
		__proc_file_opened(pde, file);
	return rv;
}

static ssize_t proc_reg_read(struct file *file, char *buf, size_t count, loff_t *ppos)
{
	struct proc_dir_entry *pde = file->f_inode->i_private;
	ssize_t rv = -EIO;

	if (!pde->removed && pde->proc_ops->proc_read)
		rv = pde->proc_ops->proc_read(file, buf, count, ppos);
	return rv;
}

static ssize_t proc_reg_write(struct file *file, const char *buf, size_t count, loff_t *ppos)
{
	struct proc_dir_entry *pde = file->f_inode->i_private;
	ssize_t rv = -EIO;

	if (!pde->removed && pde->proc_ops->proc_write)
		rv = pde->proc_ops->proc_write(file, buf, count, ppos);
	return rv;
}

static long proc_reg_unlocked_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct proc_dir_entry *pde = file->f_inode->i_private;
	long rv = -ENOTTY;

	if (!pde->removed && pde->proc_ops->proc_ioctl)
		rv = pde->proc_ops->proc_ioctl(file, cmd, arg);
	return rv;
}

static int proc_reg_release(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *pde = inode->i_private;

	if (__proc_file_closed(pde, file) && pde->proc_ops->proc_release)
		return pde->proc_ops->proc_release(inode, file);
	return 0;
}

struct file_operations proc_reg_file_ops = {
	.read = proc_reg_read,
	.write = proc_reg_write,
	.unlocked_ioctl = proc_reg_unlocked_ioctl,
	.open = proc_reg_open,
	.release = proc_reg_release,
};

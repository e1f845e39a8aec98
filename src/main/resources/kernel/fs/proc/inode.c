/*
 * Mirrors fs/proc/generic.c and fs/proc/inode.c of Linux 6.x. proc_ops have no owner: nothing pins the module
 * while a /proc file is open. Instead every call into proc_ops is bracketed by use_pde/unuse_pde, and
 * remove_proc_entry (proc_entry_rundown) first refuses new callers, then waits until the callers inside the module
 * (and releases in progress: close_pdeo's "closing") are out, then closes (->proc_release) what is still open. So
 * a module's exit never returns while one of its proc_ops is running. (The kernel counts with a negative bias on an
 * atomic and a completion; a counter and a wait queue say the same here.)
 */

struct proc_dir_entry *proc_create_data(const char *name, umode_t mode, struct proc_dir_entry *parent,
					const struct proc_ops *proc_ops, void *data)
{
	struct proc_dir_entry *pde = kzalloc(sizeof(struct proc_dir_entry), GFP_KERNEL);

	if (!pde)
		return NULL;
	pde->name = kstrdup(name, GFP_KERNEL);
	pde->proc_ops = proc_ops;
	init_waitqueue_head(&pde->rundown);
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
	/* proc_entry_rundown: no new callers, and wait until those inside the module are done */
	de->removed = true;
	wait_event(de->rundown, de->in_use == 0);
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

static bool use_pde(struct proc_dir_entry *pde)
{
	if (pde->removed)
		return false;
	pde->in_use++;
	return true;
}

static void unuse_pde(struct proc_dir_entry *pde)
{
	if (--pde->in_use == 0 && pde->removed)
		wake_up(&pde->rundown);
}

static int proc_reg_open(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *pde = inode->i_private;
	int rv = 0;

	if (!use_pde(pde))
		return -ENOENT;
	if (pde->proc_ops->proc_open)
		rv = pde->proc_ops->proc_open(inode, file);
	if (rv == 0)
		__proc_file_opened(pde, file);
	unuse_pde(pde);
	return rv;
}

static ssize_t proc_reg_read(struct file *file, char *buf, size_t count, loff_t *ppos)
{
	struct proc_dir_entry *pde = file->f_inode->i_private;
	ssize_t rv = -EIO;

	if (!use_pde(pde))
		return rv;
	if (pde->proc_ops->proc_read)
		rv = pde->proc_ops->proc_read(file, buf, count, ppos);
	unuse_pde(pde);
	return rv;
}

static ssize_t proc_reg_write(struct file *file, const char *buf, size_t count, loff_t *ppos)
{
	struct proc_dir_entry *pde = file->f_inode->i_private;
	ssize_t rv = -EIO;

	if (!use_pde(pde))
		return rv;
	if (pde->proc_ops->proc_write)
		rv = pde->proc_ops->proc_write(file, buf, count, ppos);
	unuse_pde(pde);
	return rv;
}

static long proc_reg_unlocked_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct proc_dir_entry *pde = file->f_inode->i_private;
	long rv = -ENOTTY;

	if (!use_pde(pde))
		return rv;
	if (pde->proc_ops->proc_ioctl)
		rv = pde->proc_ops->proc_ioctl(file, cmd, arg);
	unuse_pde(pde);
	return rv;
}

static __poll_t proc_reg_poll(struct file *file, struct poll_table_struct *pts)
{
	struct proc_dir_entry *pde = file->f_inode->i_private;
	__poll_t rv = DEFAULT_POLLMASK;

	if (!use_pde(pde))
		return rv;
	if (pde->proc_ops->proc_poll)
		rv = pde->proc_ops->proc_poll(file, pts);
	unuse_pde(pde);
	return rv;
}

/* close_pdeo: a release in progress counts as a user, so the remover waits for it to return. */
static int proc_reg_release(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *pde = inode->i_private;
	int rv = 0;

	pde->in_use++;
	if (__proc_file_closed(pde, file) && pde->proc_ops->proc_release)
		rv = pde->proc_ops->proc_release(inode, file);
	unuse_pde(pde);
	return rv;
}

struct file_operations proc_reg_file_ops = {
	.read = proc_reg_read,
	.write = proc_reg_write,
	.poll = proc_reg_poll,
	.unlocked_ioctl = proc_reg_unlocked_ioctl,
	.open = proc_reg_open,
	.release = proc_reg_release,
};

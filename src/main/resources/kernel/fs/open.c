/*
 * Mirrors fs/open.c, fs/read_write.c and fs/file_table.c of Linux 6.x: the system calls a script's processes
 * make. The last close runs __fput: ->release first, then cdev_put, then fops_put, so release() runs while the
 * file still holds its module reference.
 */

long do_sys_open(const char *filename, int flags)
{
	struct inode *inode;
	struct file *f;
	int error = 0;

	inode = __path_lookup(filename);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	f = kzalloc(sizeof(struct file), GFP_KERNEL);
	if (!f) {
		__iput(inode);
		kfree(inode);
		return -ENOMEM;
	}
	f->f_inode = inode;
	f->f_flags = flags;
	f->f_mode = (flags + 1) & O_ACCMODE;	/* OPEN_FMODE: FMODE_READ and/or FMODE_WRITE */
	f->f_op = inode->i_fop;
	if (f->f_op && f->f_op->open)
		error = f->f_op->open(inode, f);
	if (error) {
		kfree(f);
		__iput(inode);
		kfree(inode);
		return error;
	}
	__fd_install(f);
	return 3;
}

long ksys_read(struct file *file, char *buf, size_t count)
{
	if (!file->f_op->read)
		return -EINVAL;
	return file->f_op->read(file, buf, count, &file->f_pos);
}

long ksys_write(struct file *file, const char *buf, size_t count)
{
	if (!file->f_op->write)
		return -EINVAL;
	return file->f_op->write(file, buf, count, &file->f_pos);
}

static void __fput(struct file *file)
{
	struct inode *inode = file->f_inode;

	if (file->f_op->release)
		file->f_op->release(inode, file);
	if (inode->i_cdev != NULL)
		cdev_put(inode->i_cdev);
	fops_put(file->f_op);
	kfree(file);
	__iput(inode);
	kfree(inode);
}

void fput(struct file *file)
{
	__fd_release(file);
	__fput(file);
}

long close_fd(struct file *file)
{
	fput(file);
	return 0;
}

/* A process exits (or is killed): its open file is closed as by close(). */
long do_task_exit(struct file *file)
{
	if (file)
		fput(file);
	return 0;
}

loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

int nonseekable_open(struct inode *inode, struct file *filp)
{
	return 0;
}

int stream_open(struct inode *inode, struct file *filp)
{
	return 0;
}

struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

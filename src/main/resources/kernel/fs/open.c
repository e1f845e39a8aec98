/*
 * Mirrors fs/open.c, fs/namei.c and fs/file_table.c of Linux 6.1: the system calls a script's processes make
 * (read, write and lseek are in fs/read_write.c). The last close runs __fput: ->release first, then cdev_put, then
 * fops_put, so release() runs while the file still holds its module reference; then the dentry and its inode go.
 */

/*
 * The path walk: a /dev or /sys node's inode comes from Java's table; a path in /proc is looked up by procfs
 * (proc_lookup), which makes the inode of the entry it finds. The dentry is named after the last component.
 */
static struct dentry *path_lookupat(const char *filename)
{
	struct inode *inode = __path_lookup(filename);
	struct dentry *dentry;

	if (!inode)
		inode = proc_lookup(filename);
	if (IS_ERR(inode))
		return (struct dentry *)inode;
	dentry = __d_alloc(inode->i_sb, filename);
	if (!dentry) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	dentry->d_inode = inode;	/* d_instantiate */
	return dentry;
}

/* do_dentry_open: the file's mode from its flags, then ->open, then what it can do */
static int do_dentry_open(struct file *f, struct inode *inode)
{
	int error = 0;

	f->f_mode = ((f->f_flags + 1) & O_ACCMODE) | FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	f->f_inode = inode;
	f->f_op = inode->i_fop;
	if (S_ISDIR(inode->i_mode) && (f->f_mode & FMODE_WRITE))
		return -EISDIR;		/* may_open */
	if (f->f_op && f->f_op->open)
		error = f->f_op->open(inode, f);
	if (error)
		return error;
	if ((f->f_mode & FMODE_READ) && (f->f_op->read || f->f_op->read_iter))
		f->f_mode |= FMODE_CAN_READ;
	if ((f->f_mode & FMODE_WRITE) && (f->f_op->write || f->f_op->write_iter))
		f->f_mode |= FMODE_CAN_WRITE;

	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);	/* ->open saw them; nothing after it does */
	return 0;
}

long do_sys_open(const char *filename, int flags)
{
	struct dentry *dentry;
	struct file *f;
	int error = 0;

	dentry = path_lookupat(filename);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	f = kzalloc(sizeof(struct file), GFP_KERNEL);
	if (!f) {
		dput(dentry);
		return -ENOMEM;
	}
	f->f_path.dentry = dentry;
	f->f_flags = flags;
	error = do_dentry_open(f, dentry->d_inode);
	if (error) {
		kfree(f);
		dput(dentry);
		return error;
	}
	__fd_install(f);
	return 3;
}

static void __fput(struct file *file)
{
	struct dentry *dentry = file->f_path.dentry;
	struct inode *inode = file->f_inode;

	if (file->f_op->release)
		file->f_op->release(inode, file);
	if (S_ISCHR(inode->i_mode) && inode->i_cdev != NULL)
		cdev_put(inode->i_cdev);
	fops_put(file->f_op);
	dput(dentry);
	kfree(file);
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

/* nonseekable_open: lseek, pread and pwrite fail with -ESPIPE */
int nonseekable_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}

/* stream_open: a stream has no position at all (read and write get a NULL ppos) */
int stream_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	filp->f_mode |= FMODE_STREAM;
	return 0;
}

struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

struct dentry *file_dentry(const struct file *file)
{
	return file->f_path.dentry;
}

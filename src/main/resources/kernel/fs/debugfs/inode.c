/*
 * Mirrors fs/debugfs/inode.c of Linux 6.1: directories and files under /sys/kernel/debug. A file made by
 * debugfs_create_file() gets debugfs_full_proxy_file_operations as its inode's fops and keeps the driver's fops as
 * its real ones (d_fsdata); debugfs_create_file_unsafe() gets debugfs_open_proxy_file_operations, which only
 * protects open. Removing a file (debugfs_remove, recursive for a directory) unlinks it at once, so no new open finds
 * it and debugfs_file_get() fails with -EIO, then waits until the callers inside the real fops have left
 * (__debugfs_file_removed). The dentries and their tree are Java bookkeeping (DebugfsPrimitives).
 */

static struct dentry *__debugfs_create_file(const char *name, umode_t mode, struct dentry *parent, void *data,
					    const struct file_operations *proxy_fops,
					    const struct file_operations *real_fops)
{
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	BUG_ON(!S_ISREG(mode));

	if (IS_ERR(parent))
		return parent;
	return __debugfs_create(name, mode, parent, data, real_fops ? real_fops : &debugfs_noop_file_operations,
				proxy_fops);
}

/**
 * debugfs_create_file - create a file in the debugfs filesystem. @parent NULL is the root of debugfs. The file is
 * protected against removal while its fops run (the full proxy); returns its dentry or an ERR_PTR.
 */
struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent, void *data,
				   const struct file_operations *fops)
{
	return __debugfs_create_file(name, mode, parent, data,
				     fops ? &debugfs_full_proxy_file_operations : &debugfs_noop_file_operations,
				     fops);
}

/**
 * debugfs_create_file_unsafe - create a file whose fops protect themselves with debugfs_file_get()/put() (as the
 * DEFINE_DEBUGFS_ATTRIBUTE files do): only open goes through a proxy.
 */
struct dentry *debugfs_create_file_unsafe(const char *name, umode_t mode, struct dentry *parent, void *data,
					  const struct file_operations *fops)
{
	return __debugfs_create_file(name, mode, parent, data,
				     fops ? &debugfs_open_proxy_file_operations : &debugfs_noop_file_operations,
				     fops);
}

/**
 * debugfs_create_dir - create a directory in the debugfs filesystem (@parent NULL: the root).
 */
struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	if (IS_ERR(parent))
		return parent;
	return __debugfs_create(name, S_IFDIR | S_IRWXU | S_IRUGO | S_IXUGO, parent, NULL, NULL, NULL);
}

/**
 * debugfs_remove - recursively removes a directory (or a file): everything below it goes, and the remover waits
 * for the users still inside a removed file's operations. A NULL or error pointer is ignored.
 */
void debugfs_remove(struct dentry *dentry)
{
	if (IS_ERR_OR_NULL(dentry))
		return;
	__debugfs_remove(dentry);
}

/**
 * debugfs_lookup_and_remove - lookup a directory or file and recursively remove it
 */
void debugfs_lookup_and_remove(const char *name, struct dentry *parent)
{
	struct dentry *dentry;

	dentry = debugfs_lookup(name, parent);
	if (!dentry)
		return;

	debugfs_remove(dentry);
	/* the kernel's dput() of the lookup's reference: the model's debugfs_lookup() takes none */
}

/*
 * Mirrors fs/dcache.c of Linux 6.1, as far as an open file needs it: the dentry naming what was opened
 * (file->f_path.dentry->d_name) and holding its inode. Here every open has its own dentry, made by the path walk
 * and killed by the file's last dput; there is no dentry cache, no hash and no parent tree. Allocating and freeing
 * one (__d_alloc copies the name in, into d_iname or a kmalloc'ed external name) is Java.
 */

void d_instantiate(struct dentry *entry, struct inode *inode)
{
	entry->d_inode = inode;
}

/* __dentry_kill: the inode goes with its last dentry, then the dentry (and its name, if kept outside it) */
static void __dentry_kill(struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	dentry->d_inode = NULL;
	if (inode)
		iput(inode);
	__d_free(dentry);
}

void dput(struct dentry *dentry)
{
	if (!dentry)
		return;
	if (--dentry->d_count == 0)
		__dentry_kill(dentry);
}

struct dentry *dget(struct dentry *dentry)
{
	if (dentry)
		dentry->d_count++;
	return dentry;
}

struct inode *d_inode(const struct dentry *dentry)
{
	return dentry->d_inode;
}

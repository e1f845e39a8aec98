/*
 * Mirrors fs/dcache.c of Linux 6.1, as far as an open file needs it: the dentry naming what was opened
 * (file->f_path.dentry->d_name) and holding its inode. Here every open has its own dentry, made by the path walk
 * and killed by the file's last dput; there is no dentry cache, no hash and no parent tree.
 */

struct external_name {
	unsigned int count;
	unsigned char name[];
};

/* __d_alloc: a dentry for @name (a name longer than DNAME_INLINE_LEN - 1 is kmalloc'ed outside it) */
struct dentry *__d_alloc(struct super_block *sb, const struct qstr *name)
{
	struct dentry *dentry;
	char *dname;

	dentry = kzalloc(sizeof(struct dentry), GFP_KERNEL);
	if (!dentry)
		return NULL;

	dentry->d_iname[DNAME_INLINE_LEN - 1] = 0;
	if (name->len > DNAME_INLINE_LEN - 1) {
		struct external_name *p = kmalloc(sizeof(struct external_name) + name->len + 1, GFP_KERNEL);

		if (!p) {
			kfree(dentry);
			return NULL;
		}
		p->count = 1;
		dname = p->name;
	} else {
		dname = dentry->d_iname;
	}

	dentry->d_name.len = name->len;
	dentry->d_name.hash = name->hash;
	memcpy(dname, name->name, name->len);
	dname[name->len] = 0;

	dentry->d_name.name = dname;
	dentry->d_count = 1;
	dentry->d_parent = dentry;
	dentry->d_sb = sb;
	return dentry;
}

bool dname_external(const struct dentry *dentry)
{
	return dentry->d_name.name != dentry->d_iname;
}

void d_instantiate(struct dentry *entry, struct inode *inode)
{
	entry->d_inode = inode;
}

/* __dentry_kill: the inode goes with its last dentry, then the dentry and its external name */
static void __dentry_kill(struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	dentry->d_inode = NULL;
	if (inode)
		iput(inode);
	if (dname_external(dentry))
		kfree(container_of(dentry->d_name.name, struct external_name, name));
	kfree(dentry);
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

/*
 * Mirrors fs/inode.c of Linux 6.1, as far as an open file needs it: every open has its own inode here (no inode
 * cache), and the last iput evicts it through its file system's super_operations (/proc drops the entry's
 * reference and frees its proc_inode). Inodes of /dev and /sys nodes have no super_block and are kfree'd.
 */

static void evict(struct inode *inode)
{
	const struct super_operations *op = inode->i_sb ? inode->i_sb->s_op : NULL;

	__iput(inode);		/* the inode no longer stands for the node it was looked up from */
	if (op && op->evict_inode)
		op->evict_inode(inode);
	if (op && op->free_inode)
		op->free_inode(inode);
	else
		kfree(inode);
}

void iput(struct inode *inode)
{
	if (!inode)
		return;
	evict(inode);
}

loff_t i_size_read(const struct inode *inode)
{
	return inode->i_size;
}

void i_size_write(struct inode *inode, loff_t i_size)
{
	inode->i_size = i_size;
}

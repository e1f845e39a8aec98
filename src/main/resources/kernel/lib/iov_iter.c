/*
 * Mirrors lib/iov_iter.c and the kiocb helpers of include/linux/fs.h of Linux 6.1, for the one kind of iterator a
 * read(2) builds (ITER_IOVEC, one segment): copy_to_iter copies into the user's buffer and advances.
 */

void init_sync_kiocb(struct kiocb *kiocb, struct file *filp)
{
	kiocb->ki_filp = filp;
	kiocb->ki_pos = 0;
	kiocb->ki_flags = 0;
}

void iov_iter_init(struct iov_iter *i, unsigned int direction, const struct iovec *iov, unsigned long nr_segs,
		   size_t count)
{
	WARN_ON(direction & ~(READ | WRITE));
	i->iter_type = ITER_IOVEC;
	i->data_source = direction;
	i->iov = iov;
	i->nr_segs = nr_segs;
	i->iov_offset = 0;
	i->count = count;
}

size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

/* _copy_to_iter: what fits, to the current segment; a fault leaves the rest (copy_to_user's "left") */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	size_t n, left;

	if (WARN_ON_ONCE(i->data_source))
		return 0;
	n = min(bytes, i->count);
	if (!n)
		return 0;
	left = copy_to_user(i->iov->iov_base + i->iov_offset, addr, n);
	n -= left;
	i->iov_offset += n;
	i->count -= n;
	return n;
}

/* _copy_from_iter: the same the other way */
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	size_t n, left;

	if (WARN_ON_ONCE(!i->data_source))
		return 0;
	n = min(bytes, i->count);
	if (!n)
		return 0;
	left = copy_from_user(addr, i->iov->iov_base + i->iov_offset, n);
	n -= left;
	i->iov_offset += n;
	i->count -= n;
	return n;
}

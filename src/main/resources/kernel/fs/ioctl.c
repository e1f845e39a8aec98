/*
 * Mirrors fs/ioctl.c of Linux 6.x: ioctl(2) first tries the commands every file understands (do_vfs_ioctl), then
 * the driver's ->unlocked_ioctl (vfs_ioctl); a file without one, or a driver answering -ENOIOCTLCMD, gives -ENOTTY.
 * A script's processes are 64-bit, so ->compat_ioctl is never called.
 */

long vfs_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	int error = -ENOTTY;

	if (!filp->f_op->unlocked_ioctl)
		goto out;

	error = filp->f_op->unlocked_ioctl(filp, cmd, arg);
	if (error == -ENOIOCTLCMD)
		error = -ENOTTY;
 out:
	return error;
}

static int ioctl_fionbio(struct file *filp, int *argp)
{
	int on;

	if (copy_from_user(&on, argp, sizeof(on)))
		return -EFAULT;
	if (on)
		filp->f_flags |= O_NONBLOCK;
	else
		filp->f_flags &= ~O_NONBLOCK;
	return 0;
}

/*
 * The commands that do not reach the driver. Linux also answers FIOCLEX/FIONCLEX (close-on-exec), FIOASYNC and
 * FIOQSIZE here; a script's process has no fd flags, fasync or regular files, so those go on to the driver too.
 */
static int do_vfs_ioctl(struct file *filp, unsigned int fd, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case FIONBIO:
		return ioctl_fionbio(filp, (int *)arg);
	default:
		break;
	}
	return -ENOIOCTLCMD;
}

/* SYSCALL_DEFINE3(ioctl, ...) for the process's file (fd 3) */
long ksys_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int error;

	error = do_vfs_ioctl(file, 3, cmd, arg);
	if (error == -ENOIOCTLCMD)
		error = vfs_ioctl(file, cmd, arg);
	return error;
}

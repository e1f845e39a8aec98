/*
 * Mirrors fs/char_dev.c of Linux 6.x. A cdev is a kobject: cdev_add pins its parent, every open file pins the
 * cdev (and its owner module) from chrdev_open until __fput's cdev_put.
 */

unsigned int MAJOR(dev_t dev)
{
	return dev >> MINORBITS;
}

unsigned int MINOR(dev_t dev)
{
	return dev & ((1 << MINORBITS) - 1);
}

dev_t MKDEV(unsigned int ma, unsigned int mi)
{
	return (ma << MINORBITS) | mi;
}

unsigned int iminor(const struct inode *inode)
{
	return MINOR(inode->i_rdev);
}

unsigned int imajor(const struct inode *inode)
{
	return MAJOR(inode->i_rdev);
}

int register_chrdev_region(dev_t from, unsigned int count, const char *name)
{
	int ret = __chrdev_region(MAJOR(from), MINOR(from), count, name);

	return ret < 0 ? ret : 0;
}

int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count, const char *name)
{
	int major = __chrdev_region(0, baseminor, count, name);

	if (major < 0)
		return major;
	*dev = MKDEV(major, baseminor);
	return 0;
}

void unregister_chrdev_region(dev_t from, unsigned int count)
{
	__chrdev_region_free(from, count);
}

static void cdev_purge(struct cdev *cdev)
{
}

static void cdev_default_release(struct kobject *kobj)
{
	struct cdev *p = container_of(kobj, struct cdev, kobj);
	struct kobject *parent = kobj->parent;

	cdev_purge(p);
	kobject_put(parent);
}

static void cdev_dynamic_release(struct kobject *kobj)
{
	struct cdev *p = container_of(kobj, struct cdev, kobj);
	struct kobject *parent = kobj->parent;

	cdev_purge(p);
	kfree(p);
	kobject_put(parent);
}

struct kobj_type ktype_cdev_default = {
	.release = cdev_default_release,
};

struct kobj_type ktype_cdev_dynamic = {
	.release = cdev_dynamic_release,
};

struct cdev *cdev_alloc(void)
{
	struct cdev *p = kzalloc(sizeof(struct cdev), GFP_KERNEL);

	if (p)
		kobject_init(&p->kobj, &ktype_cdev_dynamic);
	return p;
}

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(struct cdev));
	kobject_init(&cdev->kobj, &ktype_cdev_default);
	cdev->ops = fops;
}

int cdev_add(struct cdev *p, dev_t dev, unsigned int count)
{
	int error;

	p->dev = dev;
	p->count = count;
	error = __cdev_map(dev, count, p);
	if (error)
		return error;
	kobject_get(p->kobj.parent);
	return 0;
}

void cdev_set_parent(struct cdev *p, struct kobject *kobj)
{
	p->kobj.parent = kobj;
}

/* Unmaps the region; open files keep their reference to the cdev, which lives on until the last close. */
void cdev_del(struct cdev *p)
{
	__cdev_unmap(p->dev, p->count);
	kobject_put(&p->kobj);
}

int cdev_device_add(struct cdev *cdev, struct device *dev)
{
	int rc = 0;

	if (dev->devt) {
		cdev_set_parent(cdev, &dev->kobj);
		rc = cdev_add(cdev, dev->devt, 1);
		if (rc)
			return rc;
	}
	rc = device_add(dev);
	if (rc && dev->devt)
		cdev_del(cdev);
	return rc;
}

void cdev_device_del(struct cdev *cdev, struct device *dev)
{
	device_del(dev);
	if (dev->devt)
		cdev_del(cdev);
}

static struct kobject *cdev_get(struct cdev *p)
{
	struct module *owner = p->owner;
	struct kobject *kobj;

	if (owner && !try_module_get(owner))
		return NULL;
	kobj = kobject_get_unless_zero(&p->kobj);
	if (!kobj)
		module_put(owner);
	return kobj;
}

/* Reads the owner before dropping the reference: the cdev may be freed by that put. */
void cdev_put(struct cdev *p)
{
	if (p) {
		struct module *owner = p->owner;

		kobject_put(&p->kobj);
		module_put(owner);
	}
}

const struct file_operations *fops_get(const struct file_operations *fops)
{
	if (fops && fops->owner && !try_module_get(fops->owner))
		return NULL;
	return fops;
}

void fops_put(const struct file_operations *fops)
{
	if (fops)
		module_put(fops->owner);
}

static int chrdev_open(struct inode *inode, struct file *filp)
{
	const struct file_operations *fops;
	struct cdev *p;
	int ret = 0;

	p = __cdev_lookup(inode->i_rdev);
	if (!p)
		return -ENXIO;
	if (!cdev_get(p))
		return -ENXIO;
	inode->i_cdev = p;
	ret = -ENXIO;
	fops = fops_get(p->ops);
	if (!fops)
		goto out_cdev_put;
	filp->f_op = fops;
	if (filp->f_op->open) {
		ret = filp->f_op->open(inode, filp);
		if (ret)
			goto out_fops_put;
	}
	return 0;

out_fops_put:
	fops_put(fops);
out_cdev_put:
	inode->i_cdev = NULL;
	cdev_put(p);
	return ret;
}

struct file_operations def_chr_fops = {
	.open = chrdev_open,
};

/* register_chrdev: a whole major with one cdev the kernel allocates, owned by the fops' module. */
int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char *name,
		      const struct file_operations *fops)
{
	struct cdev *cdev;
	int ret;

	ret = __chrdev_region(major, baseminor, count, name);
	if (ret < 0)
		return ret;
	cdev = cdev_alloc();
	if (!cdev)
		goto out;
	cdev->owner = fops->owner;
	cdev->ops = fops;
	cdev->kobj.name = name;
	ret = cdev_add(cdev, MKDEV(ret, baseminor), count);
	if (ret) {
		kobject_put(&cdev->kobj);
		goto out;
	}
	__chrdev_set_cdev(MAJOR(cdev->dev), cdev);
	return major ? 0 : MAJOR(cdev->dev);
out:
	__chrdev_region_free(MKDEV(major, baseminor), count);
	return ret;
}

int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops)
{
	return __register_chrdev(major, 0, 256, name, fops);
}

void unregister_chrdev(unsigned int major, const char *name)
{
	struct cdev *cdev = __chrdev_get_cdev(major);

	if (cdev)
		cdev_del(cdev);
	__chrdev_region_free(MKDEV(major, 0), 256);
}

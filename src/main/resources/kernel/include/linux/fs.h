/*
 * Char devices, files and inodes (include/linux/fs.h, cdev.h, miscdevice.h, proc_fs.h, device/class.h). Paths
 * (/dev/NAME, /proc/NAME) and the dev_t -> cdev map are bookkeeping kept in Java.
 */

enum { ESPIPE = 29 };
enum { O_ACCMODE = 3, FMODE_READ = 0x1, FMODE_WRITE = 0x2 };
enum { O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_NONBLOCK = 0x800, S_IFCHR = 0x2000, S_IFREG = 0x8000,
	MINORBITS = 20, MISC_MAJOR = 10, MISC_DYNAMIC_MINOR = 255, SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2 };

struct file;
struct inode;
struct poll_table_struct;

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char *, size_t, loff_t *);
	__poll_t (*poll)(struct file *, struct poll_table_struct *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	long (*compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *, void *);
	int (*release)(struct inode *, struct file *);
};

struct cdev {
	struct kobject kobj;
	struct module *owner;
	const struct file_operations *ops;
	dev_t dev;
	unsigned int count;
};

struct inode {
	umode_t i_mode;
	dev_t i_rdev;
	struct cdev *i_cdev;
	const struct file_operations *i_fop;
	void *i_private;
};

struct file {
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	void *private_data;
	atomic_long_t f_count;
};

struct subsys_private;
struct lock_class_key;

/* include/linux/device/class.h */
struct class {
	const char *name;
	struct module *owner;
	void (*class_release)(struct class *class);
	struct subsys_private *p;	/* the driver core's private part: allocated by class_register */
};

struct class_dev_iter {
	struct list_head *head;		/* a klist_iter over klist_devices */
	struct list_head *next;
};

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct device *parent;
	struct device *this_device;
	umode_t mode;
};

struct proc_ops {
	unsigned int proc_flags;
	int (*proc_open)(struct inode *, struct file *);
	ssize_t (*proc_read)(struct file *, char *, size_t, loff_t *);
	ssize_t (*proc_write)(struct file *, const char *, size_t, loff_t *);
	loff_t (*proc_lseek)(struct file *, loff_t, int);
	int (*proc_release)(struct inode *, struct file *);
	__poll_t (*proc_poll)(struct file *, struct poll_table_struct *);
	long (*proc_ioctl)(struct file *, unsigned int, unsigned long);
	long (*proc_compat_ioctl)(struct file *, unsigned int, unsigned long);
};

struct proc_dir_entry {
	const char *name;
	const struct proc_ops *proc_ops;
	void *data;
	int in_use;			/* callers inside proc_ops (use_pde), and releases in progress */
	bool removed;			/* proc_entry_rundown has begun: no new callers */
	wait_queue_head_t rundown;	/* the remover waits here for in_use to drop to 0 */
};

/* ---- primitives ---- */
struct inode *__path_lookup(const char *path);
void __fd_install(struct file *file);
void __fd_release(struct file *file);
int __chrdev_region(unsigned int major, unsigned int baseminor, unsigned int count, const char *name);
void __chrdev_region_free(dev_t dev, unsigned int count);
void __chrdev_set_cdev(unsigned int major, struct cdev *cdev);
struct cdev *__chrdev_get_cdev(unsigned int major);
int __cdev_map(dev_t dev, unsigned int count, struct cdev *p);
void __cdev_unmap(dev_t dev, unsigned int count);
struct cdev *__cdev_lookup(dev_t dev);
void __devnode_add(const char *name, dev_t dev, struct device *owner);
void __devnode_remove(dev_t dev);
int __misc_add(struct miscdevice *misc);
void __misc_remove(struct miscdevice *misc);
struct miscdevice *__misc_find(int minor);
int __proc_add(struct proc_dir_entry *pde);
void __proc_remove(struct proc_dir_entry *pde);
struct file *__proc_next_open(struct proc_dir_entry *pde);
void __proc_file_opened(struct proc_dir_entry *pde, struct file *file);
bool __proc_file_closed(struct proc_dir_entry *pde, struct file *file);
struct proc_dir_entry *__proc_find(const char *name);
unsigned long copy_to_user(void *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void *from, unsigned long n);
long strncpy_from_user(char *dst, const char *src, long count);
long __get_user_val(const void *ptr, int size);
int __put_user_val(long x, void *ptr, int size);
int dev_set_name(struct device *dev, const char *fmt, ...);
struct device *__device_find_devt(dev_t devt);
void __bus_add_device(struct device *dev);
void __bus_remove_device(struct device *dev);
char *__kasprintf_va(const char *fmt);
char *kasprintf(gfp_t gfp, const char *fmt, ...);
struct class *__class_create(struct module *owner, const char *name, struct lock_class_key *key);
int __class_register(struct class *cls, struct lock_class_key *key);
void class_unregister(struct class *cls);
void class_destroy(struct class *cls);
void class_dev_iter_init(struct class_dev_iter *iter, struct class *class, struct device *start, const void *type);
struct device *class_dev_iter_next(struct class_dev_iter *iter);
void class_dev_iter_exit(struct class_dev_iter *iter);
struct device *class_find_device(struct class *class, struct device *start, const void *data,
				 int (*match)(struct device *, const void *));
int device_match_devt(struct device *dev, const void *pdevt);
struct device *device_create(struct class *class, struct device *parent, dev_t devt, void *drvdata,
			     const char *fmt, ...);
void device_destroy(struct class *class, dev_t devt);

/*
 * 6.1's class_create(owner, name) and class_register(class) pass a static lock_class_key; class_create(name), the
 * form of 6.4 and later, is accepted too (the owner was never used).
 */
#define __class_create_pick(_1, _2, NAME, ...) NAME
#define __class_create_owner_name(owner, name) __class_create(owner, name, NULL)
#define __class_create_name(name) __class_create(THIS_MODULE, name, NULL)
#define class_create(...) \
	__class_create_pick(__VA_ARGS__, __class_create_owner_name, __class_create_name, 0)(__VA_ARGS__)
#define class_register(class) __class_register(class, NULL)

static inline struct device *class_find_device_by_devt(struct class *class, dev_t devt)
{
	return class_find_device(class, NULL, &devt, device_match_devt);
}

/* sysfs device attributes (include/linux/device.h, sysfs.h) */
struct attribute {
	const char *name;
	umode_t mode;
};

struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr, const char *buf, size_t count);
};

int device_create_file(struct device *dev, const struct device_attribute *attr);
void device_remove_file(struct device *dev, const struct device_attribute *attr);
int sysfs_emit(char *buf, const char *fmt, ...);

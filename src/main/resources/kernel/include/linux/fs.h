/*
 * Char devices, files, dentries and inodes (include/linux/fs.h, dcache.h, path.h, uidgid.h, uio.h, cdev.h,
 * miscdevice.h, device/class.h). Paths (/dev/NAME, /sys/...) and the dev_t -> cdev map are bookkeeping kept in
 * Java; /proc is in proc_fs.h.
 */

/* include/uapi/asm-generic/fcntl.h: the open flags a file's f_flags carries (the script's echo opens O_CREAT|O_TRUNC) */
enum { O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3, O_CREAT = 0x40, O_EXCL = 0x80, O_NOCTTY = 0x100,
	O_TRUNC = 0x200, O_APPEND = 0x400, O_NONBLOCK = 0x800, O_DSYNC = 0x1000, O_DIRECT = 0x4000,
	O_LARGEFILE = 0x8000, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000, MINORBITS = 20,
	MISC_MAJOR = 10, MISC_DYNAMIC_MINOR = 255, SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3,
	SEEK_HOLE = 4, SEEK_MAX = 4 };
/* include/uapi/linux/stat.h, include/linux/stat.h */
enum { S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000, S_IFBLK = 0060000,
	S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000, S_ISUID = 0004000, S_ISGID = 0002000,
	S_ISVTX = 0001000, S_IRWXU = 00700, S_IRUSR = 00400, S_IWUSR = 00200, S_IXUSR = 00100, S_IRWXG = 00070,
	S_IRGRP = 00040, S_IWGRP = 00020, S_IXGRP = 00010, S_IRWXO = 00007, S_IROTH = 00004, S_IWOTH = 00002,
	S_IXOTH = 00001, S_IRWXUGO = 00777, S_IALLUGO = 07777, S_IRUGO = 00444, S_IWUGO = 00222,
	S_IXUGO = 00111 };
/* f_mode bits (include/linux/fs.h) */
enum { FMODE_READ = 0x1, FMODE_WRITE = 0x2, FMODE_LSEEK = 0x4, FMODE_PREAD = 0x8, FMODE_PWRITE = 0x10,
	FMODE_EXEC = 0x20, FMODE_ATOMIC_POS = 0x8000, FMODE_UNSIGNED_OFFSET = 0x2000, FMODE_CAN_READ = 0x20000,
	FMODE_CAN_WRITE = 0x40000, FMODE_OPENED = 0x80000, FMODE_STREAM = 0x200000 };
/* MAX_LFS_FILESIZE on 64-bit; MAX_RW_COUNT = INT_MAX & PAGE_MASK */
enum { DNAME_INLINE_LEN = 32, MAX_RW_COUNT = 0x7ffff000, READ = 0, WRITE = 1, ITER_IOVEC = 0 };
const loff_t MAX_LFS_FILESIZE = 0x7fffffffffffffff;

typedef unsigned int uid_t;
typedef unsigned int gid_t;
/*
 * include/linux/uidgid.h wraps these in one-member structs (typedef struct { uid_t val; } kuid_t) so that the
 * compiler tells kernel and user ids apart; the simulator's C cannot pass a struct by value, so they are the bare
 * ids here (KUIDT_INIT and GLOBAL_ROOT_UID are written as in the kernel and mean the same).
 */
typedef uid_t kuid_t;
typedef gid_t kgid_t;

/* include/linux/uidgid.h */
#define KUIDT_INIT(value) (kuid_t){ value }
#define KGIDT_INIT(value) (kgid_t){ value }
#define GLOBAL_ROOT_UID KUIDT_INIT(0)
#define GLOBAL_ROOT_GID KGIDT_INIT(0)

/* include/uapi/linux/stat.h */
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)

struct file;
struct inode;
struct dentry;
struct super_block;
struct poll_table_struct;
struct vm_area_struct;
struct proc_dir_entry;
struct kiocb;
struct iov_iter;
struct io_comp_batch;
struct dir_context;
struct file_lock;
struct page;
struct pipe_inode_info;
struct seq_file;
struct io_uring_cmd;
typedef void *fl_owner_t;

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char *, size_t, loff_t *);
	ssize_t (*read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*write_iter)(struct kiocb *, struct iov_iter *);
	int (*iopoll)(struct kiocb *kiocb, struct io_comp_batch *, unsigned int flags);
	int (*iterate)(struct file *, struct dir_context *);
	int (*iterate_shared)(struct file *, struct dir_context *);
	__poll_t (*poll)(struct file *, struct poll_table_struct *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	long (*compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	unsigned long mmap_supported_flags;
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *, fl_owner_t id);
	int (*release)(struct inode *, struct file *);
	int (*fsync)(struct file *, loff_t, loff_t, int datasync);
	int (*fasync)(int, struct file *, int);
	int (*lock)(struct file *, int, struct file_lock *);
	ssize_t (*sendpage)(struct file *, struct page *, int, size_t, loff_t *, int);
	unsigned long (*get_unmapped_area)(struct file *, unsigned long, unsigned long, unsigned long, unsigned long);
	int (*check_flags)(int);
	int (*flock)(struct file *, int, struct file_lock *);
	ssize_t (*splice_write)(struct pipe_inode_info *, struct file *, loff_t *, size_t, unsigned int);
	ssize_t (*splice_read)(struct file *, loff_t *, struct pipe_inode_info *, size_t, unsigned int);
	int (*setlease)(struct file *, long, struct file_lock **, void **);
	long (*fallocate)(struct file *file, int mode, loff_t offset, loff_t len);
	void (*show_fdinfo)(struct seq_file *m, struct file *f);
	ssize_t (*copy_file_range)(struct file *, loff_t, struct file *, loff_t, size_t, unsigned int);
	loff_t (*remap_file_range)(struct file *file_in, loff_t pos_in, struct file *file_out, loff_t pos_out,
				   loff_t len, unsigned int remap_flags);
	int (*fadvise)(struct file *, loff_t, loff_t, int);
	int (*uring_cmd)(struct io_uring_cmd *ioucmd, unsigned int issue_flags);
	int (*uring_cmd_iopoll)(struct io_uring_cmd *, struct io_comp_batch *, unsigned int poll_flags);
};

/* include/linux/dcache.h: a name (hash and length, then the characters) and the dentry that holds it */
struct qstr {
	u32 hash;
	u32 len;
	const unsigned char *name;
};

struct dentry {
	unsigned int d_flags;
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
	unsigned char d_iname[DNAME_INLINE_LEN];
	unsigned int d_count;
	struct super_block *d_sb;
	void *d_fsdata;
};

struct vfsmount;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* include/linux/fs.h: what a file system does with its inodes */
struct super_operations {
	void (*evict_inode)(struct inode *);
	void (*free_inode)(struct inode *);
};

struct super_block {
	unsigned long s_magic;
	loff_t s_maxbytes;
	const struct super_operations *s_op;
};

/* include/linux/fs.h, uio.h: a read or write as the ->read_iter/->write_iter methods see it */
struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
	int ki_flags;
};

struct iovec {
	void *iov_base;
	size_t iov_len;
};

struct iov_iter {
	u8 iter_type;
	bool data_source;		/* READ (false): the kernel fills the buffers; WRITE (true): they are the source */
	size_t iov_offset;
	size_t count;			/* what is left */
	const struct iovec *iov;
	unsigned long nr_segs;
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
	kuid_t i_uid;
	kgid_t i_gid;
	unsigned int i_flags;
	struct super_block *i_sb;
	unsigned long i_ino;
	unsigned int i_nlink;
	dev_t i_rdev;
	loff_t i_size;
	const struct file_operations *i_fop;
	struct cdev *i_cdev;
	void *i_private;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	const struct file_operations *f_op;
	spinlock_t f_lock;
	atomic_long_t f_count;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	u64 f_version;
	void *private_data;
};

struct subsys_private;
struct lock_class_key;

/* include/linux/device/class.h */
struct class {
	const char *name;
	struct module *owner;
	const struct attribute_group **class_groups;
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

/* ---- primitives ---- */
struct inode *__path_lookup(const char *path);
int rw_verify_area(int read_write, struct file *file, const loff_t *ppos, size_t count);
struct dentry *__d_alloc(struct super_block *sb, const char *path);
void __d_free(struct dentry *dentry);
void __fd_install(struct file *file);
void __fd_release(struct file *file);
void __iput(struct inode *inode);
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
unsigned long copy_to_user(void *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void *from, unsigned long n);
/* arch/x86/include/asm/uaccess_64.h: the copies without access_ok()/might_fault() around them */
unsigned long raw_copy_to_user(void *to, const void *from, unsigned long n);
unsigned long raw_copy_from_user(void *to, const void *from, unsigned long n);
long strncpy_from_user(char *dst, const char *src, long count);
long strnlen_user(const char __user *str, long n);
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

/* include/linux/device/class.h: a file in the class's directory (/sys/class/NAME/...) */
struct class_attribute {
	struct attribute attr;
	ssize_t (*show)(struct class *class, struct class_attribute *attr, char *buf);
	ssize_t (*store)(struct class *class, struct class_attribute *attr, const char *buf, size_t count);
};

#define CLASS_ATTR_RW(_name) \
	struct class_attribute class_attr_##_name = __ATTR_RW(_name)
#define CLASS_ATTR_RO(_name) \
	struct class_attribute class_attr_##_name = __ATTR_RO(_name)
#define CLASS_ATTR_WO(_name) \
	struct class_attribute class_attr_##_name = __ATTR_WO(_name)

int class_create_file_ns(struct class *cls, const struct class_attribute *attr, const void *ns);
void class_remove_file_ns(struct class *cls, const struct class_attribute *attr, const void *ns);

static inline int class_create_file(struct class *class, const struct class_attribute *attr)
{
	return class_create_file_ns(class, attr, NULL);
}

static inline void class_remove_file(struct class *class, const struct class_attribute *attr)
{
	return class_remove_file_ns(class, attr, NULL);
}

int device_create_file(struct device *dev, const struct device_attribute *attr);
void device_remove_file(struct device *dev, const struct device_attribute *attr);
int sysfs_emit(char *buf, const char *fmt, ...);

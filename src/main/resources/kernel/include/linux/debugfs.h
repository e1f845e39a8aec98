/*
 * include/linux/debugfs.h of Linux 6.1, with the simple attribute files of include/linux/fs.h (DEFINE_SIMPLE_ATTRIBUTE,
 * struct simple_attr of fs/libfs.c). debugfs is mounted at /sys/kernel/debug; a driver's dentries are opaque to it.
 * Which dentry is which directory or file, its real file_operations and the callers inside them (debugfs_file_get)
 * are bookkeeping in Java (DebugfsPrimitives).
 */

struct dentry;

struct debugfs_blob_wrapper {
	void *data;
	unsigned long size;
};

struct debugfs_reg32 {
	char *name;
	unsigned long offset;
};

/* fs/libfs.c */
struct simple_attr {
	int (*get)(void *, u64 *);
	int (*set)(void *, u64);
	char get_buf[24];	/* enough to store a u64 and "\n\0" */
	char set_buf[24];
	void *data;
	const char *fmt;	/* format for read operation */
	struct mutex mutex;	/* protects access to these buffers */
};

/* gcc checks the format against an unsigned long long at build time; here it only has to be a string. */
#define __simple_attr_check_format(fmt, ...) do { } while (0)

#define DEFINE_SIMPLE_ATTRIBUTE(__fops, __get, __set, __fmt)		\
static int __fops ## _open(struct inode *inode, struct file *file)	\
{									\
	__simple_attr_check_format(__fmt, 0ull);			\
	return simple_attr_open(inode, file, __get, __set, __fmt);	\
}									\
static const struct file_operations __fops = {				\
	.owner	 = THIS_MODULE,						\
	.open	 = __fops ## _open,					\
	.release = simple_attr_release,					\
	.read	 = simple_attr_read,					\
	.write	 = simple_attr_write,					\
	.llseek	 = generic_file_llseek,					\
}

#define DEFINE_DEBUGFS_ATTRIBUTE(__fops, __get, __set, __fmt)		\
static int __fops ## _open(struct inode *inode, struct file *file)	\
{									\
	__simple_attr_check_format(__fmt, 0ull);			\
	return simple_attr_open(inode, file, __get, __set, __fmt);	\
}									\
static const struct file_operations __fops = {				\
	.owner	 = THIS_MODULE,						\
	.open	 = __fops ## _open,					\
	.release = simple_attr_release,					\
	.read	 = debugfs_attr_read,					\
	.write	 = debugfs_attr_write,					\
	.llseek  = no_llseek,						\
}

int simple_attr_open(struct inode *inode, struct file *file, int (*get)(void *, u64 *), int (*set)(void *, u64),
		     const char *fmt);
int simple_attr_release(struct inode *inode, struct file *file);
ssize_t simple_attr_read(struct file *file, char *buf, size_t len, loff_t *ppos);
ssize_t simple_attr_write(struct file *file, const char *buf, size_t len, loff_t *ppos);
ssize_t simple_read_from_buffer(void *to, size_t count, loff_t *ppos, const void *from, size_t available);
ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos, const void *from, size_t count);
int simple_open(struct inode *inode, struct file *file);
long long simple_strtoll(const char *cp, char **endp, unsigned int base);

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent, void *data,
				   const struct file_operations *fops);
struct dentry *debugfs_create_file_unsafe(const char *name, umode_t mode, struct dentry *parent, void *data,
					  const struct file_operations *fops);
struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
void debugfs_remove(struct dentry *dentry);
#define debugfs_remove_recursive debugfs_remove
void debugfs_lookup_and_remove(const char *name, struct dentry *parent);
struct dentry *debugfs_lookup(const char *name, struct dentry *parent);

int debugfs_file_get(struct dentry *dentry);
void debugfs_file_put(struct dentry *dentry);
const struct file_operations *debugfs_real_fops(const struct file *filp);

ssize_t debugfs_attr_read(struct file *file, char *buf, size_t len, loff_t *ppos);
ssize_t debugfs_attr_write(struct file *file, const char *buf, size_t len, loff_t *ppos);

void debugfs_create_u8(const char *name, umode_t mode, struct dentry *parent, u8 *value);
void debugfs_create_u16(const char *name, umode_t mode, struct dentry *parent, u16 *value);
void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
void debugfs_create_u64(const char *name, umode_t mode, struct dentry *parent, u64 *value);
void debugfs_create_x8(const char *name, umode_t mode, struct dentry *parent, u8 *value);
void debugfs_create_x16(const char *name, umode_t mode, struct dentry *parent, u16 *value);
void debugfs_create_x32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
void debugfs_create_x64(const char *name, umode_t mode, struct dentry *parent, u64 *value);
void debugfs_create_size_t(const char *name, umode_t mode, struct dentry *parent, size_t *value);
void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value);
struct dentry *debugfs_create_blob(const char *name, umode_t mode, struct dentry *parent,
				   struct debugfs_blob_wrapper *blob);

ssize_t debugfs_read_file_bool(struct file *file, char *user_buf, size_t count, loff_t *ppos);
ssize_t debugfs_write_file_bool(struct file *file, const char *user_buf, size_t count, loff_t *ppos);

/* ---- primitives ---- */
struct dentry *__debugfs_create(const char *name, umode_t mode, struct dentry *parent, void *data,
				const struct file_operations *real_fops, const struct file_operations *proxy_fops);
void __debugfs_remove(struct dentry *dentry);
struct dentry *__debugfs_file_dentry(const struct file *filp);

/*
 * Mirrors include/linux/proc_fs.h and fs/proc/internal.h of Linux 6.1: a /proc entry (struct proc_dir_entry) with
 * the proc_ops a module gives it, and the proc inode that carries it. Which names a directory holds is bookkeeping
 * kept in Java (the kernel keeps an rbtree per directory); the entries are simulated memory.
 */

enum { PROC_ENTRY_PERMANENT = 1, PROC_SUPER_MAGIC = 0x9fa0 };
/* fs/proc/internal.h: what the entry's proc_ops have, copied at registration (the module's proc_ops may be gone) */
enum { PROC_ENTRY_proc_read_iter = 1 << 1, PROC_ENTRY_proc_compat_ioctl = 1 << 2, PROC_ENTRY_proc_lseek = 1 << 3 };

struct seq_file;
struct seq_operations;

struct proc_ops {
	unsigned int proc_flags;
	int (*proc_open)(struct inode *, struct file *);
	ssize_t (*proc_read)(struct file *, char *, size_t, loff_t *);
	ssize_t (*proc_read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*proc_write)(struct file *, const char *, size_t, loff_t *);
	/* mandatory unless nonseekable_open() or equivalent is used */
	loff_t (*proc_lseek)(struct file *, loff_t, int);
	int (*proc_release)(struct inode *, struct file *);
	__poll_t (*proc_poll)(struct file *, struct poll_table_struct *);
	long (*proc_ioctl)(struct file *, unsigned int, unsigned long);
	long (*proc_compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*proc_mmap)(struct file *, struct vm_area_struct *);
	unsigned long (*proc_get_unmapped_area)(struct file *, unsigned long, unsigned long, unsigned long,
						unsigned long);
};

typedef int (*proc_write_t)(struct file *, char *, size_t);

/* fs/proc/internal.h */
struct proc_dir_entry {
	atomic_t in_use;		/* callers inside proc_ops (use_pde); BIAS added once it is being removed */
	refcount_t refcnt;		/* the directory's reference, and one per inode (open file) */
	struct list_head pde_openers;	/* the files to ->proc_release at removal (struct pde_opener) */
	spinlock_t pde_unload_lock;
	struct completion *pde_unload_completion;	/* the remover's, completed by the last caller out */
	union {
		const struct proc_ops *proc_ops;
		const struct file_operations *proc_dir_ops;
	};
	union {
		const struct seq_operations *seq_ops;
		int (*single_show)(struct seq_file *, void *);
	};
	proc_write_t write;
	void *data;
	unsigned int state_size;
	unsigned int low_ino;
	unsigned int nlink;
	kuid_t uid;
	kgid_t gid;
	loff_t size;
	struct proc_dir_entry *parent;
	char *name;
	umode_t mode;
	u8 flags;
	u8 namelen;
	char inline_name[32];		/* SIZEOF_PDE_INLINE_NAME on x86-64 */
};

struct pde_opener {
	struct list_head lh;
	struct file *file;
	bool closing;
	struct completion *c;
};

struct proc_inode {
	struct proc_dir_entry *pde;
	struct inode vfs_inode;
};

#define proc_create_single(name, mode, parent, show) proc_create_single_data(name, mode, parent, show, NULL)
#define proc_create_seq(name, mode, parent, ops) proc_create_seq_private(name, mode, parent, ops, 0, NULL)
#define proc_create_seq_data(name, mode, parent, ops, data) \
	proc_create_seq_private(name, mode, parent, ops, 0, data)

/* ---- primitives ---- */
bool __pde_subdir_insert(struct proc_dir_entry *dir, struct proc_dir_entry *de);
struct proc_dir_entry *__pde_subdir_find(struct proc_dir_entry *dir, const char *name, unsigned int len);
struct proc_dir_entry *__pde_subdir_first(struct proc_dir_entry *dir);
void __pde_subdir_erase(struct proc_dir_entry *dir, struct proc_dir_entry *de);
struct proc_dir_entry *__pde_walk(const char *path);

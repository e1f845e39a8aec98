/*
 * Mirrors include/linux/seq_file.h of Linux 6.1: a file made of records. ->start/->next walk an iterator by
 * position, ->show prints one record into the seq_file's buffer, ->stop ends a walk. fs/seq_file.c drives them.
 */

enum { SEQ_SKIP = 1 };
#define SEQ_START_TOKEN ((void *)1)

struct seq_operations;

struct seq_file {
	char *buf;
	size_t size;
	size_t from;
	size_t count;
	size_t pad_until;
	loff_t index;
	loff_t read_pos;
	struct mutex lock;
	const struct seq_operations *op;
	int poll_event;
	const struct file *file;
	void *private;
};

struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

/* ---- primitives ---- */
int __vsnprintf_va(char *buf, size_t size, const char *fmt);

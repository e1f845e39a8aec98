/*
 * Mirrors include/linux/kobject.h of Linux 6.1 (struct kobject and kobj_type are in kernel.h, which everything
 * includes): attributes of a plain kobject, and the kobjects sysfs' top directories are (kernel/ksysfs.c).
 */

struct kobj_attribute {
	struct attribute attr;
	ssize_t (*show)(struct kobject *kobj, struct kobj_attribute *attr, char *buf);
	ssize_t (*store)(struct kobject *kobj, struct kobj_attribute *attr, const char *buf, size_t count);
};

/* A set of kobjects; its own kobject is its directory (the driver core's buses and classes are ksets). */
struct kset {
	struct list_head list;
	struct kobject kobj;
};

void kset_init(struct kset *k);
int kset_register(struct kset *k);
void kset_unregister(struct kset *k);

int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...);
int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype, struct kobject *parent,
			 const char *fmt, ...);
int kobject_set_name(struct kobject *kobj, const char *name, ...);
char *kobject_get_path(const struct kobject *kobj, gfp_t flag);
const char *kstrdup_const(const char *s, gfp_t gfp);
void kfree_const(const void *x);
void dump_stack(void);

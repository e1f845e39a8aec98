/*
 * Mirrors include/linux/sysfs.h of Linux 6.1: attributes (files), attribute groups (sets of files, in a
 * subdirectory when the group has a name) and the sysfs_ops a kobject type reads and writes them with. Which
 * directories and files exist is kernfs bookkeeping kept in Java (the paths); attributes and kobjects are memory.
 */

enum { SYSFS_PREALLOC = 010000, S_IRUGO = 0444, S_IWUGO = 0222, S_IRWXU = 0700, S_IXUGO = 0111 };

struct bin_attribute;

struct attribute_group {
	const char *name;
	umode_t (*is_visible)(struct kobject *, struct attribute *, int);
	umode_t (*is_bin_visible)(struct kobject *, struct bin_attribute *, int);
	struct attribute **attrs;
	struct bin_attribute **bin_attrs;
};

struct sysfs_ops {
	ssize_t (*show)(struct kobject *, struct attribute *, char *);
	ssize_t (*store)(struct kobject *, struct attribute *, const char *, size_t);
};

/* VERIFY_OCTAL_PERMISSIONS's build-time checks (no world-writable file...) are gcc's business: the mode is kept. */
#define VERIFY_OCTAL_PERMISSIONS(perms) (perms)

#define __ATTR(_name, _mode, _show, _store) {				\
	.attr = {.name = __stringify(_name),				\
		 .mode = VERIFY_OCTAL_PERMISSIONS(_mode) },		\
	.show	= _show,						\
	.store	= _store,						\
}

#define __ATTR_PREALLOC(_name, _mode, _show, _store) {			\
	.attr = {.name = __stringify(_name),				\
		 .mode = SYSFS_PREALLOC | VERIFY_OCTAL_PERMISSIONS(_mode) },\
	.show	= _show,						\
	.store	= _store,						\
}

#define __ATTR_RO(_name) {						\
	.attr	= { .name = __stringify(_name), .mode = 0444 },		\
	.show	= _name##_show,						\
}

#define __ATTR_RO_MODE(_name, _mode) {					\
	.attr	= { .name = __stringify(_name),				\
		    .mode = VERIFY_OCTAL_PERMISSIONS(_mode) },		\
	.show	= _name##_show,						\
}

#define __ATTR_RW_MODE(_name, _mode) {					\
	.attr	= { .name = __stringify(_name),				\
		    .mode = VERIFY_OCTAL_PERMISSIONS(_mode) },		\
	.show	= _name##_show,						\
	.store	= _name##_store,					\
}

#define __ATTR_WO(_name) {						\
	.attr	= { .name = __stringify(_name), .mode = 0200 },		\
	.store	= _name##_store,					\
}

#define __ATTR_RW(_name) __ATTR(_name, 0644, _name##_show, _name##_store)

#define __ATTR_NULL { .attr = { .name = NULL } }

#define __ATTRIBUTE_GROUPS(_name)				\
static const struct attribute_group *_name##_groups[] = {	\
	&_name##_group,						\
	NULL,							\
}

#define ATTRIBUTE_GROUPS(_name)					\
static const struct attribute_group _name##_group = {		\
	.attrs = _name##_attrs,					\
};								\
__ATTRIBUTE_GROUPS(_name)

int sysfs_create_file(struct kobject *kobj, const struct attribute *attr);
void sysfs_remove_file(struct kobject *kobj, const struct attribute *attr);
int sysfs_create_files(struct kobject *kobj, const struct attribute * const *attr);
void sysfs_remove_files(struct kobject *kobj, const struct attribute * const *attr);
int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp);
void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp);
int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups);
void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups);

/* ---- kernfs bookkeeping (Java) ---- */
int __sysfs_create_dir(struct kobject *kobj);
int __sysfs_create_group_dir(struct kobject *kobj, const char *name);
void __sysfs_remove_dir(struct kobject *kobj, const char *group);
int __sysfs_add_file(struct kobject *kobj, const char *group, const struct attribute *attr, umode_t mode);
void __sysfs_remove_file(struct kobject *kobj, const char *group, const struct attribute *attr);
struct kobject *__kernfs_get_active(struct file *file);
void __kernfs_put_active(struct file *file);

/*
 * include/linux/module.h's struct module_attribute: a file of /sys/module/M/ (initstate, refcnt, taint). The real
 * show takes the module's struct module_kobject; here it takes the module.
 */
struct module_attribute {
	struct attribute attr;
	ssize_t (*show)(struct module_attribute *, struct module *, char *);
	int (*test)(struct module *);	/* added to /sys/module/M only if NULL or true */
};

size_t module_flags_taint(unsigned long taints, char *buf);
/* kernfs bookkeeping (Java): /sys/module/M/NAME, a file of module_attr_ops; the removal of every file of M. */
int __module_attr_sysfs_add(struct module *mod, const struct module_attribute *mattr);
long __module_sysfs_remove(struct module *mod);

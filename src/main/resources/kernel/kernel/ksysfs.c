/*
 * Mirrors kernel/ksysfs.c (kernel_kobj: /sys/kernel) and drivers/base/firmware.c (firmware_kobj: /sys/firmware) of
 * Linux 6.1. The kernel made them at boot with kobject_create_and_add(NAME, NULL); here they are static kobjects
 * that are in sysfs from the start and are never released. Modules put their own kobjects under them.
 */

static const struct kobj_type ksysfs_ktype = {
	.sysfs_ops = &kobj_sysfs_ops,
};

static struct kobject kernel_kobject = {
	.name = "kernel",
	.ktype = &ksysfs_ktype,
	.kref = { .refcount = { .refs = { .counter = 1 } } },
	.state_initialized = true,
	.state_in_sysfs = true,
};

static struct kobject firmware_kobject = {
	.name = "firmware",
	.ktype = &ksysfs_ktype,
	.kref = { .refcount = { .refs = { .counter = 1 } } },
	.state_initialized = true,
	.state_in_sysfs = true,
};

struct kobject *kernel_kobj = &kernel_kobject;
struct kobject *firmware_kobj = &firmware_kobject;

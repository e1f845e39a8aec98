/*
 * Mirrors drivers/base/base.h of Linux 6.1: the driver core's private part of a class (struct subsys_private),
 * which class_register allocates and the class kset's release frees.
 */

struct subsys_private {
	struct kset subsys;		/* its kobject: /sys/class/NAME */
	struct list_head klist_devices;	/* the class's devices (a klist in Linux) */
	struct class *class;
	struct kobject glue_dir;	/* /sys/devices/virtual/NAME: where its devices without a parent go */
};

/* container_of(obj, struct subsys_private, subsys.kobj) in Linux: the same offset, in two steps */
#define to_subsys_private(obj) container_of(container_of(obj, struct kset, kobj), struct subsys_private, subsys)

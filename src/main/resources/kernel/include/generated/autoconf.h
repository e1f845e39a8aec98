/*
 * The configuration of the simulated kernel, as Kbuild writes it for a real one: each option the model has is
 * defined to 1, so a driver's #ifdef CONFIG_... takes the branch it would take on the kernel DriverLab follows
 * (x86_64 SMP with KASAN, lockdep and the atomic-sleep checks). Options not listed are off.
 */
#define CONFIG_64BIT 1
#define CONFIG_X86_64 1
#define CONFIG_SMP 1
#define CONFIG_NR_CPUS 64
#define CONFIG_HZ 250
#define CONFIG_PREEMPT 1
#define CONFIG_MODULES 1
#define CONFIG_MODULE_UNLOAD 1
#define CONFIG_SYSFS 1
#define CONFIG_PROC_FS 1
#define CONFIG_DEBUG_FS 1
#define CONFIG_PRINTK 1
#define CONFIG_KASAN 1
#define CONFIG_KASAN_GENERIC 1
#define CONFIG_KASAN_OUTLINE 1
#define CONFIG_LOCKDEP 1
#define CONFIG_PROVE_LOCKING 1
#define CONFIG_DEBUG_ATOMIC_SLEEP 1
#define CONFIG_DEBUG_KOBJECT_RELEASE 0
#define CONFIG_TREE_RCU 1
#define CONFIG_USB 1
#define CONFIG_I2C 1
#define CONFIG_HIGH_RES_TIMERS 1

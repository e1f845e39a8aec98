/*
 * The simulated kernel's declarations: constants, types, structs and the prototypes of the primitives implemented
 * in Java (list surgery, refcount arithmetic, memory bookkeeping). The kernel's code paths live in the files named
 * after their real counterparts (kernel/files.txt lists them in compile order), in the same kernel C as drivers,
 * so a user can step into them and a race can land anywhere inside them.
 */

/* ---- constants (include/uapi/asm-generic/errno*.h, gfp.h, interrupt.h, module.h) ---- */

enum { EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
	ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19,
	EISDIR = 21, EINVAL = 22, ENOSPC = 28, ESPIPE = 29, EPIPE = 32, ERANGE = 34, EDEADLK = 35,
	ENAMETOOLONG = 36, ENOSYS = 38, EWOULDBLOCK = 11,
	ENOTTY = 25, ETIMEDOUT = 110, ESHUTDOWN = 108, ECONNRESET = 104, ENOTSUPP = 524, EPROBE_DEFER = 517,
	EADDRINUSE = 98, EXFULL = 54, EPROTO = 71, EINPROGRESS = 115, EIDRM = 43, EREMOTEIO = 121,
	EHOSTUNREACH = 113, EOVERFLOW = 75, ENOBUFS = 105, EILSEQ = 84, ENODATA = 61, ENOTCONN = 107, EMSGSIZE = 90,
	ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514, ENOIOCTLCMD = 515, ERESTART_RESTARTBLOCK = 516 };
enum { GFP_KERNEL = 0xcc0, GFP_ATOMIC = 0xa20, GFP_NOWAIT = 0x800, GFP_NOIO = 0xc00, __GFP_ZERO = 0x100,
	__GFP_NOWARN = 0x2000, __GFP_ACCOUNT = 0x400000, GFP_KERNEL_ACCOUNT = 0x400cc0, __GFP_HARDWALL = 0x100000,
	GFP_USER = 0x100cc0 };
enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1, IRQ_WAKE_THREAD = 2 };
enum { IRQF_SHARED = 0x80, IRQF_TRIGGER_RISING = 1, IRQF_TRIGGER_FALLING = 2, IRQF_TRIGGER_HIGH = 4,
	IRQF_TRIGGER_LOW = 8, IRQF_ONESHOT = 0x2000, IRQF_NO_SUSPEND = 0x4000 };
enum { TASKLET_STATE_SCHED = 0, TASKLET_STATE_RUN = 1 };
enum { HI_SOFTIRQ = 0, TIMER_SOFTIRQ = 1, TASKLET_SOFTIRQ = 6, RCU_SOFTIRQ = 9 };
enum module_state { MODULE_STATE_LIVE = 0, MODULE_STATE_COMING = 1, MODULE_STATE_GOING = 2,
	MODULE_STATE_UNFORMED = 3 };
enum { MAX_SOFTIRQ_RESTART = 10, NR_CPUS = 64, MODULE_NAME_LEN = 56, true = 1, false = 0 };
enum { PAGE_SHIFT = 12, PAGE_SIZE = 4096 };	/* arch/x86/include/asm/page_types.h */

typedef int irqreturn_t;
typedef unsigned __bitwise __poll_t;	/* include/uapi/linux/types.h */
typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);
typedef int (*initcall_t)(void);

/* include/linux/types.h */
struct list_head {
	struct list_head *next;
	struct list_head *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

/* include/linux/export.h (without CONFIG_HAVE_ARCH_PREL32_RELOCATIONS): one entry of a __ksymtab section */
struct kernel_symbol {
	unsigned long value;
	const char *name;
	const char *namespace;
};

/*
 * The model's load_info: the symbols a module uses but does not define (its ELF symtab's SHN_UNDEF entries, whose
 * value simplify_symbols fills in) and the places that hold their addresses (the relocations apply_relocations
 * writes: each call site's slot, each static initializer naming one).
 */
struct module_undef {
	const char *name;
	unsigned long value;
};

struct module_reloc {
	unsigned long *loc;
	unsigned int sym;
};

/* include/linux/module.h: "modules using other modules" */
struct module_use {
	struct list_head source_list;
	struct list_head target_list;
	struct module *source, *target;
};

struct module {
	enum module_state state;
	struct list_head list;		/* member of the modules list */
	char name[MODULE_NAME_LEN];
	atomic_t refcnt;
	int (*init)(void);
	void (*exit)(void);
	int slot;
	struct kernel_param **kp;	/* the module's parameters (the model's __param section) */
	unsigned int num_kp;
	char *args;			/* what insmod passed after the module's name, or NULL */
	/* Exported symbols (__ksymtab, __ksymtab_gpl). */
	const struct kernel_symbol *syms;
	unsigned int num_syms;
	const struct kernel_symbol *gpl_syms;
	unsigned int num_gpl_syms;
	bool using_gplonly_symbols;
	unsigned long taints;		/* same bits as kernel:taint_flags */
	const char *license;		/* modinfo's license=, or NULL */
	const char *version;		/* MODULE_VERSION, kstrdup'ed by setup_modinfo_version, or NULL */
	/* The model's load_info: .modinfo's version=, vermagic= and intree= entries (get_modinfo), or NULL */
	const char *modinfo_version;
	const char *modinfo_vermagic;
	const char *modinfo_intree;
	const char **import_ns;		/* modinfo's import_ns= entries */
	unsigned int num_import_ns;
	struct module_undef *undefs;	/* the model's load_info: see above */
	unsigned int num_undefs;
	struct module_reloc *relocs;
	unsigned int num_relocs;
	/* What modules depend on me? */
	struct list_head source_list;
	/* What modules do I depend on? */
	struct list_head target_list;
};

struct device;
struct device_driver;
struct class;

/* include/linux/refcount.h, kref.h, kobject.h: the counts live in memory, the checks in Java. */
typedef struct refcount_struct { atomic_t refs; } refcount_t;

struct kref {
	refcount_t refcount;
};

struct kobject;
struct sysfs_ops;
struct attribute_group;

struct kobj_type {
	void (*release)(struct kobject *kobj);
	const struct sysfs_ops *sysfs_ops;
	const struct attribute_group **default_groups;
};

struct kobject {
	const char *name;
	struct kobject *parent;
	const struct kobj_type *ktype;
	struct kref kref;
	bool state_initialized;
	bool state_in_sysfs;		/* its directory exists (kobject_add) */
};

struct bus_type {
	const char *name;
	int (*match)(struct device *dev, struct device_driver *drv);
	int (*probe)(struct device *dev);
	void (*remove)(struct device *dev);
};

struct of_device_id;
struct device_node;

struct device_driver {
	const char *name;
	struct bus_type *bus;
	struct module *owner;
	const char *mod_name;
	bool suppress_bind_attrs;
	int probe_type;
	const struct of_device_id	*of_match_table;
	const void *acpi_match_table;
	const struct dev_pm_ops *pm;
	const void *groups;
	const void *dev_groups;
	int (*probe)(struct device *dev);
	int (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);
};

struct task_struct;

struct mutex {
	struct task_struct *owner;
};

struct device_type {
	const char *name;
	void (*release)(struct device *dev);
};

struct device {
	struct kobject kobj;
	struct mutex mutex;
	struct device *parent;
	const char *init_name;
	const struct device_type *type;
	struct bus_type *bus;
	struct device_driver *driver;
	void *driver_data;
	void (*release)(struct device *dev);
	dev_t devt;
	struct class *class;
	int id;
	bool registered;
	void *platform_data;	/* what platform_device_add_data() copied in: board-specific setup */
	struct device_node *of_node;	/* associated device tree node */
	struct list_head knode_class;	/* dev->p->knode_class: on its class's klist_devices while added */
};

struct resource;

struct platform_device {
	const char *name;
	int id;
	struct device dev;
	int irq;
	u32 num_resources;
	struct resource *resource;
	const struct platform_device_id *id_entry;
};

struct platform_device_id {
	char name[20];
	unsigned long driver_data;
};

struct platform_driver {
	int (*probe)(struct platform_device *);
	int (*remove)(struct platform_device *);
	void (*remove_new)(struct platform_device *);
	void (*shutdown)(struct platform_device *);
	struct device_driver driver;
	const struct platform_device_id *id_table;
};

#define platform_get_device_id(pdev)	((pdev)->id_entry)

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	unsigned int irq;
	unsigned long flags;
	irq_handler_t thread_fn;
	struct task_struct *thread;
	unsigned long thread_flags;
};

struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;
	atomic_t count;
	bool use_callback;
	void (*func)(unsigned long data);
	void (*callback)(struct tasklet_struct *t);
	unsigned long data;
};

struct tasklet_head {
	struct tasklet_struct *head;
	struct tasklet_struct **tail;
};

typedef void (*dr_release_t)(struct device *dev, void *res);

struct irq_devres {
	unsigned int irq;
	void *dev_id;
};

struct action_devres {
	void *data;
	void (*action)(void *);
};

/* ---- primitives (Java) ---- */
void *kmalloc(size_t size, gfp_t flags);
/* the real one records its caller's caller as the allocation site; here the call trace shows both */
#define kmalloc_track_caller(size, flags) kmalloc(size, flags)
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
void kfree(const void *p);
void *kvmalloc(size_t size, gfp_t flags);
void *kvzalloc(size_t size, gfp_t flags);
void kvfree(const void *p);
void *kvrealloc(const void *p, size_t oldsize, size_t newsize, gfp_t flags);	/* mm/util.c */
char *kstrdup(const char *s, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
/* mm/util.c */
char *kstrndup(const char *s, size_t max, gfp_t gfp);
void *kmemdup_nul(const char *s, size_t len, gfp_t gfp);
void *memdup_user(const void __user *src, size_t len);
void *memdup_user_nul(const void __user *src, size_t len);
char *strndup_user(const char __user *s, long n);
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);
char *strcat(char *dst, const char *src);
size_t strscpy(char *dst, const char *src, size_t size);
int snprintf(char *buf, size_t size, const char *fmt, ...);
int scnprintf(char *buf, size_t size, const char *fmt, ...);
int sprintf(char *buf, const char *fmt, ...);
int sscanf(const char *buf, const char *fmt, ...);
void dev_emerg(const struct device *dev, const char *fmt, ...);
void dev_crit(const struct device *dev, const char *fmt, ...);
void dev_err(const struct device *dev, const char *fmt, ...);
void dev_warn(const struct device *dev, const char *fmt, ...);
void dev_notice(const struct device *dev, const char *fmt, ...);
void dev_info(const struct device *dev, const char *fmt, ...);
void dev_dbg(const struct device *dev, const char *fmt, ...);
int dev_err_probe(const struct device *dev, int err, const char *fmt, ...);
int WARN_ON(long condition);
int WARN_ON_ONCE(long condition);
int WARN(long condition, const char *fmt, ...);
int WARN_ONCE(long condition, const char *fmt, ...);
void BUG(void);
void panic(const char *fmt, ...);
/* gcc's builtin: where the calling function returns to (a text address, as %pS prints it) */
void *__builtin_return_address(unsigned int level);
#define _RET_IP_ (unsigned long)__builtin_return_address(0)
void BUG_ON(long condition);
void *ERR_PTR(long error);
long PTR_ERR(const void *ptr);
bool IS_ERR(const void *ptr);
bool IS_ERR_OR_NULL(const void *ptr);
int smp_processor_id(void);
#define raw_smp_processor_id() smp_processor_id()
bool in_interrupt(void);
bool in_irq(void);
bool in_softirq(void);
bool in_task(void);
void local_irq_disable(void);
void local_irq_enable(void);
void barrier(void);
void smp_mb(void);
void cpu_relax(void);

int atomic_read(const atomic_t *v);
void atomic_set(atomic_t *v, int i);
void atomic_inc(atomic_t *v);
void atomic_dec(atomic_t *v);
bool atomic_dec_and_test(atomic_t *v);
bool atomic_inc_and_test(atomic_t *v);
void atomic_add(int i, atomic_t *v);
void atomic_sub(int i, atomic_t *v);
int atomic_add_return(int i, atomic_t *v);
int atomic_sub_return(int i, atomic_t *v);
int atomic_inc_return(atomic_t *v);
int atomic_dec_return(atomic_t *v);
bool atomic_inc_unless_negative(atomic_t *v);
bool atomic_sub_and_test(int i, atomic_t *v);
int atomic_cmpxchg(atomic_t *v, int old, int new);
int atomic_xchg(atomic_t *v, int new);
long atomic_long_read(const atomic_long_t *v);
void atomic_long_set(atomic_long_t *v, long i);
void atomic_long_inc(atomic_long_t *v);
void atomic_long_dec(atomic_long_t *v);
void change_bit(long nr, volatile unsigned long *addr);
bool test_and_change_bit(long nr, volatile unsigned long *addr);
void set_bit(long nr, volatile unsigned long *addr);
void clear_bit(long nr, volatile unsigned long *addr);
bool test_bit(long nr, const volatile unsigned long *addr);
bool test_and_set_bit(long nr, volatile unsigned long *addr);
bool test_and_clear_bit(long nr, volatile unsigned long *addr);
void wait_on_bit_clear(unsigned long *word, int bit, const char *why);

void refcount_set(refcount_t *r, int n);
unsigned int refcount_read(const refcount_t *r);
void refcount_inc(refcount_t *r);
bool refcount_inc_not_zero(refcount_t *r);
void refcount_dec(refcount_t *r);
bool refcount_dec_and_test(refcount_t *r);
void refcount_add(int i, refcount_t *r);
bool refcount_sub_and_test(int i, refcount_t *r);

void module_set_state(struct module *mod, int state);
/* the module's memory goes (module_memfree of its core layout: text, data, the struct module in it) */
void module_memfree(struct module *mod);
/* delete_module: keep the module's name for print_modules' "[last unloaded: ...]" */
void store_last_unloaded_module(struct module *mod);
int module_refcount(struct module *mod);
bool try_module_get(struct module *mod);
void __module_get(struct module *mod);
void module_put(struct module *mod);
const char *module_name_of(struct module *mod);

struct device *bus_next_device(struct bus_type *bus, struct device *prev);
struct device *bus_find_device(struct bus_type *bus, struct device *start, const void *data,
			       int (*match)(struct device *dev, const void *data));
struct device *driver_last_device(struct device_driver *drv);
void driver_list_add(struct device_driver *drv);
void driver_list_del(struct device_driver *drv);
void driver_bound(struct device *dev);
void driver_unbound(struct device *dev);

void *devres_alloc(dr_release_t release, size_t size, const char *name);
void devres_add(struct device *dev, void *res);
void *devres_pop(struct device *dev);
dr_release_t devres_release_fn(void *res);
void devres_free(void *res);
void *devres_find_irq(struct device *dev, unsigned int irq, void *dev_id);
/* devres_find with a match on the entry's first pointer (the managed object's data is that pointer) */
void *devres_find_ptr(struct device *dev, const char *name, const void *ptr);
void devres_remove(struct device *dev, void *res);
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp);
void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp);
void devm_kfree(struct device *dev, const void *p);
char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp);

int __setup_irq(unsigned int irq, struct irqaction *action);
struct irqaction *__free_irq_unlink(unsigned int irq, void *dev_id);
struct irqaction *irq_action(unsigned int irq, int index);
bool irq_desc_deliverable(unsigned int irq);
bool irq_desc_take_pending(unsigned int irq);
void irq_desc_enter(unsigned int irq);
void irq_desc_exit(unsigned int irq);
void note_interrupt(unsigned int irq, irqreturn_t ret);
bool irq_desc_note_unhandled(unsigned int irq, bool unhandled, unsigned long now);
void synchronize_hardirq(unsigned int irq);
void synchronize_irq_threads(unsigned int irq);
void __irq_thread_woken(unsigned int irq);
void __irq_thread_done(unsigned int irq);
void irq_disable_depth(unsigned int irq);
void enable_irq(unsigned int irq);
unsigned long __irq_desc_fired(unsigned int irq);

/* kernel/irq/autoprobe.c: which line an unconfigured device interrupts on */
unsigned long probe_irq_on(void);
int probe_irq_off(unsigned long val);
unsigned int probe_irq_mask(unsigned long val);

void raise_softirq_irqoff(unsigned int nr);
unsigned int softirq_pending_take(void);
void trace_tasklet_schedule(struct tasklet_struct *t);
void trace_tasklet_entry(struct tasklet_struct *t);
void trace_tasklet_exit(struct tasklet_struct *t);
void trace_tasklet_kill(struct tasklet_struct *t);

struct tasklet_head tasklet_vec[NR_CPUS];

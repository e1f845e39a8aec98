/*
 * The simulated kernel's own code paths, in the same kernel C as drivers, so that a user can step into them and a
 * race can land anywhere inside them. Each function mirrors the real one of Linux 6.x, in the same order, trimmed
 * to what a driver can observe (the file and function each mirrors is named above it). Prototypes without a body
 * are primitives implemented in Java (list surgery, refcount arithmetic, memory bookkeeping).
 */

/* ---- constants (include/uapi/asm-generic/errno*.h, gfp.h, interrupt.h, module.h) ---- */
enum { EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
	ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19,
	EINVAL = 22, ENOSPC = 28, EPIPE = 32, ERANGE = 34, EDEADLK = 35, ENOSYS = 38, EWOULDBLOCK = 11,
	ENOTTY = 25, ETIMEDOUT = 110, ESHUTDOWN = 108, ECONNRESET = 104, ENOTSUPP = 524, EPROBE_DEFER = 517,
	ERESTARTSYS = 512 };
enum { GFP_KERNEL = 0xcc0, GFP_ATOMIC = 0xa20, GFP_NOWAIT = 0x800, __GFP_ZERO = 0x100 };
enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1, IRQ_WAKE_THREAD = 2 };
enum { IRQF_SHARED = 0x80, IRQF_TRIGGER_RISING = 1, IRQF_TRIGGER_FALLING = 2, IRQF_TRIGGER_HIGH = 4,
	IRQF_TRIGGER_LOW = 8, IRQF_ONESHOT = 0x2000, IRQF_NO_SUSPEND = 0x4000 };
enum { TASKLET_STATE_SCHED = 0, TASKLET_STATE_RUN = 1 };
enum { HI_SOFTIRQ = 0, TIMER_SOFTIRQ = 1, TASKLET_SOFTIRQ = 6, RCU_SOFTIRQ = 9 };
enum module_state { MODULE_STATE_LIVE = 0, MODULE_STATE_COMING = 1, MODULE_STATE_GOING = 2,
	MODULE_STATE_UNFORMED = 3 };
enum { MAX_SOFTIRQ_RESTART = 10, NR_CPUS = 64, MODULE_NAME_LEN = 56, true = 1, false = 0 };

typedef int irqreturn_t;
typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);
typedef int (*initcall_t)(void);

struct module {
	enum module_state state;
	char name[MODULE_NAME_LEN];
	atomic_t refcnt;
	int (*init)(void);
	void (*exit)(void);
	int slot;
};

struct device;
struct device_driver;

struct bus_type {
	const char *name;
	int (*match)(struct device *dev, struct device_driver *drv);
	int (*probe)(struct device *dev);
	void (*remove)(struct device *dev);
};

struct device_driver {
	const char *name;
	struct bus_type *bus;
	struct module *owner;
	int (*probe)(struct device *dev);
	int (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);
};

struct device {
	const char *init_name;
	struct device *parent;
	struct bus_type *bus;
	struct device_driver *driver;
	void *driver_data;
	void (*release)(struct device *dev);
	int id;
};

struct platform_device {
	const char *name;
	int id;
	struct device dev;
	int irq;
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

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	unsigned int irq;
	unsigned long flags;
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
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
void kfree(const void *p);
void kvfree(const void *p);
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dst, const char *src);
size_t strscpy(char *dst, const char *src, size_t size);
int snprintf(char *buf, size_t size, const char *fmt, ...);
int sprintf(char *buf, const char *fmt, ...);
int printk(const char *fmt, ...);
int pr_emerg(const char *fmt, ...);
int pr_alert(const char *fmt, ...);
int pr_crit(const char *fmt, ...);
int pr_err(const char *fmt, ...);
int pr_warn(const char *fmt, ...);
int pr_notice(const char *fmt, ...);
int pr_info(const char *fmt, ...);
int pr_debug(const char *fmt, ...);
int pr_cont(const char *fmt, ...);
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
void BUG_ON(long condition);
void *ERR_PTR(long error);
long PTR_ERR(const void *ptr);
bool IS_ERR(const void *ptr);
bool IS_ERR_OR_NULL(const void *ptr);
int smp_processor_id(void);
bool in_interrupt(void);
bool in_irq(void);
bool in_softirq(void);
bool in_task(void);
void local_irq_disable(void);
void local_irq_enable(void);
void barrier(void);
void smp_mb(void);
void cpu_relax(void);
void might_sleep(void);

int atomic_read(const atomic_t *v);
void atomic_set(atomic_t *v, int i);
void atomic_inc(atomic_t *v);
void atomic_dec(atomic_t *v);
bool atomic_dec_and_test(atomic_t *v);
void set_bit(long nr, volatile unsigned long *addr);
void clear_bit(long nr, volatile unsigned long *addr);
bool test_bit(long nr, const volatile unsigned long *addr);
bool test_and_set_bit(long nr, volatile unsigned long *addr);
bool test_and_clear_bit(long nr, volatile unsigned long *addr);
void wait_on_bit_clear(unsigned long *word, int bit, const char *why);

void module_set_state(struct module *mod, int state);
void free_module(struct module *mod);
int module_refcount(struct module *mod);
bool try_module_get(struct module *mod);
void __module_get(struct module *mod);
void module_put(struct module *mod);
const char *module_name_of(struct module *mod);

struct device *bus_next_device(struct bus_type *bus, struct device *prev);
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
void irq_desc_enter(unsigned int irq);
void irq_desc_exit(unsigned int irq);
void note_interrupt(unsigned int irq, irqreturn_t ret);
void synchronize_hardirq(unsigned int irq);
void irq_disable_depth(unsigned int irq);
void enable_irq(unsigned int irq);

void raise_softirq_irqoff(unsigned int nr);
unsigned int softirq_pending_take(void);
void trace_tasklet_schedule(struct tasklet_struct *t);
void trace_tasklet_entry(struct tasklet_struct *t);
void trace_tasklet_exit(struct tasklet_struct *t);
void trace_tasklet_kill(struct tasklet_struct *t);

struct tasklet_head tasklet_vec[NR_CPUS];

/* ---- kernel/module/main.c ---- */

static int do_one_initcall(initcall_t fn)
{
	int ret;

	ret = fn();
	return ret;
}

static int do_init_module(struct module *mod)
{
	int ret = 0;

	if (mod->init != NULL)
		ret = do_one_initcall(mod->init);
	if (ret < 0) {
		module_set_state(mod, MODULE_STATE_GOING);
		free_module(mod);
		return ret;
	}
	if (ret > 0)
		pr_warn("%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n",
			"do_init_module", mod->name, ret);
	module_set_state(mod, MODULE_STATE_LIVE);
	return 0;
}

/* finit_module(2): the module image is already laid out (UNFORMED); run its init. */
int load_module(struct module *mod)
{
	module_set_state(mod, MODULE_STATE_COMING);
	return do_init_module(mod);
}

/* delete_module(2): refuses while in use (rmmod does not wait since 3.13), else exit() then free. */
long delete_module(struct module *mod)
{
	if (mod->state != MODULE_STATE_LIVE)
		return -EBUSY;
	if (mod->init != NULL && mod->exit == NULL)
		return -EBUSY;
	if (module_refcount(mod) != 0)
		return -EWOULDBLOCK;
	module_set_state(mod, MODULE_STATE_GOING);
	if (mod->exit != NULL)
		mod->exit();
	free_module(mod);
	return 0;
}

/* ---- drivers/base/dd.c ---- */

const char *dev_name(const struct device *dev)
{
	return dev->init_name;
}

void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static int driver_match_device(struct device_driver *drv, struct device *dev)
{
	return drv->bus->match ? drv->bus->match(dev, drv) : 1;
}

static int call_driver_probe(struct device *dev, struct device_driver *drv)
{
	int ret = 0;

	if (dev->bus->probe)
		ret = dev->bus->probe(dev);
	else if (drv->probe)
		ret = drv->probe(dev);

	if (ret == -EPROBE_DEFER || ret == -ENODEV || ret == -ENXIO)
		pr_debug("%s: probe of %s rejects match %d\n", drv->name, dev_name(dev), ret);
	else if (ret)
		pr_warn("%s: probe of %s failed with error %d\n", drv->name, dev_name(dev), ret);
	return ret;
}

static void device_unbind_cleanup(struct device *dev)
{
	devres_release_all(dev);
	dev->driver = NULL;
	dev_set_drvdata(dev, NULL);
}

static int really_probe(struct device *dev, struct device_driver *drv)
{
	int ret;

	dev->driver = drv;
	ret = call_driver_probe(dev, drv);
	if (ret) {
		device_unbind_cleanup(dev);
		return ret;
	}
	driver_bound(dev);
	return 0;
}

static int __driver_probe_device(struct device_driver *drv, struct device *dev)
{
	if (dev->driver)
		return -EBUSY;
	return really_probe(dev, drv);
}

static int driver_probe_device(struct device_driver *drv, struct device *dev)
{
	return __driver_probe_device(drv, dev);
}

int device_driver_attach(struct device_driver *drv, struct device *dev)
{
	return __driver_probe_device(drv, dev);
}

static int __driver_attach(struct device *dev, void *data)
{
	struct device_driver *drv = data;

	if (!driver_match_device(drv, dev))
		return 0;
	if (dev->driver)
		return 0;
	driver_probe_device(drv, dev);
	return 0;
}

int driver_attach(struct device_driver *drv)
{
	struct device *dev = NULL;

	while ((dev = bus_next_device(drv->bus, dev)) != NULL)
		__driver_attach(dev, drv);
	return 0;
}

static void device_remove(struct device *dev)
{
	if (dev->bus && dev->bus->remove)
		dev->bus->remove(dev);
	else if (dev->driver->remove)
		dev->driver->remove(dev);
}

static void __device_release_driver(struct device *dev, struct device *parent)
{
	struct device_driver *drv = dev->driver;

	if (drv) {
		device_remove(dev);
		device_unbind_cleanup(dev);
		driver_unbound(dev);
	}
}

void device_release_driver_internal(struct device *dev, struct device_driver *drv, struct device *parent)
{
	if (!drv || drv == dev->driver)
		__device_release_driver(dev, parent);
}

void device_release_driver(struct device *dev)
{
	device_release_driver_internal(dev, NULL, NULL);
}

void driver_detach(struct device_driver *drv)
{
	struct device *dev;

	while ((dev = driver_last_device(drv)) != NULL)
		device_release_driver_internal(dev, drv, dev->parent);
}

/* ---- drivers/base/bus.c, driver.c ---- */

/* sysfs: echo DEVICE > /sys/bus/BUS/drivers/DRIVER/bind */
long bind_store(struct device_driver *drv, struct device *dev)
{
	int err = -ENODEV;

	if (dev && dev->driver == NULL && driver_match_device(drv, dev))
		err = device_driver_attach(drv, dev);
	return err;
}

/* sysfs: echo DEVICE > /sys/bus/BUS/drivers/DRIVER/unbind */
long unbind_store(struct device_driver *drv, struct device *dev)
{
	int err = -ENODEV;

	if (dev && dev->driver == drv) {
		device_release_driver(dev);
		err = 0;
	}
	return err;
}

static int bus_add_driver(struct device_driver *drv)
{
	driver_list_add(drv);
	driver_attach(drv);
	return 0;
}

static void bus_remove_driver(struct device_driver *drv)
{
	driver_detach(drv);
	driver_list_del(drv);
}

int driver_register(struct device_driver *drv)
{
	return bus_add_driver(drv);
}

void driver_unregister(struct device_driver *drv)
{
	bus_remove_driver(drv);
}

/* ---- drivers/base/platform.c ---- */

static int platform_match(struct device *dev, struct device_driver *drv)
{
	struct platform_device *pdev = container_of(dev, struct platform_device, dev);

	return strcmp(pdev->name, drv->name) == 0;
}

static int platform_probe(struct device *_dev)
{
	struct platform_driver *drv = container_of(_dev->driver, struct platform_driver, driver);
	struct platform_device *dev = container_of(_dev, struct platform_device, dev);
	int ret = -ENXIO;

	if (drv->probe)
		ret = drv->probe(dev);
	return ret;
}

static void platform_remove(struct device *_dev)
{
	struct platform_driver *drv = container_of(_dev->driver, struct platform_driver, driver);
	struct platform_device *dev = container_of(_dev, struct platform_device, dev);

	if (drv->remove_new)
		drv->remove_new(dev);
	else if (drv->remove)
		drv->remove(dev);
}

struct bus_type platform_bus_type = {
	.name = "platform",
	.match = platform_match,
	.probe = platform_probe,
	.remove = platform_remove,
};

int platform_driver_register(struct platform_driver *drv)
{
	drv->driver.bus = &platform_bus_type;
	return driver_register(&drv->driver);
}

void platform_driver_unregister(struct platform_driver *drv)
{
	driver_unregister(&drv->driver);
}

int platform_get_irq(struct platform_device *pdev, unsigned int num)
{
	if (num != 0 || pdev->irq <= 0) {
		dev_err(&pdev->dev, "IRQ index %u not found\n", num);
		return -ENXIO;
	}
	return pdev->irq;
}

int platform_get_irq_optional(struct platform_device *pdev, unsigned int num)
{
	if (num != 0 || pdev->irq <= 0)
		return -ENXIO;
	return pdev->irq;
}

void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

void platform_set_drvdata(struct platform_device *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

/* ---- drivers/base/devres.c ---- */

static void release_nodes(struct device *dev, void *res)
{
	dr_release_t release = devres_release_fn(res);

	if (release)
		release(dev, res);
	devres_free(res);
}

/* LIFO: the last resource added is released first. */
int devres_release_all(struct device *dev)
{
	void *res;
	int cnt = 0;

	while ((res = devres_pop(dev)) != NULL) {
		release_nodes(dev, res);
		cnt++;
	}
	return cnt;
}

static void devm_action_release(struct device *dev, void *res)
{
	struct action_devres *devres = res;

	devres->action(devres->data);
}

int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct action_devres *devres;

	devres = devres_alloc(devm_action_release, sizeof(struct action_devres), "devm_add_action");
	if (!devres)
		return -ENOMEM;
	devres->data = data;
	devres->action = action;
	devres_add(dev, devres);
	return 0;
}

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data)
{
	int ret;

	ret = devm_add_action(dev, action, data);
	if (ret)
		action(data);
	return ret;
}

/* ---- kernel/irq/manage.c, kernel/irq/devres.c ---- */

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name, void *dev_id)
{
	struct irqaction *action;
	int retval;

	if (handler == NULL)
		return -EINVAL;
	action = kzalloc(sizeof(struct irqaction), GFP_KERNEL);
	if (!action)
		return -ENOMEM;
	action->handler = handler;
	action->flags = flags;
	action->name = name;
	action->dev_id = dev_id;
	action->irq = irq;
	retval = __setup_irq(irq, action);
	if (retval)
		kfree(action);
	return retval;
}

/* Unlinks the handler, then waits for a running one of that line; it does not wait for tasklets it queued. */
const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irqaction *action;
	const char *devname;

	action = __free_irq_unlink(irq, dev_id);
	if (!action)
		return NULL;
	synchronize_hardirq(irq);
	devname = action->name;
	kfree(action);
	return devname;
}

void synchronize_irq(unsigned int irq)
{
	synchronize_hardirq(irq);
}

void disable_irq_nosync(unsigned int irq)
{
	irq_disable_depth(irq);
}

void disable_irq(unsigned int irq)
{
	irq_disable_depth(irq);
	synchronize_irq(irq);
}

static void devm_irq_release(struct device *dev, void *res)
{
	struct irq_devres *this = res;

	free_irq(this->irq, this->dev_id);
}

int devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler, unsigned long irqflags,
		     const char *devname, void *dev_id)
{
	struct irq_devres *dr;
	int rc;

	dr = devres_alloc(devm_irq_release, sizeof(struct irq_devres), "devm_request_irq");
	if (!dr)
		return -ENOMEM;
	rc = request_irq(irq, handler, irqflags, devname, dev_id);
	if (rc) {
		devres_free(dr);
		return rc;
	}
	dr->irq = irq;
	dr->dev_id = dev_id;
	devres_add(dev, dr);
	return 0;
}

void devm_free_irq(struct device *dev, unsigned int irq, void *dev_id)
{
	struct irq_devres *dr = devres_find_irq(dev, irq, dev_id);

	if (WARN_ON(dr == NULL))
		return;
	devres_remove(dev, dr);
	free_irq(irq, dev_id);
	devres_free(dr);
}

/* ---- kernel/irq/handle.c, arch/x86/kernel/irq.c: the hardirq context of "irq N" ---- */

static irqreturn_t __handle_irq_event_percpu(unsigned int irq)
{
	irqreturn_t retval = IRQ_NONE;
	struct irqaction *action;
	int i = 0;

	while ((action = irq_action(irq, i++)) != NULL)
		retval |= action->handler(irq, action->dev_id);
	return retval;
}

static irqreturn_t handle_irq_event(unsigned int irq)
{
	irqreturn_t ret;

	irq_desc_enter(irq);
	ret = __handle_irq_event_percpu(irq);
	irq_desc_exit(irq);
	note_interrupt(irq, ret);
	return ret;
}

void common_interrupt(unsigned int irq)
{
	if (irq_desc_deliverable(irq))
		handle_irq_event(irq);
}

/* ---- kernel/softirq.c ---- */

static void __tasklet_schedule_common(struct tasklet_struct *t, struct tasklet_head *head, unsigned int softirq_nr)
{
	t->next = NULL;
	*head->tail = t;
	head->tail = &t->next;
	raise_softirq_irqoff(softirq_nr);
}

void __tasklet_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_vec[smp_processor_id()], TASKLET_SOFTIRQ);
}

/* Queues only if SCHED was clear: a tasklet scheduled twice before it runs runs once. */
void tasklet_schedule(struct tasklet_struct *t)
{
	if (!test_and_set_bit(TASKLET_STATE_SCHED, &t->state)) {
		trace_tasklet_schedule(t);
		__tasklet_schedule(t);
	}
}

void tasklet_hi_schedule(struct tasklet_struct *t)
{
	tasklet_schedule(t);
}

static bool tasklet_clear_sched(struct tasklet_struct *t)
{
	if (test_and_clear_bit(TASKLET_STATE_SCHED, &t->state))
		return true;
	WARN_ONCE(1, "tasklet SCHED state not set: %s %pS\n", t->use_callback ? "callback" : "func",
		  t->use_callback ? (void *)t->callback : (void *)t->func);
	return false;
}

static bool tasklet_trylock(struct tasklet_struct *t)
{
	return !test_and_set_bit(TASKLET_STATE_RUN, &t->state);
}

static void tasklet_unlock(struct tasklet_struct *t)
{
	clear_bit(TASKLET_STATE_RUN, &t->state);
}

static void tasklet_unlock_wait(struct tasklet_struct *t)
{
	wait_on_bit_clear(&t->state, TASKLET_STATE_RUN, "tasklet_kill: waiting for the running tasklet");
}

static void tasklet_action_common(struct tasklet_head *tl_head, unsigned int softirq_nr)
{
	struct tasklet_struct *list;

	local_irq_disable();
	list = tl_head->head;
	tl_head->head = NULL;
	tl_head->tail = &tl_head->head;
	local_irq_enable();

	while (list) {
		struct tasklet_struct *t = list;

		list = list->next;
		if (tasklet_trylock(t)) {
			if (!atomic_read(&t->count)) {
				if (tasklet_clear_sched(t)) {
					trace_tasklet_entry(t);
					if (t->use_callback)
						t->callback(t);
					else
						t->func(t->data);
					trace_tasklet_exit(t);
				}
				tasklet_unlock(t);
				continue;
			}
			tasklet_unlock(t);
		}
		local_irq_disable();
		t->next = NULL;
		*tl_head->tail = t;
		tl_head->tail = &t->next;
		raise_softirq_irqoff(softirq_nr);
		local_irq_enable();
	}
}

static void tasklet_action(void)
{
	tasklet_action_common(&tasklet_vec[smp_processor_id()], TASKLET_SOFTIRQ);
}

/* The softirq context of a CPU: runs after a hardirq returns (irq_exit) or in ksoftirqd. */
void __do_softirq(void)
{
	unsigned int pending;
	int restart = MAX_SOFTIRQ_RESTART;

	while ((pending = softirq_pending_take()) != 0 && restart-- > 0) {
		if (pending & (1 << TASKLET_SOFTIRQ))
			tasklet_action();
	}
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->func = func;
	t->use_callback = false;
	t->data = data;
}

void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->callback = callback;
	t->use_callback = true;
	t->data = 0;
}

/* Waits while SCHED is set, then for RUN to clear; a later tasklet_schedule still queues it again. */
void tasklet_kill(struct tasklet_struct *t)
{
	if (in_interrupt())
		pr_notice("Attempt to kill tasklet from interrupt\n");
	while (test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		wait_on_bit_clear(&t->state, TASKLET_STATE_SCHED, "tasklet_kill: waiting for the scheduled tasklet");
	tasklet_unlock_wait(t);
	tasklet_clear_sched(t);
	trace_tasklet_kill(t);
}

void tasklet_disable_nosync(struct tasklet_struct *t)
{
	atomic_inc(&t->count);
}

void tasklet_disable(struct tasklet_struct *t)
{
	tasklet_disable_nosync(t);
	tasklet_unlock_wait(t);
}

void tasklet_enable(struct tasklet_struct *t)
{
	atomic_dec(&t->count);
}

/* ---- boot: every CPU's tasklet list starts empty ---- */
void softirq_init(int cpus)
{
	int cpu;

	for (cpu = 0; cpu < cpus; cpu++)
		tasklet_vec[cpu].tail = &tasklet_vec[cpu].head;
}

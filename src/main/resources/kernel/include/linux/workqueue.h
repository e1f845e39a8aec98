/*
 * include/linux/workqueue.h of Linux 6.1: workqueue flags, the system workqueues, the create_*workqueue macros and
 * the static initializers. struct work_struct, struct delayed_work and struct workqueue_struct are in sched.h (the
 * prelude declares them before the timers they embed). Which item is queued on which worker pool, and which worker
 * runs it, is bookkeeping in Java (DeferPrimitives).
 */

enum {
	WQ_UNBOUND		= 1 << 1, /* not bound to any cpu */
	WQ_FREEZABLE		= 1 << 2, /* freeze during suspend */
	WQ_MEM_RECLAIM		= 1 << 3, /* may be used for memory reclaim */
	WQ_HIGHPRI		= 1 << 4, /* high priority */
	WQ_CPU_INTENSIVE	= 1 << 5, /* cpu intensive workqueue */
	WQ_SYSFS		= 1 << 6, /* visible in sysfs, see workqueue_sysfs_register() */
	WQ_POWER_EFFICIENT	= 1 << 7,

	__WQ_DRAINING		= 1 << 16, /* internal: workqueue is draining */
	__WQ_ORDERED		= 1 << 17, /* internal: workqueue is ordered */
	__WQ_LEGACY		= 1 << 18, /* internal: create*_workqueue() */
	__WQ_ORDERED_EXPLICIT	= 1 << 19, /* internal: alloc_ordered_workqueue() */

	WQ_MAX_ACTIVE		= 512,	  /* I like 512, better ideas? */
	WQ_MAX_UNBOUND_PER_CPU	= 4,	  /* 4 * #cpus for unbound wq */
	WQ_DFL_ACTIVE		= WQ_MAX_ACTIVE / 2,
};

enum { WORK_CPU_UNBOUND = 64 };	/* NR_CPUS */

#define work_data_bits(work) ((unsigned long *)(&(work)->data))

#define work_pending(work) \
	test_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))

#define delayed_work_pending(w) \
	work_pending(&(w)->work)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

void delayed_work_timer_fn(struct timer_list *t);

#define __WORK_INITIALIZER(n, f) {					\
	.data = ATOMIC_LONG_INIT(0),					\
	.entry	= { &(n).entry, &(n).entry },				\
	.func = (f),							\
	}

#define __TIMER_INITIALIZER(_function, _flags) {			\
		.function = (_function),				\
		.flags = (_flags),					\
	}

#define __DELAYED_WORK_INITIALIZER(n, f, tflags) {			\
	.work = __WORK_INITIALIZER((n).work, (f)),			\
	.timer = __TIMER_INITIALIZER(delayed_work_timer_fn, (tflags)),	\
	}

#define DECLARE_DELAYED_WORK(n, f)					\
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, 0)

#define alloc_ordered_workqueue(fmt, flags, args...)			\
	alloc_workqueue(fmt, WQ_UNBOUND | __WQ_ORDERED |		\
			__WQ_ORDERED_EXPLICIT | (flags), 1, ##args)

#define create_workqueue(name)						\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, 1, (name))
#define create_freezable_workqueue(name)				\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_FREEZABLE | WQ_UNBOUND |	\
			WQ_MEM_RECLAIM, 1, (name))
#define create_singlethread_workqueue(name)				\
	alloc_ordered_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, name)

/* The system workqueues (workqueue_init_early): per-CPU ones on the CPU pools, events_unbound on the unbound pool. */
struct workqueue_struct system_wq_struct = { .name = "events", .saved_max_active = 256 };
struct workqueue_struct system_highpri_wq_struct = { .name = "events_highpri", .flags = WQ_HIGHPRI,
	.saved_max_active = 256 };
struct workqueue_struct system_long_wq_struct = { .name = "events_long", .saved_max_active = 256 };
struct workqueue_struct system_unbound_wq_struct = { .name = "events_unbound", .flags = WQ_UNBOUND,
	.saved_max_active = 512 };
struct workqueue_struct *system_wq = &system_wq_struct;
struct workqueue_struct *system_highpri_wq = &system_highpri_wq_struct;
struct workqueue_struct *system_long_wq = &system_long_wq_struct;
struct workqueue_struct *system_unbound_wq = &system_unbound_wq_struct;

/* ---- primitives ---- */
struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);
void __insert_work(struct workqueue_struct *wq, struct work_struct *work, int cpu);
struct work_struct *__next_work(int pool);
void __work_started(struct work_struct *work, work_func_t func);
void __work_done(struct work_struct *work);
bool __cancel_work(struct work_struct *work);
bool __work_unqueue(struct work_struct *work);
struct workqueue_struct *__current_worker_wq(void);
void __flush_work_wait(struct work_struct *work);
void __flush_workqueue_wait(struct workqueue_struct *wq);
bool __workqueue_drained(struct workqueue_struct *wq);
void __unregister_workqueue(struct workqueue_struct *wq);

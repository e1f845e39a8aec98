/*
 * Tasks, sleeping, locks, deferred work, timers and RCU (include/linux/sched.h, wait.h, completion.h, mutex.h,
 * spinlock.h, workqueue.h, timer.h, rcupdate.h, kthread.h). Who waits on what, who holds which lock and which
 * callbacks are queued is bookkeeping kept in Java; the structs below are what drivers embed and touch.
 */

enum { TASK_RUNNING = 0, TASK_INTERRUPTIBLE = 1, TASK_UNINTERRUPTIBLE = 2, TASK_WAKEKILL = 0x100, TASK_KILLABLE = 0x102,
	TASK_NORMAL = 3, MAX_SCHEDULE_TIMEOUT = 0x7fffffff };
enum { HZ = 250, WORK_STRUCT_PENDING_BIT = 0, TIMER_SHUTDOWN = 1 };

struct task_struct {
	pid_t pid;
	char comm[16];
	int flags;
	struct signal_struct *signal;	/* the thread group's: shared_pending */
	sigset_t blocked;
	struct sigpending pending;	/* this thread's own pending signals */
};

typedef struct wait_queue_head { int waiters; } wait_queue_head_t;

struct completion {
	unsigned int done;
	wait_queue_head_t wait;
};

typedef struct spinlock { int locked; } spinlock_t;
typedef struct rwlock { int locked; } rwlock_t;

struct semaphore {
	int count;
};

/* include/linux/rwsem.h: who holds it (readers, or one writer) is bookkeeping in Java; count is unused. */
struct rw_semaphore {
	long count;
};

/*
 * include/linux/wait.h: an entry with a wake function of its own (a poll table's, add_wait_queue's). Which entries
 * a queue holds is bookkeeping in Java (entry is unused); tasks asleep in wait_event & co. are queued there too.
 */
struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned mode, int flags, void *key);

typedef struct wait_queue_entry {
	unsigned int flags;
	void *private;
	wait_queue_func_t func;
	struct list_head entry;
} wait_queue_entry_t;

#define __WAITQUEUE_INITIALIZER(name, tsk) {					\
	.private	= tsk,							\
	.func		= default_wake_function,				\
	.entry		= { NULL, NULL } }

#define DECLARE_WAITQUEUE(name, tsk)						\
	struct wait_queue_entry name = __WAITQUEUE_INITIALIZER(name, tsk)

#define DEFINE_WAIT_FUNC(name, function)					\
	struct wait_queue_entry name = {					\
		.private	= current,					\
		.func		= function,					\
		.entry		= LIST_HEAD_INIT((name).entry),			\
	}

#define DEFINE_WAIT(name) DEFINE_WAIT_FUNC(name, autoremove_wake_function)

#define init_wait(wait)								\
	do {									\
		(wait)->private = current;					\
		(wait)->func = autoremove_wake_function;			\
		INIT_LIST_HEAD(&(wait)->entry);					\
		(wait)->flags = 0;						\
	} while (0)

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	atomic_long_t data;
	struct list_head entry;
	work_func_t func;
};

struct timer_list {
	struct list_head entry;
	unsigned long expires;
	void (*function)(struct timer_list *t);
	unsigned int flags;
};

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	struct workqueue_struct *wq;
	int cpu;
};

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

/* kernel/workqueue.c's struct workqueue_struct: the fields this model's workqueue.c uses, as named there. */
struct workqueue_struct {
	int nr_drainers;		/* WQ: drain in progress */
	int saved_max_active;		/* WQ: saved pwq max_active */
	char name[24];			/* I: workqueue name (WQ_NAME_LEN) */
	struct rcu_head rcu;
	unsigned int flags;		/* WQ: WQ_* flags */
};

typedef void (*rcu_callback_t)(struct rcu_head *head);


unsigned long volatile jiffies;

/* ---- primitives ---- */
struct task_struct *get_current(void);
bool signal_pending(struct task_struct *p);
bool fatal_signal_pending(struct task_struct *p);

/* include/linux/sched/signal.h */
static inline int __fatal_signal_pending(struct task_struct *p)
{
	return sigismember(&p->pending.signal, SIGKILL);
}

static inline int signal_pending_state(unsigned int state, struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return 0;
	if (!signal_pending(p))
		return 0;

	return (state & TASK_INTERRUPTIBLE) || __fatal_signal_pending(p);
}

int __wait_event_sleep(wait_queue_head_t *wq, int state, unsigned long deadline);
int __wake_up(wait_queue_head_t *wq, int mode, int nr);
void add_wait_queue(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry);
/* include/linux/wait.h's inline list operations: non-exclusive entries go ahead of the exclusive ones */
void __add_wait_queue(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry);
void __add_wait_queue_entry_tail(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry);
void remove_wait_queue(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry);
struct wait_queue_entry *__wait_queue_next(wait_queue_head_t *wq_head, struct wait_queue_entry *prev);
bool __wait_entry_queued(struct wait_queue_entry *wq_entry);
void __wait_entry_unlink(struct wait_queue_entry *wq_entry);
int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags);
int default_wake_function(struct wait_queue_entry *curr, unsigned mode, int wake_flags, void *key);
/* kernel/sched/core.c: the check behind might_sleep(), naming the file and line of the might_sleep() that ran */
void __might_sleep(const char *file, int line);
/* include/linux/kernel.h (CONFIG_DEBUG_ATOMIC_SLEEP); might_resched() is nothing without voluntary preemption */
#define might_sleep() __might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)
void schedule(void);
/* kernel/sched/core.c: scheduling points that do not sleep; with voluntary preemption the CPU may switch tasks */
int _cond_resched(void);
#define cond_resched() ({ __might_sleep(__FILE__, __LINE__); _cond_resched(); })
void yield(void);
long schedule_timeout_until(unsigned long deadline, int state);
unsigned long msecs_to_jiffies(unsigned int m);
unsigned int jiffies_to_msecs(unsigned long j);
unsigned long usecs_to_jiffies(unsigned int u);

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data, const char *namefmt, ...);
struct task_struct *kthread_run(int (*threadfn)(void *data), void *data, const char *namefmt, ...);
void set_current_state(int state);
void __set_current_state(int state);
int wake_up_process(struct task_struct *p);
bool kthread_should_stop(void);
void __kthread_set_stop(struct task_struct *k);
int __kthread_wait_exit(struct task_struct *k);
void do_exit(long code);

/* the kinds of lock the Java bookkeeping (LockPrimitives) knows */
enum { LOCK_MUTEX = 0, LOCK_SPIN = 1, LOCK_RW = 2, LOCK_SEM = 3, LOCK_RWSEM = 4 };
/* How a lock is taken (__lock_acquire's flags): a sleep a signal may end, with interrupts off, as a reader. */
enum { LOCK_INTERRUPTIBLE = 1, LOCK_IRQS_OFF = 2, LOCK_READ = 4 };
int __lock_acquire(void *lock, int kind, int flags);
void __lock_release(void *lock, int kind, int read);
bool __lock_try(void *lock, int kind, int read);
bool __lock_is_held(void *lock);
void __atomic_enter(int irqs_off);
void __atomic_exit(int irqs_off);


void __timer_arm(struct timer_list *timer, unsigned long expires);
bool __timer_remove(struct timer_list *timer);
bool timer_pending(const struct timer_list *timer);
struct timer_list *__next_expired_timer(void);
void __timer_running(struct timer_list *timer, int running);
void __timer_wait_idle(struct timer_list *timer);
/* kernel/time/timer.c: detaches the timer unless its callback is running (on another CPU): then -1 */
int try_to_del_timer_sync(struct timer_list *timer);

void call_rcu(struct rcu_head *head, rcu_callback_t func);
void __kfree_rcu(void *ptr);
struct rcu_head *__rcu_next_ready(void);
void __rcu_invoked(struct rcu_head *head);
void synchronize_rcu(void);
void rcu_barrier(void);
void rcu_read_lock(void);
void rcu_read_unlock(void);

/*
 * Mirrors kernel/sched/wait.c, completion.c, core.c (wake_up_process) and kernel/time/timer.c's sleeping
 * helpers of Linux 6.x. wait_event*() are macros the compiler expands into a loop around __wait_event_sleep.
 */

void init_waitqueue_head(wait_queue_head_t *wq)
{
	wq->waiters = 0;
}

/*
 * __wake_up_common: the tasks asleep in wait_event & co. have been woken by __wake_up (their
 * autoremove_wake_function); the entries with a wake function of their own (a poll table's pollwake, an
 * add_wait_queue'd DECLARE_WAITQUEUE) have it called here, the next entry taken first as the entry may go.
 */
static void __wake_up_common(wait_queue_head_t *wq_head, unsigned int mode, void *key)
{
	struct wait_queue_entry *curr, *next;

	for (curr = __wait_queue_next(wq_head, NULL); curr; curr = next) {
		next = __wait_queue_next(wq_head, curr);
		curr->func(curr, mode, 0, key);
	}
}

void wake_up(wait_queue_head_t *wq)
{
	if (__wake_up(wq, TASK_NORMAL, 0))
		__wake_up_common(wq, TASK_NORMAL, NULL);
}

void wake_up_all(wait_queue_head_t *wq)
{
	if (__wake_up(wq, TASK_NORMAL, 0))
		__wake_up_common(wq, TASK_NORMAL, NULL);
}

void wake_up_interruptible(wait_queue_head_t *wq)
{
	if (__wake_up(wq, TASK_INTERRUPTIBLE, 0))
		__wake_up_common(wq, TASK_INTERRUPTIBLE, NULL);
}

void wake_up_interruptible_all(wait_queue_head_t *wq)
{
	if (__wake_up(wq, TASK_INTERRUPTIBLE, 0))
		__wake_up_common(wq, TASK_INTERRUPTIBLE, NULL);
}

/* wake_up_poll() and friends: the key tells a poll table which events happened (pollwake filters on it). */
void wake_up_poll(wait_queue_head_t *wq, __poll_t m)
{
	if (__wake_up(wq, TASK_NORMAL, 0))
		__wake_up_common(wq, TASK_NORMAL, poll_to_key(m));
}

void wake_up_interruptible_poll(wait_queue_head_t *wq, __poll_t m)
{
	if (__wake_up(wq, TASK_INTERRUPTIBLE, 0))
		__wake_up_common(wq, TASK_INTERRUPTIBLE, poll_to_key(m));
}

void wake_up_interruptible_sync_poll(wait_queue_head_t *wq, __poll_t m)
{
	wake_up_interruptible_poll(wq, m);
}

void wake_up_interruptible_sync(wait_queue_head_t *wq)
{
	wake_up_interruptible(wq);
}

void init_waitqueue_entry(struct wait_queue_entry *wq_entry, struct task_struct *p)
{
	wq_entry->flags = 0;
	wq_entry->private = p;
	wq_entry->func = default_wake_function;
}

void init_waitqueue_func_entry(struct wait_queue_entry *wq_entry, wait_queue_func_t func)
{
	wq_entry->flags = 0;
	wq_entry->private = NULL;
	wq_entry->func = func;
}

/* kernel/sched/core.c */
int default_wake_function(struct wait_queue_entry *curr, unsigned mode, int wake_flags, void *key)
{
	return try_to_wake_up(curr->private, mode, wake_flags);
}

/*
 * An entry of DEFINE_WAIT: woken like any task entry, then taken off the queue, so finish_wait() finds it gone.
 * Whether an entry is on a queue is bookkeeping in Java (its list_head stays as DEFINE_WAIT made it).
 */
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned mode, int sync, void *key)
{
	int ret = default_wake_function(wq_entry, mode, sync, key);

	if (ret)
		__wait_entry_unlink(wq_entry);

	return ret;
}

/*
 * Note: we use "set_current_state()" _after_ the wait-queue add, because we need a memory barrier there on SMP,
 * so that any wake-function that tests for the wait-queue being active will be guaranteed to see waitqueue
 * addition _or_ subsequent tests in this thread will see the wakeup having taken place.
 */
void prepare_to_wait(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry, int state)
{
	if (!__wait_entry_queued(wq_entry))
		add_wait_queue(wq_head, wq_entry);
	set_current_state(state);
}

/*
 * finish_wait - clean up after waiting in a queue: sets current thread back to running state and removes the wait
 * descriptor from the given waitqueue if still queued.
 */
void finish_wait(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry)
{
	__set_current_state(TASK_RUNNING);
	if (__wait_entry_queued(wq_entry))
		remove_wait_queue(wq_head, wq_entry);
}

void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

void reinit_completion(struct completion *x)
{
	x->done = 0;
}

/* One "done", remembered if nobody waits; wakes the first waiter. */
void complete(struct completion *x)
{
	if (x->done != UINT_MAX)
		x->done++;
	__wake_up(&x->wait, TASK_NORMAL, 1);
}

void complete_all(struct completion *x)
{
	x->done = UINT_MAX;
	__wake_up(&x->wait, TASK_NORMAL, 0);
}

void wait_for_completion(struct completion *x)
{
	__might_sleep("kernel/sched/completion.c", 101);	/* 6.1: __wait_for_common's might_sleep() */
	while (!x->done)
		__wait_event_sleep(&x->wait, TASK_UNINTERRUPTIBLE, 0);
	if (x->done != UINT_MAX)
		x->done--;
}

int wait_for_completion_interruptible(struct completion *x)
{
	__might_sleep("kernel/sched/completion.c", 101);	/* 6.1: __wait_for_common's might_sleep() */
	while (!x->done) {
		if (signal_pending(get_current()))
			return -ERESTARTSYS;
		__wait_event_sleep(&x->wait, TASK_INTERRUPTIBLE, 0);
	}
	if (x->done != UINT_MAX)
		x->done--;
	return 0;
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	unsigned long deadline = jiffies + timeout;

	__might_sleep("kernel/sched/completion.c", 101);	/* 6.1: __wait_for_common's might_sleep() */
	while (!x->done) {
		if (__wait_event_sleep(&x->wait, TASK_UNINTERRUPTIBLE, deadline) == 2 && !x->done)
			return 0;
	}
	if (x->done != UINT_MAX)
		x->done--;
	return deadline > jiffies ? deadline - jiffies : 1;
}

bool completion_done(struct completion *x)
{
	return x->done != 0;
}

/* Sleeps the whole time: an early wake-up (wake_up_process) just sleeps again for the rest. */
void msleep(unsigned int msecs)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(msecs) + 1;

	while (schedule_timeout_until(deadline, TASK_UNINTERRUPTIBLE))
		;
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(msecs) + 1;
	unsigned long left = 1;

	while (left && !signal_pending(get_current()))
		left = schedule_timeout_until(deadline, TASK_INTERRUPTIBLE);
	return jiffies_to_msecs(left);
}

void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}

void usleep_range(unsigned long min, unsigned long max)
{
	unsigned long deadline = jiffies + usecs_to_jiffies(min);

	while (schedule_timeout_until(deadline, TASK_UNINTERRUPTIBLE))
		;
}

long schedule_timeout(long timeout)
{
	return schedule_timeout_until(jiffies + timeout, -1);
}

long schedule_timeout_interruptible(long timeout)
{
	return schedule_timeout_until(jiffies + timeout, TASK_INTERRUPTIBLE);
}

long schedule_timeout_uninterruptible(long timeout)
{
	return schedule_timeout_until(jiffies + timeout, TASK_UNINTERRUPTIBLE);
}


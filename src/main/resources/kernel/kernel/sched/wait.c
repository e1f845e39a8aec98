/*
 * Mirrors kernel/sched/wait.c, completion.c, core.c (wake_up_process) and kernel/time/timer.c's sleeping
 * helpers of Linux 6.x. wait_event*() are include/linux/wait.h's macros: a loop around prepare_to_wait_event(),
 * the condition and schedule() or schedule_timeout(), then finish_wait(). Completions sleep in __wait_event_sleep.
 */

void init_waitqueue_head(wait_queue_head_t *wq)
{
	wq->waiters = 0;
}

/*
 * __wake_up_common: the tasks asleep in a completion have been woken by __wake_up; here each entry's wake
 * function runs (a wait_event's or DEFINE_WAIT's autoremove_wake_function, a poll table's pollwake, an
 * add_wait_queue'd DECLARE_WAITQUEUE), the next entry taken first as the entry may go. Non-exclusive entries come
 * first on the queue, and the loop stops once nr_exclusive exclusive ones have been woken (0: all of them).
 */
static int __wake_up_common(struct wait_queue_head *wq_head, unsigned int mode,
			int nr_exclusive, int wake_flags, void *key)
{
	struct wait_queue_entry *curr, *next;

	for (curr = __wait_queue_next(wq_head, NULL); curr; curr = next) {
		unsigned flags = curr->flags;
		int ret;

		next = __wait_queue_next(wq_head, curr);
		ret = curr->func(curr, mode, wake_flags, key);
		if (ret < 0)
			break;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}

	return nr_exclusive;
}

void wake_up(wait_queue_head_t *wq)
{
	if (__wake_up(wq, TASK_NORMAL, 0))
		__wake_up_common(wq, TASK_NORMAL, 1, 0, NULL);
}

void wake_up_all(wait_queue_head_t *wq)
{
	if (__wake_up(wq, TASK_NORMAL, 0))
		__wake_up_common(wq, TASK_NORMAL, 0, 0, NULL);
}

void wake_up_interruptible(wait_queue_head_t *wq)
{
	if (__wake_up(wq, TASK_INTERRUPTIBLE, 0))
		__wake_up_common(wq, TASK_INTERRUPTIBLE, 1, 0, NULL);
}

void wake_up_interruptible_all(wait_queue_head_t *wq)
{
	if (__wake_up(wq, TASK_INTERRUPTIBLE, 0))
		__wake_up_common(wq, TASK_INTERRUPTIBLE, 0, 0, NULL);
}

/* wake_up_poll() and friends: the key tells a poll table which events happened (pollwake filters on it). */
void wake_up_poll(wait_queue_head_t *wq, __poll_t m)
{
	if (__wake_up(wq, TASK_NORMAL, 0))
		__wake_up_common(wq, TASK_NORMAL, 1, 0, poll_to_key(m));
}

void wake_up_interruptible_poll(wait_queue_head_t *wq, __poll_t m)
{
	if (__wake_up(wq, TASK_INTERRUPTIBLE, 0))
		__wake_up_common(wq, TASK_INTERRUPTIBLE, 1, 0, poll_to_key(m));
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
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	if (!__wait_entry_queued(wq_entry))
		__add_wait_queue(wq_head, wq_entry);
	set_current_state(state);
}

/* Returns true if we are the first waiter in the queue, false otherwise. */
bool prepare_to_wait_exclusive(wait_queue_head_t *wq_head, struct wait_queue_entry *wq_entry, int state)
{
	bool was_empty = false;

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	if (!__wait_entry_queued(wq_entry)) {
		was_empty = !__wait_queue_next(wq_head, NULL);
		__add_wait_queue_entry_tail(wq_head, wq_entry);
	}
	set_current_state(state);
	return was_empty;
}

void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)
{
	wq_entry->flags = flags;
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

/*
 * The step of ___wait_event's loop before the condition is tested: a pending signal (for a state a signal may
 * end) takes the entry off the queue and ends the wait with -ERESTARTSYS; otherwise the entry is queued (once)
 * and the task's state set, so a wake-up between here and schedule() sets it back to TASK_RUNNING.
 */
long prepare_to_wait_event(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state)
{
	long ret = 0;

	if (signal_pending_state(state, current)) {
		/*
		 * Exclusive waiter must not fail if it was selected by wakeup, it should "consume" the condition we were
		 * waiting for. The caller will recheck the condition and return success if we were already woken up, we
		 * can not miss the event because wakeup locks/unlocks the same wq_head->lock.
		 */
		if (__wait_entry_queued(wq_entry))
			remove_wait_queue(wq_head, wq_entry);
		ret = -ERESTARTSYS;
	} else {
		if (!__wait_entry_queued(wq_entry)) {
			if (wq_entry->flags & WQ_FLAG_EXCLUSIVE)
				__add_wait_queue_entry_tail(wq_head, wq_entry);
			else
				__add_wait_queue(wq_head, wq_entry);
		}
		set_current_state(state);
	}

	return ret;
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

long schedule_timeout_killable(long timeout)
{
	return schedule_timeout_until(jiffies + timeout, TASK_KILLABLE);
}

long schedule_timeout_uninterruptible(long timeout)
{
	return schedule_timeout_until(jiffies + timeout, TASK_UNINTERRUPTIBLE);
}


/*
 * Mirrors kernel/sched/wait.c, completion.c, core.c (wake_up_process) and kernel/time/timer.c's sleeping
 * helpers of Linux 6.x. wait_event*() are macros the compiler expands into a loop around __wait_event_sleep.
 */

void init_waitqueue_head(wait_queue_head_t *wq)
{
	wq->waiters = 0;
}

void wake_up(wait_queue_head_t *wq)
{
	__wake_up(wq, TASK_NORMAL, 0);
}

void wake_up_all(wait_queue_head_t *wq)
{
	__wake_up(wq, TASK_NORMAL, 0);
}

void wake_up_interruptible(wait_queue_head_t *wq)
{
	__wake_up(wq, TASK_INTERRUPTIBLE, 0);
}

void wake_up_interruptible_all(wait_queue_head_t *wq)
{
	__wake_up(wq, TASK_INTERRUPTIBLE, 0);
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
	might_sleep();
	while (!x->done)
		__wait_event_sleep(&x->wait, TASK_UNINTERRUPTIBLE, 0);
	if (x->done != UINT_MAX)
		x->done--;
}

int wait_for_completion_interruptible(struct completion *x)
{
	might_sleep();
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

	might_sleep();
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

void udelay(unsigned long usecs)
{
}

void mdelay(unsigned long msecs)
{
}

void ndelay(unsigned long nsecs)
{
}

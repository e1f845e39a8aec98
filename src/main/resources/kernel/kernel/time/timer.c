/*
 * Mirrors kernel/time/timer.c of Linux 6.x. Timers fire from the timer softirq of the CPU that armed them once
 * jiffies reach their expiry ("tick"). del_timer_sync() waits for a running callback but cannot stop re-arming;
 * timer_shutdown_sync() also turns later mod_timer() calls into silent no-ops.
 */

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags)
{
	timer->function = func;
	timer->flags = flags;
	timer->expires = 0;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	if (!timer->function)
		return 0;
	return __timer_arm(timer, expires);
}

void add_timer(struct timer_list *timer)
{
	mod_timer(timer, timer->expires);
}

int timer_delete(struct timer_list *timer)
{
	return __timer_remove(timer);
}

int del_timer(struct timer_list *timer)
{
	return timer_delete(timer);
}

static void del_timer_wait_running(struct timer_list *timer)
{
	__timer_wait_idle(timer);
}

/*
 * 6.1's del_timer_sync(): a callback running elsewhere may re-arm its own timer, so the timer is detached only once
 * it is not running (try_to_del_timer_sync() says -1 while it is), waiting and trying again until then.
 */
int timer_delete_sync(struct timer_list *timer)
{
	int ret;

	do {
		ret = try_to_del_timer_sync(timer);
		if (unlikely(ret < 0))
			del_timer_wait_running(timer);
	} while (ret < 0);
	return ret;
}

int del_timer_sync(struct timer_list *timer)
{
	return timer_delete_sync(timer);
}

int timer_shutdown_sync(struct timer_list *timer)
{
	int ret = timer_delete_sync(timer);

	timer->function = NULL;
	return ret;
}

int timer_shutdown(struct timer_list *timer)
{
	int ret = timer_delete(timer);

	timer->function = NULL;
	return ret;
}

static void call_timer_fn(struct timer_list *timer, void (*fn)(struct timer_list *))
{
	fn(timer);
}

static void expire_timers(void)
{
	struct timer_list *timer;

	while ((timer = __next_expired_timer()) != NULL) {
		void (*fn)(struct timer_list *) = timer->function;

		__timer_running(timer, 1);
		call_timer_fn(timer, fn);
		__timer_running(timer, 0);
	}
}

void run_timer_softirq(void)
{
	expire_timers();
}

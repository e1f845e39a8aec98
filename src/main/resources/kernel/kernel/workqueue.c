/*
 * Mirrors kernel/workqueue.c of Linux 6.1: a work item is queued once while PENDING, on the worker pool its workqueue
 * maps to (a per-CPU workqueue: the queueing CPU's normal or highpri pool; WQ_UNBOUND: the unbound pool), and a
 * worker of that pool (kworker/C:1, kworker/C:1H, kworker/uN:1) runs it. cancel_work_sync() removes a pending item
 * and waits for a running one, but does not stop later queueing. flush_workqueue() waits for what its workqueue had
 * queued when it was called; drain_workqueue() (and so destroy_workqueue()) flushes until nothing is left, and
 * meanwhile only the workqueue's own work items may queue more (a WARN otherwise). The workqueue is freed after an
 * RCU grace period. Which items wait on which pool is bookkeeping in Java.
 */

void INIT_WORK(struct work_struct *work, work_func_t func)
{
	work->data.counter = 0;
	work->entry.next = &work->entry;
	work->entry.prev = &work->entry;
	work->func = func;
}

/* Determine whether the current worker is running a work item of @wq: it may queue on @wq while it drains. */
static bool is_chained_work(struct workqueue_struct *wq)
{
	return __current_worker_wq() == wq;
}

static void __queue_work(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	if (cpu == WORK_CPU_UNBOUND)
		cpu = raw_smp_processor_id();

	/* if draining, only works from the same workqueue are allowed */
	if (unlikely(wq->flags & __WQ_DRAINING) &&
	    WARN_ON_ONCE(!is_chained_work(wq)))
		return;
	__insert_work(wq, work, cpu);
}

void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = container_of(t, struct delayed_work, timer);

	/* should have been called from irqsafe timer with irq already off */
	__queue_work(dwork->cpu, dwork->wq, &dwork->work);
}

void INIT_DELAYED_WORK(struct delayed_work *dwork, work_func_t func)
{
	INIT_WORK(&dwork->work, func);
	timer_setup(&dwork->timer, delayed_work_timer_fn, 0);
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	bool ret = false;

	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))) {
		__queue_work(cpu, wq, work);
		ret = true;
	}
	return ret;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

static void __queue_delayed_work(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
				 unsigned long delay)
{
	struct timer_list *timer = &dwork->timer;
	struct work_struct *work = &dwork->work;

	WARN_ON_ONCE(timer->function != delayed_work_timer_fn);
	WARN_ON_ONCE(timer_pending(timer));

	/*
	 * If @delay is 0, queue @dwork->work immediately.  This is for
	 * both optimization and correctness.  The earliest @timer can
	 * expire is on the closest next tick and delayed_work users depend
	 * on that there's no such delay when @delay is 0.
	 */
	if (!delay) {
		__queue_work(cpu, wq, &dwork->work);
		return;
	}

	dwork->wq = wq;
	dwork->cpu = cpu;
	timer->expires = jiffies + delay;
	add_timer(timer);
}

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	struct work_struct *work = &dwork->work;
	bool ret = false;

	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))) {
		__queue_delayed_work(cpu, wq, dwork, delay);
		ret = true;
	}
	return ret;
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_wq, dwork, delay);
}

/*
 * try_to_grab_pending: steal PENDING from a delayed work's timer or from the pool's list.
 * 1 if it was pending (and still is, now ours), 0 if it was idle (PENDING now set), -EAGAIN if someone else
 * holds PENDING without the item being queued anywhere (being queued or cancelled right now).
 */
static int try_to_grab_pending(struct work_struct *work, bool is_dwork)
{
	if (is_dwork) {
		struct delayed_work *dwork = to_delayed_work(work);

		if (likely(del_timer(&dwork->timer)))
			return 1;
	}

	/* try to claim PENDING the normal way */
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))
		return 0;

	if (__work_unqueue(work))
		return 1;
	return -EAGAIN;
}

bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	int ret;

	do {
		ret = try_to_grab_pending(&dwork->work, true);
	} while (unlikely(ret == -EAGAIN));

	if (likely(ret >= 0))
		__queue_delayed_work(cpu, wq, dwork, delay);

	/* -ENOENT from try_to_grab_pending() becomes %true */
	return ret;
}

bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

static void process_one_work(struct work_struct *work)
{
	work_func_t worker = work->func;

	__work_started(work, worker);
	clear_bit(WORK_STRUCT_PENDING_BIT, &work->data);
	worker(work);
	__work_done(work);
}

/* A worker of a pool: runs the pool's queued items in order, then goes idle (exits). */
void worker_thread(int pool)
{
	struct work_struct *work;

	while ((work = __next_work(pool)) != NULL)
		process_one_work(work);
}

bool cancel_work(struct work_struct *work)
{
	return __cancel_work(work);
}

bool cancel_work_sync(struct work_struct *work)
{
	bool pending;

	__might_sleep(__FILE__, 3017);	/* 6.1: start_flush_work's might_sleep() */
	pending = __cancel_work(work);
	__flush_work_wait(work);
	return pending;
}

bool flush_work(struct work_struct *work)
{
	__might_sleep(__FILE__, 3017);	/* 6.1: start_flush_work's might_sleep() */
	__flush_work_wait(work);
	return true;
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	bool pending = del_timer(&dwork->timer);

	if (__cancel_work(&dwork->work))
		pending = true;
	else if (pending)
		clear_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&dwork->work));
	return pending;
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	bool pending = del_timer_sync(&dwork->timer);

	if (__cancel_work(&dwork->work))
		pending = true;
	else if (pending)
		clear_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&dwork->work));
	__flush_work_wait(&dwork->work);
	return pending;
}

bool flush_delayed_work(struct delayed_work *dwork)
{
	if (del_timer_sync(&dwork->timer))
		__queue_work(dwork->cpu, dwork->wq, &dwork->work);
	return flush_work(&dwork->work);
}

/* __flush_workqueue: waits for the work items the workqueue had queued (or was running) when it was called. */
void flush_workqueue(struct workqueue_struct *wq)
{
	__might_sleep("kernel/sched/completion.c", 101);	/* 6.1: waits in wait_for_completion(&this_flusher.done) */
	__flush_workqueue_wait(wq);
}

void flush_scheduled_work(void)
{
	flush_workqueue(system_wq);
}

void drain_workqueue(struct workqueue_struct *wq)
{
	unsigned int flush_cnt = 0;

	/*
	 * __queue_work() needs to test whether there are drainers, is much
	 * hotter than drain_workqueue() and already looks at @wq->flags.
	 * Use __WQ_DRAINING so that queue doesn't have to check nr_drainers.
	 */
	if (!wq->nr_drainers++)
		wq->flags |= __WQ_DRAINING;
reflush:
	flush_workqueue(wq);

	if (!__workqueue_drained(wq)) {
		if (++flush_cnt == 10 ||
		    (flush_cnt % 100 == 0 && flush_cnt <= 1000))
			pr_warn("workqueue %s: %s() isn't complete after %u tries\n",
				wq->name, __func__, flush_cnt);
		goto reflush;
	}

	if (!--wq->nr_drainers)
		wq->flags &= ~__WQ_DRAINING;
}

static void rcu_free_wq(struct rcu_head *rcu)
{
	struct workqueue_struct *wq = container_of(rcu, struct workqueue_struct, rcu);

	kfree(wq);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	/* drain it before proceeding with destruction */
	drain_workqueue(wq);

	/* remove it from the workqueues list, then free it once no RCU reader can see it */
	__unregister_workqueue(wq);
	call_rcu(&wq->rcu, rcu_free_wq);
}

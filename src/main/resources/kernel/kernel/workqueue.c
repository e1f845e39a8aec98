/*
 * Mirrors kernel/workqueue.c of Linux 6.x: a work item is queued once while PENDING; a kworker of the CPU runs
 * it. cancel_work_sync() removes a pending item and waits for a running one, but does not stop later queueing.
 */

void INIT_WORK(struct work_struct *work, work_func_t func)
{
	work->data.counter = 0;
	work->entry.next = &work->entry;
	work->entry.prev = &work->entry;
	work->func = func;
}

static void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = container_of(t, struct delayed_work, timer);

	__queue_work(dwork->wq, &dwork->work, smp_processor_id());
}

void INIT_DELAYED_WORK(struct delayed_work *dwork, work_func_t func)
{
	INIT_WORK(&dwork->work, func);
	timer_setup(&dwork->timer, delayed_work_timer_fn, 0);
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	if (test_and_set_bit(WORK_STRUCT_PENDING_BIT, &work->data))
		return false;
	__queue_work(wq, work, cpu);
	return true;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(smp_processor_id(), wq, work);
}

bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	if (test_and_set_bit(WORK_STRUCT_PENDING_BIT, &dwork->work.data))
		return false;
	dwork->wq = wq;
	if (!delay) {
		__queue_work(wq, &dwork->work, smp_processor_id());
		return true;
	}
	mod_timer(&dwork->timer, jiffies + delay);
	return true;
}

bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

static void process_one_work(struct work_struct *work)
{
	work_func_t worker = work->func;

	__work_started(work);
	clear_bit(WORK_STRUCT_PENDING_BIT, &work->data);
	worker(work);
	__work_done(work);
}

/* The kworker context of a CPU: runs queued items in order, then goes idle (exits). */
void worker_thread(int cpu)
{
	struct work_struct *work;

	while ((work = __next_work(cpu)) != NULL)
		process_one_work(work);
}

bool cancel_work(struct work_struct *work)
{
	return __cancel_work(work);
}

bool cancel_work_sync(struct work_struct *work)
{
	bool pending;

	might_sleep();
	pending = __cancel_work(work);
	__flush_work_wait(work);
	return pending;
}

bool flush_work(struct work_struct *work)
{
	might_sleep();
	__flush_work_wait(work);
	return true;
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	bool pending = del_timer(&dwork->timer);

	if (__cancel_work(&dwork->work))
		pending = true;
	return pending;
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	bool pending = del_timer_sync(&dwork->timer);

	if (__cancel_work(&dwork->work))
		pending = true;
	__flush_work_wait(&dwork->work);
	return pending;
}

bool flush_delayed_work(struct delayed_work *dwork)
{
	if (del_timer_sync(&dwork->timer))
		__queue_work(dwork->wq, &dwork->work, smp_processor_id());
	return flush_work(&dwork->work);
}

void flush_workqueue(struct workqueue_struct *wq)
{
	might_sleep();
	__flush_workqueue_wait(wq);
}

void flush_scheduled_work(void)
{
	flush_workqueue(system_wq);
}

void drain_workqueue(struct workqueue_struct *wq)
{
	flush_workqueue(wq);
}

struct workqueue_struct *create_singlethread_workqueue(const char *name)
{
	return __alloc_workqueue(name);
}

struct workqueue_struct *create_workqueue(const char *name)
{
	return __alloc_workqueue(name);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	drain_workqueue(wq);
	__destroy_workqueue(wq);
}

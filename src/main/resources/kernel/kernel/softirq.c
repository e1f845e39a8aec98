/* Mirrors kernel/softirq.c of Linux 6.x. */

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

	/* After MAX_SOFTIRQ_RESTART rounds what is still pending stays pending (for ksoftirqd / the next irq_exit). */
	while (restart-- > 0 && (pending = softirq_pending_take()) != 0) {
		if (pending & (1 << TIMER_SOFTIRQ))
			run_timer_softirq();
		if (pending & (1 << TASKLET_SOFTIRQ))
			tasklet_action();
		if (pending & (1 << RCU_SOFTIRQ))
			rcu_core();
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

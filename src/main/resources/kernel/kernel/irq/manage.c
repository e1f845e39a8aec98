/* Mirrors kernel/irq/manage.c of Linux 6.x. */

enum { IRQTF_RUNTHREAD = 0 };

/* The primary handler of a threaded IRQ given none: just wake the thread. */
static irqreturn_t irq_default_primary_handler(int irq, void *dev_id)
{
	return IRQ_WAKE_THREAD;
}

/* The "irq/N-name" kernel thread: runs thread_fn each time the hardirq woke it, until kthread_stop. */
static int irq_thread(void *data)
{
	struct irqaction *action = data;

	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (test_and_clear_bit(IRQTF_RUNTHREAD, &action->thread_flags)) {
			__set_current_state(TASK_RUNNING);
			action->thread_fn(action->irq, action->dev_id);
			__irq_thread_done(action->irq);
			continue;
		}
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

void __irq_wake_thread(struct irqaction *action)
{
	if (test_and_set_bit(IRQTF_RUNTHREAD, &action->thread_flags))
		return;
	__irq_thread_woken(action->irq);
	wake_up_process(action->thread);
}

int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn, unsigned long flags,
			 const char *name, void *dev_id)
{
	struct irqaction *action;
	int retval;

	if (handler == NULL && thread_fn == NULL)
		return -EINVAL;
	if (handler == NULL)
		handler = irq_default_primary_handler;
	action = kzalloc(sizeof(struct irqaction), GFP_KERNEL);
	if (!action)
		return -ENOMEM;
	action->handler = handler;
	action->thread_fn = thread_fn;
	action->flags = flags;
	action->name = name;
	action->dev_id = dev_id;
	action->irq = irq;
	if (thread_fn) {
		/* setup_irq_thread: no thread (threads-max reached) fails the request */
		struct task_struct *t = kthread_create(irq_thread, action, "irq/%d-%s", irq, name);

		if (IS_ERR(t)) {
			kfree(action);
			return PTR_ERR(t);
		}
		action->thread = t;
		wake_up_process(action->thread);
	}
	retval = __setup_irq(irq, action);
	if (retval) {
		if (action->thread)
			kthread_stop(action->thread);
		kfree(action);
	}
	return retval;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name, void *dev_id)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev_id);
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
	if (action->thread) {
		synchronize_irq_threads(irq);
		kthread_stop(action->thread);
	}
	devname = action->name;
	kfree(action);
	return devname;
}

/* Waits for running handlers of the line, hardirq and threaded ones. */
void synchronize_irq(unsigned int irq)
{
	synchronize_hardirq(irq);
	synchronize_irq_threads(irq);
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
	return devm_request_threaded_irq(dev, irq, handler, NULL, irqflags, devname, dev_id);
}

int devm_request_threaded_irq(struct device *dev, unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			      unsigned long irqflags, const char *devname, void *dev_id)
{
	struct irq_devres *dr;
	int rc;

	dr = devres_alloc(devm_irq_release, sizeof(struct irq_devres), "devm_request_irq");
	if (!dr)
		return -ENOMEM;
	rc = request_threaded_irq(irq, handler, thread_fn, irqflags, devname, dev_id);
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

/* Mirrors kernel/irq/manage.c of Linux 6.x. */

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name, void *dev_id)
{
	struct irqaction *action;
	int retval;

	if (handler == NULL)
		return -EINVAL;
	action = kzalloc(sizeof(struct irqaction), GFP_KERNEL);
	if (!action)
		return -ENOMEM;
	action->handler = handler;
	action->flags = flags;
	action->name = name;
	action->dev_id = dev_id;
	action->irq = irq;
	retval = __setup_irq(irq, action);
	if (retval)
		kfree(action);
	return retval;
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
	devname = action->name;
	kfree(action);
	return devname;
}

void synchronize_irq(unsigned int irq)
{
	synchronize_hardirq(irq);
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
	struct irq_devres *dr;
	int rc;

	dr = devres_alloc(devm_irq_release, sizeof(struct irq_devres), "devm_request_irq");
	if (!dr)
		return -ENOMEM;
	rc = request_irq(irq, handler, irqflags, devname, dev_id);
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

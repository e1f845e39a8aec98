/*
 * Mirrors drivers/input/input.c of Linux 6.1: allocating, registering and unregistering an input device, and the
 * path of an event (input_event -> input_handle_event -> input_get_disposition) that keeps the device's key state
 * and passes what changed to the handlers. No handler (evdev, keyboard) is modelled: a packet ends at
 * input_pass_values. The input class (input_init, a subsys_initcall in Linux) is there from boot.
 */

#define INPUT_IGNORE_EVENT	0
#define INPUT_PASS_TO_HANDLERS	1
#define INPUT_PASS_TO_DEVICE	2
#define INPUT_SLOT		4
#define INPUT_FLUSH		8
#define INPUT_PASS_TO_ALL	(INPUT_PASS_TO_HANDLERS | INPUT_PASS_TO_DEVICE)

static LIST_HEAD(input_dev_list);
static DEFINE_MUTEX(input_mutex);

/* input_class, registered at boot by input_init (/sys/class/input) */
static struct subsys_private input_class_private = {
	.subsys = { .kobj = {
		.name = "input",
		.parent = &class_kset_kobject,
		.ktype = &class_ktype,
		.kref = { .refcount = { .refs = { .counter = 1 } } },
		.state_initialized = true,
		.state_in_sysfs = true,
	} },
	.klist_devices = LIST_HEAD_INIT(input_class_private.klist_devices),
	.class = &input_class,
};

struct class input_class = {
	.name = "input",
	.p = &input_class_private,
};

static inline int is_event_supported(unsigned int code, unsigned long *bm, unsigned int max)
{
	return code <= max && test_bit(code, bm);
}

/* A packet (the events up to SYN_REPORT) goes to the handlers attached to the device: none here. */
static void input_pass_values(struct input_dev *dev, unsigned int count)
{
}

static int input_get_disposition(struct input_dev *dev, unsigned int type, unsigned int code, int *pval)
{
	int disposition = INPUT_IGNORE_EVENT;
	int value = *pval;

	switch (type) {
	case EV_SYN:
		switch (code) {
		case SYN_CONFIG:
			disposition = INPUT_PASS_TO_ALL;
			break;
		case SYN_REPORT:
			disposition = INPUT_PASS_TO_HANDLERS | INPUT_FLUSH;
			break;
		case SYN_MT_REPORT:
			disposition = INPUT_PASS_TO_HANDLERS;
			break;
		}
		break;

	case EV_KEY:
		if (is_event_supported(code, dev->keybit, KEY_MAX)) {
			/* auto-repeat bypasses state updates */
			if (value == 2) {
				disposition = INPUT_PASS_TO_HANDLERS;
				break;
			}
			if (!!test_bit(code, dev->key) != !!value) {
				change_bit(code, dev->key);
				disposition = INPUT_PASS_TO_HANDLERS;
			}
		}
		break;

	case EV_SW:
		if (is_event_supported(code, dev->swbit, SW_MAX) && !!test_bit(code, dev->sw) != !!value) {
			change_bit(code, dev->sw);
			disposition = INPUT_PASS_TO_HANDLERS;
		}
		break;

	case EV_REL:
		if (is_event_supported(code, dev->relbit, REL_MAX) && value)
			disposition = INPUT_PASS_TO_HANDLERS;
		break;

	case EV_MSC:
		if (is_event_supported(code, dev->mscbit, MSC_MAX))
			disposition = INPUT_PASS_TO_ALL;
		break;

	case EV_LED:
		if (is_event_supported(code, dev->ledbit, LED_MAX) && !!test_bit(code, dev->led) != !!value) {
			change_bit(code, dev->led);
			disposition = INPUT_PASS_TO_ALL;
		}
		break;

	case EV_SND:
		if (is_event_supported(code, dev->sndbit, SND_MAX)) {
			if (!!test_bit(code, dev->snd) != !!value)
				change_bit(code, dev->snd);
			disposition = INPUT_PASS_TO_ALL;
		}
		break;

	case EV_REP:
		if (code <= REP_MAX && value >= 0 && dev->rep[code] != value) {
			dev->rep[code] = value;
			disposition = INPUT_PASS_TO_ALL;
		}
		break;
	}

	*pval = value;
	return disposition;
}

static void input_handle_event(struct input_dev *dev, unsigned int type, unsigned int code, int value)
{
	int disposition;

	disposition = input_get_disposition(dev, type, code, &value);

	if ((disposition & INPUT_PASS_TO_DEVICE) && dev->event)
		dev->event(dev, type, code, value);

	if (disposition & INPUT_PASS_TO_HANDLERS)
		dev->num_vals++;

	if (disposition & INPUT_FLUSH) {
		if (dev->num_vals >= 2)
			input_pass_values(dev, dev->num_vals);
		dev->num_vals = 0;
	}
}

/*
 * input_event() - report new input event
 * The event is dropped unless the device declared its type in evbit (and its code in the type's bitmap).
 */
void input_event(struct input_dev *dev, unsigned int type, unsigned int code, int value)
{
	unsigned long flags;

	if (is_event_supported(type, dev->evbit, EV_MAX)) {
		spin_lock_irqsave(&dev->event_lock, flags);
		input_handle_event(dev, type, code, value);
		spin_unlock_irqrestore(&dev->event_lock, flags);
	}
}

/* Keys still down when the device goes away are released (with a SYN_REPORT), so no key stays stuck. */
static bool input_dev_release_keys(struct input_dev *dev)
{
	bool need_sync = false;
	int code;

	if (is_event_supported(EV_KEY, dev->evbit, EV_MAX)) {
		for_each_set_bit(code, dev->key, KEY_CNT) {
			input_handle_event(dev, EV_KEY, code, 0);
			need_sync = true;
		}
	}
	return need_sync;
}

static void input_disconnect_device(struct input_dev *dev)
{
	mutex_lock(&dev->mutex);
	dev->going_away = true;
	mutex_unlock(&dev->mutex);

	spin_lock_irq(&dev->event_lock);
	if (input_dev_release_keys(dev))
		input_handle_event(dev, EV_SYN, SYN_REPORT, 1);
	spin_unlock_irq(&dev->event_lock);
}

static atomic_t input_no = ATOMIC_INIT(-1);	/* a static of input_allocate_device in Linux */

static void input_dev_release(struct device *device)
{
	struct input_dev *dev = to_input_dev(device);

	kfree(dev);
}

static const struct device_type input_dev_type = {
	.name = "input_dev",	/* in Linux also its groups, uevent and pm ops */
	.release = input_dev_release,
};

struct input_dev *input_allocate_device(void)
{
	struct input_dev *dev;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (dev) {
		dev->dev.type = &input_dev_type;
		dev->dev.class = &input_class;
		device_initialize(&dev->dev);
		mutex_init(&dev->mutex);
		spin_lock_init(&dev->event_lock);
		INIT_LIST_HEAD(&dev->h_list);
		INIT_LIST_HEAD(&dev->node);

		dev_set_name(&dev->dev, "input%lu", (unsigned long)atomic_inc_return(&input_no));
	}

	return dev;
}

void input_free_device(struct input_dev *dev)
{
	if (dev)
		input_put_device(dev);
}

void input_set_capability(struct input_dev *dev, unsigned int type, unsigned int code)
{
	switch (type) {
	case EV_KEY:
		__set_bit(code, dev->keybit);
		break;
	case EV_REL:
		__set_bit(code, dev->relbit);
		break;
	case EV_ABS:
		__set_bit(code, dev->absbit);
		break;
	case EV_MSC:
		__set_bit(code, dev->mscbit);
		break;
	case EV_SW:
		__set_bit(code, dev->swbit);
		break;
	case EV_LED:
		__set_bit(code, dev->ledbit);
		break;
	case EV_SND:
		__set_bit(code, dev->sndbit);
		break;
	case EV_PWR:
		/* do nothing */
		break;
	default:
		pr_err("%s: unknown type %u (code %u)\n", __func__, type, code);
		dump_stack();
		return;
	}

	__set_bit(type, dev->evbit);
}

#define INPUT_CLEANSE_BITMASK(dev, type, bits)				\
	do {								\
		if (!test_bit(EV_##type, dev->evbit))			\
			memset(dev->bits##bit, 0, sizeof(dev->bits##bit)); \
	} while (0)

static void input_cleanse_bitmasks(struct input_dev *dev)
{
	INPUT_CLEANSE_BITMASK(dev, KEY, key);
	INPUT_CLEANSE_BITMASK(dev, REL, rel);
	INPUT_CLEANSE_BITMASK(dev, ABS, abs);
	INPUT_CLEANSE_BITMASK(dev, MSC, msc);
	INPUT_CLEANSE_BITMASK(dev, LED, led);
	INPUT_CLEANSE_BITMASK(dev, SND, snd);
	INPUT_CLEANSE_BITMASK(dev, SW, sw);
}

int input_register_device(struct input_dev *dev)
{
	const char *path;
	int error;

	/* Every input device generates EV_SYN/SYN_REPORT events. */
	__set_bit(EV_SYN, dev->evbit);

	/* KEY_RESERVED is not supposed to be transmitted to userspace. */
	__clear_bit(KEY_RESERVED, dev->keybit);

	/* Make sure that bitmasks not mentioned in dev->evbit are clean. */
	input_cleanse_bitmasks(dev);

	/*
	 * If delay and period are pre-set by the driver, then autorepeating
	 * is handled by the driver itself and we don't do it in input.c.
	 * (input_enable_softrepeat: the repeat timer itself is not modelled.)
	 */
	if (!dev->rep[REP_DELAY] && !dev->rep[REP_PERIOD]) {
		dev->rep[REP_DELAY] = 250;
		dev->rep[REP_PERIOD] = 33;
	}

	error = device_add(&dev->dev);
	if (error)
		return error;

	path = kobject_get_path(&dev->dev.kobj, GFP_KERNEL);
	pr_info("input: %s as %s\n", dev->name ? dev->name : "Unspecified device", path ? path : "N/A");
	kfree(path);

	error = mutex_lock_interruptible(&input_mutex);
	if (error) {
		device_del(&dev->dev);
		return error;
	}

	list_add_tail(&dev->node, &input_dev_list);

	mutex_unlock(&input_mutex);

	return 0;
}

static void __input_unregister_device(struct input_dev *dev)
{
	input_disconnect_device(dev);

	mutex_lock(&input_mutex);
	list_del_init(&dev->node);
	mutex_unlock(&input_mutex);

	device_del(&dev->dev);
}

void input_unregister_device(struct input_dev *dev)
{
	__input_unregister_device(dev);
	input_put_device(dev);
}

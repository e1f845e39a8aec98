/*
 * After drivers/gpio/gpio-sim.c of Linux 6.1: the world's GPIO controller. Its lines are bits in memory: the
 * direction, the level (value_map) and the level the world pulls an input to (pull_map, gpio-sim's "pull"
 * attribute). Each line is an interrupt (gpio-sim's irq_sim): to_irq maps it. What the hardware does when the world
 * pulls a line (the `gpio N VALUE` command: the level of an input follows, and an edge its trigger type wants raises
 * its interrupt) is Java (engine/GpioLines). The world registers the chip at boot (base and lines from the
 * scenario's world: gpio; irq_base is GpioSpec.IRQ_BASE).
 */

#define GPIO_SIM_NGPIO_MAX	256

struct gpio_sim_chip {
	struct gpio_chip gc;
	unsigned long direction_map[GPIO_SIM_NGPIO_MAX / BITS_PER_LONG];
	unsigned long value_map[GPIO_SIM_NGPIO_MAX / BITS_PER_LONG];
	unsigned long pull_map[GPIO_SIM_NGPIO_MAX / BITS_PER_LONG];
	unsigned long irq_mapped[GPIO_SIM_NGPIO_MAX / BITS_PER_LONG];
	int irq_base;
};

static int gpio_sim_get(struct gpio_chip *gc, unsigned int offset)
{
	struct gpio_sim_chip *chip = container_of(gc, struct gpio_sim_chip, gc);

	return !!test_bit(offset, chip->value_map);
}

static void gpio_sim_set(struct gpio_chip *gc, unsigned int offset, int value)
{
	struct gpio_sim_chip *chip = container_of(gc, struct gpio_sim_chip, gc);

	if (value)
		set_bit(offset, chip->value_map);
	else
		clear_bit(offset, chip->value_map);
}

static int gpio_sim_direction_output(struct gpio_chip *gc, unsigned int offset, int value)
{
	struct gpio_sim_chip *chip = container_of(gc, struct gpio_sim_chip, gc);

	clear_bit(offset, chip->direction_map);
	gpio_sim_set(gc, offset, value);

	return 0;
}

/* An input again: the line follows what the world pulls it to. */
static int gpio_sim_direction_input(struct gpio_chip *gc, unsigned int offset)
{
	struct gpio_sim_chip *chip = container_of(gc, struct gpio_sim_chip, gc);

	set_bit(offset, chip->direction_map);
	gpio_sim_set(gc, offset, test_bit(offset, chip->pull_map));

	return 0;
}

static int gpio_sim_get_direction(struct gpio_chip *gc, unsigned int offset)
{
	struct gpio_sim_chip *chip = container_of(gc, struct gpio_sim_chip, gc);

	return test_bit(offset, chip->direction_map) ? 1 : 0;
}

/* irq_create_mapping: the line's interrupt number, known from now on. */
static int gpio_sim_to_irq(struct gpio_chip *gc, unsigned int offset)
{
	struct gpio_sim_chip *chip = container_of(gc, struct gpio_sim_chip, gc);

	set_bit(offset, chip->irq_mapped);
	return chip->irq_base + offset;
}

static struct gpio_desc gpio_sim_descs[GPIO_SIM_NGPIO_MAX];

struct gpio_sim_chip gpio_sim_chip0 = {
	.gc = {
		.label			= "gpio-sim.0-node0",
		.get			= gpio_sim_get,
		.set			= gpio_sim_set,
		.direction_output	= gpio_sim_direction_output,
		.direction_input	= gpio_sim_direction_input,
		.get_direction		= gpio_sim_get_direction,
		.to_irq			= gpio_sim_to_irq,
		.can_sleep		= false,
	},
};

struct gpio_device gpio_sim_gdev0 = {
	.chip	= &gpio_sim_chip0.gc,
	.descs	= gpio_sim_descs,
	.label	= "gpio-sim.0-node0",
};

/* A devicetree cell <&gpio OFFSET FLAGS> of the one chip: its line's descriptor. */
struct gpio_desc *gpio_sim_of_xlate(u32 offset)
{
	if (!gpio_sim_gdev0.ngpio)
		return ERR_PTR(-EPROBE_DEFER);
	if (offset >= gpio_sim_gdev0.ngpio)
		return ERR_PTR(-EINVAL);
	return &gpio_sim_descs[offset];
}

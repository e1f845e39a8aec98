/*
 * Mirrors include/linux/gpio/driver.h of Linux 6.1: a GPIO controller as gpiolib sees it. The fields the consumer
 * paths use; the controller of the model is the world's one simulated chip (drivers/gpio/gpio-sim.c).
 */

struct gpio_device;

struct gpio_chip {
	const char		*label;
	struct gpio_device	*gpiodev;
	struct device		*parent;
	struct module		*owner;

	int			(*request)(struct gpio_chip *gc, unsigned int offset);
	void			(*free)(struct gpio_chip *gc, unsigned int offset);
	int			(*get_direction)(struct gpio_chip *gc, unsigned int offset);
	int			(*direction_input)(struct gpio_chip *gc, unsigned int offset);
	int			(*direction_output)(struct gpio_chip *gc, unsigned int offset, int value);
	int			(*get)(struct gpio_chip *gc, unsigned int offset);
	void			(*set)(struct gpio_chip *gc, unsigned int offset, int value);
	int			(*to_irq)(struct gpio_chip *gc, unsigned int offset);

	int			base;
	u16			ngpio;
	bool			can_sleep;
};

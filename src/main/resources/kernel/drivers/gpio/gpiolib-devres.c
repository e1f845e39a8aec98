/* Mirrors drivers/gpio/gpiolib-devres.c of Linux 6.1: descriptors put when the device's driver goes. */

static void devm_gpiod_release(struct device *dev, void *res)
{
	struct gpio_desc **desc = res;

	gpiod_put(*desc);
}

struct gpio_desc *devm_gpiod_get_index(struct device *dev, const char *con_id, unsigned int idx,
				       enum gpiod_flags flags)
{
	struct gpio_desc **dr;
	struct gpio_desc *desc;

	desc = gpiod_get_index(dev, con_id, idx, flags);
	if (IS_ERR(desc))
		return desc;

	dr = devres_alloc(devm_gpiod_release, sizeof(struct gpio_desc *), "devm_gpiod_get");
	if (!dr) {
		gpiod_put(desc);
		return ERR_PTR(-ENOMEM);
	}

	*dr = desc;
	devres_add(dev, dr);

	return desc;
}

struct gpio_desc *devm_gpiod_get(struct device *dev, const char *con_id, enum gpiod_flags flags)
{
	return devm_gpiod_get_index(dev, con_id, 0, flags);
}

struct gpio_desc *devm_gpiod_get_optional(struct device *dev, const char *con_id, enum gpiod_flags flags)
{
	struct gpio_desc *desc;

	desc = devm_gpiod_get_index(dev, con_id, 0, flags);
	if (IS_ERR(desc)) {
		if (PTR_ERR(desc) == -ENOENT)
			return NULL;
	}

	return desc;
}

/*
 * devres_release(dev, devm_gpiod_release, devm_gpiod_match, &desc): the descriptor's devres entry taken off the
 * device and released now; a descriptor the device has no entry for is a WARN_ON (as devres_release's -ENOENT).
 */
void devm_gpiod_put(struct device *dev, struct gpio_desc *desc)
{
	struct gpio_desc **dr = devres_find_ptr(dev, "devm_gpiod_get", desc);

	if (WARN_ON(!dr))
		return;
	devres_remove(dev, dr);
	devm_gpiod_release(dev, dr);
	devres_free(dr);
}

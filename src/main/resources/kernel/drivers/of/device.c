/* Mirrors drivers/of/device.c of Linux 6.1, and drivers/base/property.c's device_get_match_data for OF nodes. */

/* Tell if a struct device matches an of_device_id list: the best entry, or NULL */
const struct of_device_id *of_match_device(const struct of_device_id *matches, const struct device *dev)
{
	if (!matches || !dev->of_node)
		return NULL;
	return of_match_node(matches, dev->of_node);
}

const void *of_device_get_match_data(const struct device *dev)
{
	const struct of_device_id *match;

	match = of_match_device(dev->driver->of_match_table, dev);
	if (!match)
		return NULL;

	return match->data;
}

const void *device_get_match_data(const struct device *dev)
{
	return of_device_get_match_data(dev);
}

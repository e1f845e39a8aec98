/*
 * Mirrors include/linux/of_device.h and include/linux/property.h's device_get_match_data of Linux 6.1 (CONFIG_OF=y):
 * matching a device's devicetree node against a driver's of_match_table (drivers/of/device.c).
 */

const struct of_device_id *of_match_device(const struct of_device_id *matches, const struct device *dev);
const void *of_device_get_match_data(const struct device *dev);
const void *device_get_match_data(const struct device *dev);

static inline int of_driver_match_device(struct device *dev, const struct device_driver *drv)
{
	return of_match_device(drv->of_match_table, dev) != NULL;
}

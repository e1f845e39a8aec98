/* Mirrors drivers/base/platform.c of Linux 6.x. */

static const struct platform_device_id *platform_match_id(const struct platform_device_id *id,
							 struct platform_device *pdev)
{
	while (id->name[0]) {
		if (strcmp(pdev->name, id->name) == 0) {
			pdev->id_entry = id;
			return id;
		}
		id++;
	}
	return NULL;
}

/*
 * platform_match - bind platform device to platform driver: the devicetree's "compatible" first, then the id
 * table, then the driver's name.
 */
static int platform_match(struct device *dev, struct device_driver *drv)
{
	struct platform_device *pdev = container_of(dev, struct platform_device, dev);
	struct platform_driver *pdrv = container_of(drv, struct platform_driver, driver);

	/* Attempt an OF style match first */
	if (of_driver_match_device(dev, drv))
		return 1;

	/* Then try to match against the id table */
	if (pdrv->id_table)
		return platform_match_id(pdrv->id_table, pdev) != NULL;

	/* fall-back to driver name match */
	return (strcmp(pdev->name, drv->name) == 0);
}

static int platform_probe(struct device *_dev)
{
	struct platform_driver *drv = container_of(_dev->driver, struct platform_driver, driver);
	struct platform_device *dev = container_of(_dev, struct platform_device, dev);
	int ret = -ENXIO;

	if (drv->probe)
		ret = drv->probe(dev);
	return ret;
}

static void platform_remove(struct device *_dev)
{
	struct platform_driver *drv = container_of(_dev->driver, struct platform_driver, driver);
	struct platform_device *dev = container_of(_dev, struct platform_device, dev);

	if (drv->remove_new)
		drv->remove_new(dev);
	else if (drv->remove)
		drv->remove(dev);
}

struct bus_type platform_bus_type = {
	.name = "platform",
	.match = platform_match,
	.probe = platform_probe,
	.remove = platform_remove,
};

int platform_driver_register(struct platform_driver *drv)
{
	drv->driver.bus = &platform_bus_type;
	return driver_register(&drv->driver);
}

void platform_driver_unregister(struct platform_driver *drv)
{
	driver_unregister(&drv->driver);
}

int platform_get_irq(struct platform_device *pdev, unsigned int num)
{
	if (num != 0 || pdev->irq <= 0) {
		dev_err(&pdev->dev, "IRQ index %u not found\n", num);
		return -ENXIO;
	}
	return pdev->irq;
}

int platform_get_irq_optional(struct platform_device *pdev, unsigned int num)
{
	if (num != 0 || pdev->irq <= 0)
		return -ENXIO;
	return pdev->irq;
}

void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

void platform_set_drvdata(struct platform_device *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

static void platform_device_release(struct device *dev)
{
	struct platform_device *pdev = container_of(dev, struct platform_device, dev);

	kfree(pdev);
}

void platform_device_del(struct platform_device *pdev)
{
	device_del(&pdev->dev);
}

void platform_device_put(struct platform_device *pdev)
{
	put_device(&pdev->dev);
}

/* Hot-unplug of a platform device: device_del unbinds the driver (remove, devres), then the last put frees it. */
void platform_device_unregister(struct platform_device *pdev)
{
	platform_device_del(pdev);
	platform_device_put(pdev);
}

struct resource *platform_get_resource(struct platform_device *dev, unsigned int type, unsigned int num)
{
	if (type != IORESOURCE_MEM || num != 0 || dev->resource == NULL)
		return NULL;
	return dev->resource;
}

void *devm_platform_ioremap_resource(struct platform_device *pdev, unsigned int index)
{
	struct resource *res = platform_get_resource(pdev, IORESOURCE_MEM, index);

	if (!res)
		return ERR_PTR(-EINVAL);
	return devm_ioremap_resource(&pdev->dev, res);
}

struct platform_device *to_platform_device(struct device *dev)
{
	return container_of(dev, struct platform_device, dev);
}

/*
 * Mirrors drivers/i2c/i2c-core-base.c and i2c-core-smbus.c of Linux 6.x: clients bind to the i2c_driver whose
 * name matches theirs; SMBus transfers read and write the client's simulated register file.
 */

static int i2c_device_match(struct device *dev, struct device_driver *drv)
{
	return strcmp(dev_name(dev), drv->name) == 0;
}

static int i2c_device_probe(struct device *dev)
{
	struct i2c_client *client = container_of(dev, struct i2c_client, dev);
	struct i2c_driver *driver = container_of(dev->driver, struct i2c_driver, driver);

	if (!driver->probe)
		return -ENODEV;
	return driver->probe(client);
}

static void i2c_device_remove(struct device *dev)
{
	struct i2c_client *client = container_of(dev, struct i2c_client, dev);
	struct i2c_driver *driver = container_of(dev->driver, struct i2c_driver, driver);

	if (driver->remove)
		driver->remove(client);
}

struct bus_type i2c_bus_type = {
	.name = "i2c",
	.match = i2c_device_match,
	.probe = i2c_device_probe,
	.remove = i2c_device_remove,
};

int i2c_add_driver(struct i2c_driver *driver)
{
	driver->driver.bus = &i2c_bus_type;
	return driver_register(&driver->driver);
}

int i2c_register_driver(struct module *owner, struct i2c_driver *driver)
{
	driver->driver.owner = owner;
	return i2c_add_driver(driver);
}

void i2c_del_driver(struct i2c_driver *driver)
{
	driver_unregister(&driver->driver);
}

void i2c_set_clientdata(struct i2c_client *client, void *data)
{
	dev_set_drvdata(&client->dev, data);
}

void *i2c_get_clientdata(const struct i2c_client *client)
{
	return dev_get_drvdata(&client->dev);
}

s32 i2c_smbus_read_byte_data(const struct i2c_client *client, u8 command)
{
	__might_sleep("kernel/locking/rtmutex_api.c", 29);	/* 6.1: i2c_lock_bus's rt_mutex_lock_nested */
	return client->regs[command];
}

s32 i2c_smbus_write_byte_data(const struct i2c_client *client, u8 command, u8 value)
{
	struct i2c_client *c = (struct i2c_client *)client;

	__might_sleep("kernel/locking/rtmutex_api.c", 29);	/* 6.1: i2c_lock_bus's rt_mutex_lock_nested */
	c->regs[command] = value;
	return 0;
}

s32 i2c_smbus_read_word_data(const struct i2c_client *client, u8 command)
{
	__might_sleep("kernel/locking/rtmutex_api.c", 29);	/* 6.1: i2c_lock_bus's rt_mutex_lock_nested */
	return client->regs[command] | (client->regs[(command + 1) & 0xff] << 8);
}

s32 i2c_smbus_write_word_data(const struct i2c_client *client, u8 command, u16 value)
{
	struct i2c_client *c = (struct i2c_client *)client;

	__might_sleep("kernel/locking/rtmutex_api.c", 29);	/* 6.1: i2c_lock_bus's rt_mutex_lock_nested */
	c->regs[command] = value & 0xff;
	c->regs[(command + 1) & 0xff] = value >> 8;
	return 0;
}

static void i2c_client_dev_release(struct device *dev)
{
	kfree(container_of(dev, struct i2c_client, dev));
}

void i2c_unregister_device(struct i2c_client *client)
{
	device_del(&client->dev);
	put_device(&client->dev);
}

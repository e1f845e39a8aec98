/* I2C as drivers see it (include/linux/i2c.h): a client is a struct device on the i2c bus at an address. */

struct i2c_device_id {
	char name[20];
	unsigned long driver_data;
};

struct i2c_client {
	unsigned short flags;
	unsigned short addr;
	char name[20];
	struct device dev;
	int irq;
	u8 regs[256];
};

struct i2c_driver {
	int (*probe)(struct i2c_client *client);
	void (*remove)(struct i2c_client *client);
	void (*shutdown)(struct i2c_client *client);
	struct device_driver driver;
	const struct i2c_device_id *id_table;
};

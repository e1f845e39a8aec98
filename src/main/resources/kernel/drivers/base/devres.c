/* Mirrors drivers/base/devres.c of Linux 6.x. */

static void release_nodes(struct device *dev, void *res)
{
	dr_release_t release = devres_release_fn(res);

	if (release)
		release(dev, res);
	devres_free(res);
}

/* LIFO: the last resource added is released first. */
int devres_release_all(struct device *dev)
{
	void *res;
	int cnt = 0;

	while ((res = devres_pop(dev)) != NULL) {
		release_nodes(dev, res);
		cnt++;
	}
	return cnt;
}

static void devm_action_release(struct device *dev, void *res)
{
	struct action_devres *devres = res;

	devres->action(devres->data);
}

int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct action_devres *devres;

	devres = devres_alloc(devm_action_release, sizeof(struct action_devres), "devm_add_action");
	if (!devres)
		return -ENOMEM;
	devres->data = data;
	devres->action = action;
	devres_add(dev, devres);
	return 0;
}

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data)
{
	int ret;

	ret = devm_add_action(dev, action, data);
	if (ret)
		action(data);
	return ret;
}

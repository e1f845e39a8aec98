/* Mirrors kernel/module/main.c of Linux 6.x. */

static int do_one_initcall(initcall_t fn)
{
	int ret;

	ret = fn();
	return ret;
}

/* free_module()'s first steps (mod_sysfs_teardown, destroy_params, the args), before the memory goes. */
static void module_params_teardown(struct module *mod)
{
	module_param_sysfs_remove(mod);
	destroy_params(mod->kp, mod->num_kp);
	kfree(mod->kp);
	kfree(mod->args);
}

static int do_init_module(struct module *mod)
{
	int ret = 0;

	if (mod->init != NULL)
		ret = do_one_initcall(mod->init);
	if (ret < 0) {
		module_set_state(mod, MODULE_STATE_GOING);
		module_params_teardown(mod);
		free_module(mod);
		return ret;
	}
	if (ret > 0)
		pr_warn("%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n",
			"do_init_module", mod->name, ret);
	module_set_state(mod, MODULE_STATE_LIVE);
	return 0;
}

/* finit_module(2): the module image is already laid out (UNFORMED); run its init. */
int load_module(struct module *mod)
{
	long err;

	module_set_state(mod, MODULE_STATE_COMING);
	if (mod->args) {
		/* Module is ready to execute: parsing args may do that. */
		err = parse_args(mod->name, mod->args, mod->kp, mod->num_kp);
		if (err < 0) {
			module_set_state(mod, MODULE_STATE_GOING);
			module_params_teardown(mod);
			free_module(mod);
			return err;
		}
	}
	module_param_sysfs_setup(mod, mod->kp, mod->num_kp);
	return do_init_module(mod);
}

/* delete_module(2): refuses while in use (rmmod does not wait since 3.13), else exit() then free. */
long delete_module(struct module *mod)
{
	if (mod->state != MODULE_STATE_LIVE)
		return -EBUSY;
	if (mod->init != NULL && mod->exit == NULL)
		return -EBUSY;
	if (module_refcount(mod) != 0)
		return -EWOULDBLOCK;
	module_set_state(mod, MODULE_STATE_GOING);
	if (mod->exit != NULL)
		mod->exit();
	/* Store the name and taints of the last unloaded module for diagnostic purposes */
	store_last_unloaded_module(mod);
	module_params_teardown(mod);
	free_module(mod);
	return 0;
}

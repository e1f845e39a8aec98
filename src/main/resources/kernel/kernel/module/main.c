/* Mirrors kernel/module/main.c of Linux 6.x. */

/* kernel/module/internal.h */
enum mod_license {
	NOT_GPL_ONLY,
	GPL_ONLY,
};

struct find_symbol_arg {
	/* Input */
	const char *name;
	bool gplok;
	bool warn;

	/* Output */
	struct module *owner;
	const struct kernel_symbol *sym;
	enum mod_license license;
};

/* The loaded modules, newest first: a module is on it from add_unformed_module to free_module. */
/*
 * module_mutex protects the modules list and each module's uses of the others (source_list/target_list): a
 * module's unload and another's rmmod or insmod see them whole, never half unlinked.
 */
static DEFINE_MUTEX(module_mutex);
static struct list_head modules = LIST_HEAD_INIT(modules);

static int do_one_initcall(initcall_t fn)
{
	int ret;

	ret = fn();
	return ret;
}

/* kernel/module/tree_lookup.c's symbol search through one __ksymtab section (the model walks it in order) */
static bool find_exported_symbol_in_section(const struct kernel_symbol *start, unsigned int num,
					    enum mod_license license, struct module *owner,
					    struct find_symbol_arg *fsa)
{
	unsigned int i;

	if (!fsa->gplok && license == GPL_ONLY)
		return false;

	for (i = 0; i < num; i++) {
		if (strcmp(fsa->name, start[i].name) == 0) {
			fsa->owner = owner;
			fsa->sym = &start[i];
			fsa->license = license;
			return true;
		}
	}
	return false;
}

/*
 * Find an exported symbol and return it, along with, (optional) crc and (optional) module which owns it. vmlinux's
 * own exports are linked when a module is built (a call into the kernel needs no lookup here).
 */
static bool find_symbol(struct find_symbol_arg *fsa)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		if (find_exported_symbol_in_section(mod->syms, mod->num_syms, NOT_GPL_ONLY, mod, fsa))
			return true;
		if (find_exported_symbol_in_section(mod->gpl_syms, mod->num_gpl_syms, GPL_ONLY, mod, fsa))
			return true;
	}
	return false;
}

/* Does a already use b? */
static int already_uses(struct module *a, struct module *b)
{
	struct module_use *use;

	list_for_each_entry(use, &b->source_list, source_list) {
		if (use->source == a)
			return 1;
	}
	return 0;
}

/*
 * Module a uses b
 *  - we add 'a' as a "source", 'b' as a "target" of module use
 *  - the module_use is added to the list of 'b' sources (so
 *    'b' can walk the list to see who sourced them), and of 'a'
 *    targets (so 'a' can see what modules it targets).
 */
static int add_module_usage(struct module *a, struct module *b)
{
	struct module_use *use;

	use = kmalloc(sizeof(*use), GFP_ATOMIC);
	if (!use)
		return -ENOMEM;

	use->source = a;
	use->target = b;
	list_add(&use->source_list, &b->source_list);
	list_add(&use->target_list, &a->target_list);
	return 0;
}

static int strong_try_module_get(struct module *mod)
{
	if (mod && mod->state == MODULE_STATE_COMING)
		return -EBUSY;
	if (try_module_get(mod))
		return 0;
	else
		return -ENOENT;
}

/* Module a uses b: caller needs module_mutex() */
static int ref_module(struct module *a, struct module *b)
{
	int err;

	if (b == NULL || already_uses(a, b))
		return 0;

	/* If module isn't available, we fail. */
	err = strong_try_module_get(b);
	if (err)
		return err;

	err = add_module_usage(a, b);
	if (err) {
		module_put(b);
		return err;
	}
	return 0;
}

/* Clear the unload stuff of the module. */
static void module_unload_free(struct module *mod)
{
	struct module_use *use, *tmp;

	mutex_lock(&module_mutex);
	list_for_each_entry_safe(use, tmp, &mod->target_list, target_list) {
		struct module *i = use->target;
		module_put(i);
		list_del(&use->source_list);
		list_del(&use->target_list);
		kfree(use);
	}
	mutex_unlock(&module_mutex);
}

static int verify_namespace_is_imported(const struct kernel_symbol *sym, struct module *mod)
{
	const char *namespace;
	unsigned int i;

	namespace = sym->namespace;
	if (namespace && namespace[0]) {
		for (i = 0; i < mod->num_import_ns; i++) {
			if (strcmp(namespace, mod->import_ns[i]) == 0)
				return 0;
		}
		pr_err("%s: module uses symbol (%s) from namespace %s, but does not import it.\n",
		       mod->name, sym->name, namespace);
		return -EINVAL;
	}
	return 0;
}

/* Resolve a symbol for this module.  I.e. if we find one, record usage. */
static const struct kernel_symbol *resolve_symbol(struct module *mod, const char *name)
{
	struct find_symbol_arg fsa = {
		.name	= name,
		.gplok	= !(mod->taints & (1 << TAINT_PROPRIETARY_MODULE)),
		.warn	= true,
	};
	int err;

	mutex_lock(&module_mutex);
	if (!find_symbol(&fsa))
		goto unlock;

	if (fsa.license == GPL_ONLY)
		mod->using_gplonly_symbols = true;

	err = verify_namespace_is_imported(fsa.sym, mod);
	if (err) {
		fsa.sym = ERR_PTR(err);
		goto unlock;
	}

	err = ref_module(mod, fsa.owner);
	if (err) {
		fsa.sym = ERR_PTR(err);
		goto unlock;
	}

unlock:
	mutex_unlock(&module_mutex);
	return fsa.sym;
}

/* Change all symbols so that st_value encodes the pointer directly. */
static int simplify_symbols(struct module *mod)
{
	const struct kernel_symbol *ksym;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < mod->num_undefs; i++) {
		const char *name = mod->undefs[i].name;

		ksym = resolve_symbol(mod, name);
		/* Ok if resolved.  */
		if (ksym && !IS_ERR(ksym)) {
			mod->undefs[i].value = ksym->value;
			continue;
		}

		ret = PTR_ERR(ksym);
		if (!ret)
			ret = -ENOENT;
		pr_warn("%s: Unknown symbol %s (err %d)\n", mod->name, name, ret);
	}
	return ret;
}

/* apply_relocate_add: each place that names an undefined symbol gets its address. */
static void apply_relocations(struct module *mod)
{
	unsigned int i;

	for (i = 0; i < mod->num_relocs; i++)
		*mod->relocs[i].loc = mod->undefs[mod->relocs[i].sym].value;
}

/* kernel/module/internal.h: a taint of the kernel that is also the module's own (module_flags shows it). */
static void add_taint_module(struct module *mod, unsigned flag, enum lockdep_ok lockdep_ok)
{
	add_taint(flag, lockdep_ok);
	mod->taints |= 1UL << flag;
}

/*
 * Parse tag=value strings from .modinfo section: the license. A license that is not GPL-compatible taints the
 * kernel and the module (TAINT_PROPRIETARY_MODULE, saying so the first time), turns lock debugging off, and such a
 * module cannot use EXPORT_SYMBOL_GPL symbols.
 */
static bool license_is_gpl_compatible(const char *license)
{
	return (strcmp(license, "GPL") == 0
		|| strcmp(license, "GPL v2") == 0
		|| strcmp(license, "GPL and additional rights") == 0
		|| strcmp(license, "Dual BSD/GPL") == 0
		|| strcmp(license, "Dual MIT/GPL") == 0
		|| strcmp(license, "Dual MPL/GPL") == 0);
}

static void set_license(struct module *mod, const char *license)
{
	if (!license)
		license = "unspecified";

	if (!license_is_gpl_compatible(license)) {
		if (!test_taint(TAINT_PROPRIETARY_MODULE))
			pr_warn("%s: module license '%s' taints kernel.\n",
				mod->name, license);
		add_taint_module(mod, TAINT_PROPRIETARY_MODULE,
				 LOCKDEP_NOW_UNRELIABLE);
	}
}

/*
 * include/linux/vermagic.h's VERMAGIC_STRING of the booted kernel: its release (UTS_RELEASE, written at boot) and
 * this build's SMP, PREEMPT and MODULE_UNLOAD (no MODVERSIONS, nothing for x86-64).
 */
static char vermagic[__NEW_UTS_LEN + 32];

/* kernel/module/version.c's same_magic without MODVERSIONS: the strings must match. */
static int same_magic(const char *amagic)
{
	snprintf(vermagic, sizeof(vermagic), "%s SMP preempt mod_unload ", init_utsname()->release);
	return strcmp(amagic, vermagic) == 0;
}

/*
 * layout_and_allocate's check of .modinfo. modpost's .mod.c gives every module this kernel's vermagic; a
 * MODULE_INFO(vermagic, ...) of the module's own comes first and is the one get_modinfo finds. A module built
 * outside the kernel tree (make -C KDIR M=$PWD, as every module insmod loads here is) has no "intree" tag: it
 * taints the kernel and itself O, saying so for the first.
 */
static int check_modinfo(struct module *mod)
{
	const char *modmagic = mod->modinfo_vermagic;

	if (modmagic && !same_magic(modmagic)) {
		pr_err("%s: version magic '%s' should be '%s'\n",
		       mod->name, modmagic, vermagic);
		return -ENOEXEC;
	}

	if (!mod->modinfo_intree) {
		if (!test_taint(TAINT_OOT_MODULE))
			pr_warn("%s: loading out-of-tree module taints kernel.\n", mod->name);
		add_taint_module(mod, TAINT_OOT_MODULE, LOCKDEP_STILL_OK);
	}

	/* Set up license info based on the info section */
	set_license(mod, mod->license);
	return 0;
}

/* Make sure no exported symbol is already exported by another module. */
static int verify_exported_symbols(struct module *mod)
{
	unsigned int i;
	const struct kernel_symbol *s;
	struct find_symbol_arg fsa;

	for (i = 0; i < mod->num_syms + mod->num_gpl_syms; i++) {
		s = i < mod->num_syms ? &mod->syms[i] : &mod->gpl_syms[i - mod->num_syms];
		fsa.name = s->name;
		fsa.gplok = true;
		fsa.warn = false;
		if (find_symbol(&fsa) && fsa.owner != mod) {
			pr_err("%s: exports duplicate symbol %s (owned by %s)\n",
			       mod->name, s->name, fsa.owner->name);
			return -ENOEXEC;
		}
	}
	return 0;
}

/*
 * kernel/module/sysfs.c and main.c's modinfo_attrs: /sys/module/M/version (while the module has one), initstate,
 * taint and refcnt.
 */

/* MODINFO_ATTR(version): the .modinfo entry kstrdup'ed at load, freed with the module */
static void setup_modinfo_version(struct module *mod, const char *s)
{
	mod->version = kstrdup(s, GFP_KERNEL);
}

static ssize_t show_modinfo_version(struct module_attribute *mattr, struct module *mod, char *buffer)
{
	return scnprintf(buffer, PAGE_SIZE, "%s\n", mod->version);
}

static int modinfo_version_exists(struct module *mod)
{
	return mod->version != NULL;
}

static void free_modinfo_version(struct module *mod)
{
	kfree(mod->version);
	mod->version = NULL;
}

static struct module_attribute modinfo_version = {
	.attr = { .name = "version", .mode = 0444 },
	.show = show_modinfo_version,
	.test = modinfo_version_exists,
};

static ssize_t show_initstate(struct module_attribute *mattr, struct module *mod, char *buffer)
{
	const char *state = "unknown";

	switch (mod->state) {
	case MODULE_STATE_LIVE:
		state = "live";
		break;
	case MODULE_STATE_COMING:
		state = "coming";
		break;
	case MODULE_STATE_GOING:
		state = "going";
		break;
	default:
		BUG();
	}
	return sprintf(buffer, "%s\n", state);
}

static struct module_attribute modinfo_initstate = {
	.attr = { .name = "initstate", .mode = 0444 },
	.show = show_initstate,
};

static ssize_t show_taint(struct module_attribute *mattr, struct module *mod, char *buffer)
{
	size_t l;

	l = module_flags_taint(mod->taints, buffer);
	buffer[l++] = '\n';
	return l;
}

static struct module_attribute modinfo_taint = {
	.attr = { .name = "taint", .mode = 0444 },
	.show = show_taint,
};

static ssize_t show_refcnt(struct module_attribute *mattr, struct module *mod, char *buffer)
{
	return sprintf(buffer, "%i\n", module_refcount(mod));
}

static struct module_attribute modinfo_refcnt = {
	.attr = { .name = "refcnt", .mode = 0444 },
	.show = show_refcnt,
};

static struct module_attribute *modinfo_attrs[] = {
	&modinfo_version,
	&modinfo_initstate,
	&modinfo_taint,
	&modinfo_refcnt,
	NULL,
};

/* module_attr_show (sysfs_ops of module_ktype): the attribute's ->show into a zeroed page. */
static ssize_t module_attr_read(struct file *file, char *buf, size_t count, loff_t *ppos)
{
	struct module_attribute *attribute = file->private_data;
	struct module *mod;
	char *page;
	ssize_t len;

	if (*ppos > 0)
		return 0;
	mod = (struct module *)__kernfs_get_active(file);
	if (!mod)
		return -ENODEV;
	page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	len = attribute->show(attribute, mod, page);
	__kernfs_put_active(file);
	if (len > 0) {
		if (len > count)
			len = count;
		if (copy_to_user(buf, page, len))
			len = -EFAULT;
		else
			*ppos += len;
	}
	kfree(page);
	return len;
}

static int module_attr_open(struct inode *inode, struct file *file)
{
	if ((file->f_flags & 3) != O_RDONLY)
		return -EACCES;
	file->private_data = inode->i_private;
	return 0;
}

struct file_operations module_attr_ops = {
	.open = module_attr_open,
	.read = module_attr_read,
};

static void module_add_modinfo_attrs(struct module *mod)
{
	int i;

	for (i = 0; modinfo_attrs[i]; i++)
		if (!modinfo_attrs[i]->test || modinfo_attrs[i]->test(mod))
			__module_attr_sysfs_add(mod, modinfo_attrs[i]);
}

/* mod_sysfs_setup: the parameters, then the module's attributes. */
static void mod_sysfs_setup(struct module *mod)
{
	module_param_sysfs_setup(mod, mod->kp, mod->num_kp);
	module_add_modinfo_attrs(mod);
}

/* mod_sysfs_teardown: every file of /sys/module/M goes (waiting for readers inside). */
static void mod_sysfs_teardown(struct module *mod)
{
	module_param_sysfs_remove(mod);
	__module_sysfs_remove(mod);
}

/* free_module()'s steps before the memory goes: sysfs, parameters, the uses of other modules, the modules list. */
static void free_module(struct module *mod)
{
	mod_sysfs_teardown(mod);
	free_modinfo_version(mod);
	destroy_params(mod->kp, mod->num_kp);
	kfree(mod->kp);
	kfree(mod->args);
	/* Module unload stuff */
	module_unload_free(mod);
	/* Now we can delete it from the lists */
	mutex_lock(&module_mutex);
	list_del(&mod->list);
	mutex_unlock(&module_mutex);
	module_memfree(mod);
}

static int do_init_module(struct module *mod)
{
	int ret = 0;

	if (mod->init != NULL)
		ret = do_one_initcall(mod->init);
	if (ret < 0) {
		module_set_state(mod, MODULE_STATE_GOING);
		free_module(mod);
		return ret;
	}
	if (ret > 0)
		pr_warn("%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n",
			"do_init_module", mod->name, ret);
	module_set_state(mod, MODULE_STATE_LIVE);
	return 0;
}

/*
 * finit_module(2): the module image is already laid out (UNFORMED, its data relocated against the kernel); link it
 * against the other modules' exports, then run its init.
 */
int load_module(struct module *mod)
{
	long err;

	/* layout_and_allocate */
	err = check_modinfo(mod);
	if (err)
		return err;
	/* add_unformed_module */
	mutex_lock(&module_mutex);
	list_add(&mod->list, &modules);
	mutex_unlock(&module_mutex);
	/* module_unload_init */
	INIT_LIST_HEAD(&mod->source_list);
	INIT_LIST_HEAD(&mod->target_list);

	/* Set up MODINFO_ATTR fields */
	setup_modinfo_version(mod, mod->modinfo_version);

	/* Fix up syms, so that st_value is a pointer to location. */
	err = simplify_symbols(mod);
	if (err < 0)
		goto free_module;
	apply_relocations(mod);

	/* complete_formation */
	err = verify_exported_symbols(mod);
	if (err < 0)
		goto free_module;
	module_set_state(mod, MODULE_STATE_COMING);

	if (mod->args) {
		/* Module is ready to execute: parsing args may do that. */
		err = parse_args(mod->name, mod->args, mod->kp, mod->num_kp);
		if (err < 0) {
			module_set_state(mod, MODULE_STATE_GOING);
			goto free_module;
		}
	}
	mod_sysfs_setup(mod);
	return do_init_module(mod);

free_module:
	free_module(mod);
	return err;
}

/* delete_module(2): refuses while in use (rmmod does not wait since 3.13), else exit() then free. */
long delete_module(struct module *mod)
{
	long ret = 0;

	mutex_lock(&module_mutex);
	/* find_module() does not see a module still UNFORMED */
	if (mod->state == MODULE_STATE_UNFORMED) {
		ret = -ENOENT;
		goto out;
	}
	if (!list_empty(&mod->source_list)) {
		/* Other modules depend on us: get rid of them first. */
		ret = -EWOULDBLOCK;
		goto out;
	}
	if (mod->state != MODULE_STATE_LIVE) {
		ret = -EBUSY;
		goto out;
	}
	if (mod->init != NULL && mod->exit == NULL) {
		ret = -EBUSY;
		goto out;
	}
	/* try_stop_module */
	if (module_refcount(mod) != 0) {
		ret = -EWOULDBLOCK;
		goto out;
	}
	module_set_state(mod, MODULE_STATE_GOING);
	mutex_unlock(&module_mutex);
	if (mod->exit != NULL)
		mod->exit();
	/* Store the name and taints of the last unloaded module for diagnostic purposes */
	store_last_unloaded_module(mod);
	free_module(mod);
	return 0;
out:
	mutex_unlock(&module_mutex);
	return ret;
}

/*
 * Mirrors kernel/params.c of Linux 6.1: module parameters. parse_args() cuts "name=value ..." with next_arg() and
 * hands each value to its kernel_param's ops->set; the standard ops parse with kstrto*(); arrays take comma-separated
 * values; module_param_sysfs_setup() shows the parameters whose permissions allow under /sys/module/M/parameters/.
 * The model keeps a module's parameters as an array of pointers (mod->kp) rather than the "__param" section itself.
 */

enum { KERNEL_PARAM_OPS_FL_NOARG = 1, KERNEL_PARAM_FL_UNSAFE = 1, KP_KMALLOCED = 0x80 };

static char dash2underscore(char c)
{
	if (c == '-')
		return '_';
	return c;
}

bool parameqn(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (dash2underscore(a[i]) != dash2underscore(b[i]))
			return false;
	}
	return true;
}

bool parameq(const char *a, const char *b)
{
	return parameqn(a, b, strlen(a) + 1);
}

static bool param_check_unsafe(const struct kernel_param *kp)
{
	if (kp->flags & KERNEL_PARAM_FL_UNSAFE)
		pr_notice("Setting dangerous option %s - tainting kernel\n", kp->name);
	return true;
}

/* kernel/module/main.c: a module ignores what it does not know, with a warning. */
static int unknown_module_param_cb(char *param, char *val, const char *modname)
{
	pr_warn("%s: unknown parameter '%s' ignored\n", modname, param);
	return 0;
}

static int parse_one(char *param, char *val, const char *doing, struct kernel_param **params,
		     unsigned int num_params)
{
	unsigned int i;
	int err;

	/* Find parameter */
	for (i = 0; i < num_params; i++) {
		if (parameq(param, params[i]->name)) {
			/* No one handled NULL, so do it here. */
			if (!val && !(params[i]->ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
				return -EINVAL;
			if (param_check_unsafe(params[i]))
				err = params[i]->ops->set(val, params[i]);
			else
				err = -EPERM;
			return err;
		}
	}
	return unknown_module_param_cb(param, val, doing);
}

/* Args looks like "foo=bar,bar2 baz=fuz wiz". */
long parse_args(const char *doing, char *args, struct kernel_param **params, unsigned int num)
{
	char *param;
	char *val;
	long err = 0;

	/* Chew leading spaces */
	args = skip_spaces(args);

	while (*args) {
		int ret;

		args = next_arg(args, &param, &val);
		/* Stop at -- */
		if (!val && strcmp(param, "--") == 0)
			return err;
		ret = parse_one(param, val, doing, params, num);
		switch (ret) {
		case 0:
			continue;
		case -ENOENT:
			pr_err("%s: Unknown parameter `%s'\n", doing, param);
			break;
		case -ENOSPC:
			pr_err("%s: `%s' too large for parameter `%s'\n", doing, val ? val : "", param);
			break;
		default:
			pr_err("%s: `%s' invalid for parameter `%s'\n", doing, val ? val : "", param);
			break;
		}
		err = ret;
	}
	return err;
}

/* The standard types: kstrto*() parses, scnprintf() shows, both with base 0 and a newline as in 6.1. */

int param_set_byte(const char *val, const struct kernel_param *kp)
{
	long v;
	int ret = kstrtol(val, 0, &v);

	if (ret)
		return ret;
	if (v < 0 || v > 255)
		return -ERANGE;
	*(unsigned char *)kp->arg = v;
	return 0;
}

int param_get_byte(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%hhu\n", *(unsigned char *)kp->arg);
}

int param_set_short(const char *val, const struct kernel_param *kp)
{
	long v;
	int ret = kstrtol(val, 0, &v);

	if (ret)
		return ret;
	if (v < -32768 || v > 32767)
		return -ERANGE;
	*(short *)kp->arg = v;
	return 0;
}

int param_get_short(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%hi\n", *(short *)kp->arg);
}

int param_set_ushort(const char *val, const struct kernel_param *kp)
{
	long v;
	int ret = kstrtol(val, 0, &v);

	if (ret)
		return ret;
	if (v < 0 || v > 65535)
		return -ERANGE;
	*(unsigned short *)kp->arg = v;
	return 0;
}

int param_get_ushort(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%hu\n", *(unsigned short *)kp->arg);
}

int param_set_int(const char *val, const struct kernel_param *kp)
{
	return kstrtoint(val, 0, (int *)kp->arg);
}

int param_get_int(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%i\n", *(int *)kp->arg);
}

int param_set_uint(const char *val, const struct kernel_param *kp)
{
	return kstrtouint(val, 0, (unsigned int *)kp->arg);
}

int param_get_uint(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%u\n", *(unsigned int *)kp->arg);
}

int param_set_long(const char *val, const struct kernel_param *kp)
{
	return kstrtol(val, 0, (long *)kp->arg);
}

int param_get_long(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%li\n", *(long *)kp->arg);
}

int param_set_ulong(const char *val, const struct kernel_param *kp)
{
	return kstrtoul(val, 0, (unsigned long *)kp->arg);
}

int param_get_ulong(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%lu\n", *(unsigned long *)kp->arg);
}

int param_set_hexint(const char *val, const struct kernel_param *kp)
{
	return kstrtouint(val, 0, (unsigned int *)kp->arg);
}

int param_get_hexint(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%#08x\n", *(unsigned int *)kp->arg);
}

const struct kernel_param_ops param_ops_byte = { .set = param_set_byte, .get = param_get_byte };
const struct kernel_param_ops param_ops_short = { .set = param_set_short, .get = param_get_short };
const struct kernel_param_ops param_ops_ushort = { .set = param_set_ushort, .get = param_get_ushort };
const struct kernel_param_ops param_ops_int = { .set = param_set_int, .get = param_get_int };
const struct kernel_param_ops param_ops_uint = { .set = param_set_uint, .get = param_get_uint };
const struct kernel_param_ops param_ops_long = { .set = param_set_long, .get = param_get_long };
const struct kernel_param_ops param_ops_ulong = { .set = param_set_ulong, .get = param_get_ulong };
const struct kernel_param_ops param_ops_hexint = { .set = param_set_hexint, .get = param_get_hexint };

static void maybe_kfree_parameter(const struct kernel_param *kp)
{
	if (kp->flags & KP_KMALLOCED)
		kfree(*(char **)kp->arg);
	((struct kernel_param *)kp)->flags &= ~KP_KMALLOCED;
}

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	char *copy;

	if (strlen(val) > 1024) {
		pr_err("%s: string parameter too long\n", kp->name);
		return -ENOSPC;
	}

	copy = kmalloc(strlen(val) + 1, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	strcpy(copy, val);
	maybe_kfree_parameter(kp);
	*(char **)kp->arg = copy;
	((struct kernel_param *)kp)->flags |= KP_KMALLOCED;
	return 0;
}

int param_get_charp(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%s\n", *((char **)kp->arg));
}

/* What a charp holds is freed by destroy_params() (maybe_kfree_parameter): a non-NULL ->free says there is some. */
static void param_free_charp(void *arg)
{
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp,
	.get = param_get_charp,
	.free = param_free_charp,
};

/* Actually could be a bool or an int, for historical reasons. */
int param_set_bool(const char *val, const struct kernel_param *kp)
{
	/* No equals means "set"... */
	if (!val)
		val = "1";

	/* One of =[yYnN01] */
	return kstrtobool(val, (bool *)kp->arg);
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	/* Y and N chosen as being relatively non-coder friendly */
	return sprintf(buffer, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool,
	.get = param_get_bool,
};

int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	int ret;
	bool boolval;
	struct kernel_param dummy;

	dummy.arg = &boolval;
	ret = param_set_bool(val, &dummy);
	if (ret == 0)
		*(bool *)kp->arg = !boolval;
	return ret;
}

int param_get_invbool(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%c\n", (*(bool *)kp->arg) ? 'N' : 'Y');
}

const struct kernel_param_ops param_ops_invbool = {
	.set = param_set_invbool,
	.get = param_get_invbool,
};

/* We break the rule and mangle the string. */
static int param_array(const char *name, const char *val, unsigned int min, unsigned int max, void *elem,
		       int elemsize, int (*set)(const char *, const struct kernel_param *kp), unsigned int *num)
{
	int ret;
	struct kernel_param kp;
	char save;

	/* Get the name right for errors. */
	kp.name = name;
	kp.arg = elem;

	*num = 0;
	/* We expect a comma-separated list of values. */
	do {
		int len;

		if (*num == max) {
			pr_err("%s: can only take %i arguments\n", name, max);
			return -EINVAL;
		}
		len = strcspn(val, ",");

		/* nul-terminate and parse */
		save = val[len];
		((char *)val)[len] = '\0';
		ret = set(val, &kp);

		if (ret != 0)
			return ret;
		kp.arg = (char *)kp.arg + elemsize;
		val += len + 1;
		(*num)++;
	} while (save == ',');

	if (*num < min) {
		pr_err("%s: needs at least %i arguments\n", name, min);
		return -EINVAL;
	}
	return 0;
}

static int param_array_set(const char *val, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	unsigned int temp_num;

	return param_array(kp->name, val, 1, arr->max, arr->elem, arr->elemsize, arr->ops->set,
			   arr->num ? arr->num : &temp_num);
}

static int param_array_get(char *buffer, const struct kernel_param *kp)
{
	int i, off, ret;
	const struct kparam_array *arr = kp->arr;
	struct kernel_param p = *kp;

	for (i = off = 0; i < (arr->num ? *arr->num : arr->max); i++) {
		/* Replace \n with comma */
		if (i)
			buffer[off - 1] = ',';
		p.arg = (char *)arr->elem + arr->elemsize * i;
		ret = arr->ops->get(buffer + off, &p);
		if (ret < 0)
			return ret;
		off += ret;
	}
	buffer[off] = '\0';
	return off;
}

const struct kernel_param_ops param_array_ops = {
	.set = param_array_set,
	.get = param_array_get,
};

int param_set_copystring(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;

	if (strlen(val) + 1 > kps->maxlen) {
		pr_err("%s: string doesn't fit in %u chars.\n", kp->name, kps->maxlen - 1);
		return -ENOSPC;
	}
	strcpy(kps->string, val);
	return 0;
}

int param_get_string(char *buffer, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;

	return scnprintf(buffer, PAGE_SIZE, "%s\n", kps->string);
}

const struct kernel_param_ops param_ops_string = {
	.set = param_set_copystring,
	.get = param_get_string,
};

/* sysfs: /sys/module/M/parameters/NAME reads through ops->get and writes through ops->set (param_attr_*). */

static int param_attr_open(struct inode *inode, struct file *file)
{
	const struct kernel_param *kp = inode->i_private;

	/* kernfs_fop_open: a file without write permission cannot be opened for writing, even by root */
	if ((file->f_flags & 3) != O_RDONLY && !(kp->perm & 0222))
		return -EACCES;
	file->private_data = inode->i_private;
	return 0;
}

/*
 * Every show and store holds an active reference on the file (kernfs_get_active): once the module's parameters
 * are removed no new call gets in, and the removal waits for the calls inside (kernfs_drain).
 */

static ssize_t param_attr_show(struct file *file, char *buf, size_t count, loff_t *ppos)
{
	const struct kernel_param *kp = file->private_data;
	char *page;
	ssize_t len;

	if (!kp->ops->get)
		return -EPERM;
	if (*ppos > 0)
		return 0;
	if (!__kernfs_get_active(file))
		return -ENODEV;
	page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	len = kp->ops->get(page, kp);
	if (len > 0) {
		if (len > count)
			len = count;
		copy_to_user(buf, page, len);
		*ppos += len;
	}
	kfree(page);
	__kernfs_put_active(file);
	return len;
}

static ssize_t param_attr_store(struct file *file, const char *buf, size_t len, loff_t *ppos)
{
	const struct kernel_param *kp = file->private_data;
	char *page;
	int err;

	if (!kp->ops->set)
		return -EPERM;
	if (len >= PAGE_SIZE)
		len = PAGE_SIZE - 1;
	if (!__kernfs_get_active(file))
		return -ENODEV;
	page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	copy_from_user(page, buf, len);
	if (param_check_unsafe(kp))
		err = kp->ops->set(page, kp);
	else
		err = -EPERM;
	kfree(page);
	__kernfs_put_active(file);
	if (!err)
		return len;
	return err;
}

struct file_operations param_attr_ops = {
	.open = param_attr_open,
	.read = param_attr_show,
	.write = param_attr_store,
};

void module_param_sysfs_setup(struct module *mod, struct kernel_param **kparam, unsigned int num_params)
{
	unsigned int i;

	for (i = 0; i < num_params; i++) {
		if (kparam[i]->perm)
			__param_sysfs_add(mod, kparam[i]);
	}
}

void module_param_sysfs_remove(struct module *mod)
{
	__param_sysfs_remove(mod);
}

void destroy_params(struct kernel_param **params, unsigned int num)
{
	unsigned int i;

	for (i = 0; i < num; i++) {
		if (params[i]->ops->free)
			maybe_kfree_parameter(params[i]);
	}
}

/*
 * include/linux/moduleparam.h: module_param() and friends declare a struct kernel_param, which the loader finds
 * (the real kernel collects them in the "__param" section; the model takes every struct kernel_param the module
 * defines, in order), parses "insmod m name=value" into (kernel/params.c) and shows under
 * /sys/module/m/parameters/ when its permissions allow. The real struct keeps arg/str/arr in a union; here they are
 * three fields, which no driver can tell apart.
 */
struct kernel_param;

struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};

struct kparam_string {
	unsigned int maxlen;
	char *string;
};

struct kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kernel_param_ops *ops;
	void *elem;
};

struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	unsigned short perm;
	signed char level;
	unsigned char flags;
	void *arg;
	const struct kparam_string *str;
	const struct kparam_array *arr;
};

#define MODULE_PARAM_PREFIX /* empty: a module's parameters are named without its name */

#define __module_param_call(prefix, name, _ops, _arg, _perm, _level, _flags)		\
	static const char __param_str_##name[] = prefix #name;				\
	static struct kernel_param __param_##name = {					\
		__param_str_##name, THIS_MODULE, _ops, _perm, _level, _flags, _arg }

#define module_param_cb(name, _ops, _arg, _perm)					\
	__module_param_call(MODULE_PARAM_PREFIX, name, _ops, .arg = _arg, _perm, -1, 0)

#define module_param_named(name, value, type, perm)					\
	module_param_cb(name, &param_ops_##type, &value, perm)

#define module_param(name, type, perm) module_param_named(name, name, type, perm)

#define module_param_unsafe(name, type, perm) module_param(name, type, perm)

#define module_param_array_named(name, array, type, nump, perm)				\
	static const struct kparam_array __param_arr_##name = {				\
		.max = sizeof(array) / sizeof((array)[0]), .num = nump,			\
		.ops = &param_ops_##type, .elemsize = sizeof((array)[0]), .elem = array };	\
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_array_ops,		\
			    .arr = &__param_arr_##name, perm, -1, 0)

#define module_param_array(name, type, nump, perm)					\
	module_param_array_named(name, name, type, nump, perm)

#define module_param_string(name, string, len, perm)					\
	static const struct kparam_string __param_string_##name = { len, string };	\
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_ops_string,		\
			    .str = &__param_string_##name, perm, -1, 0)

/* modinfo's text: not kept by the model */
#define MODULE_PARM_DESC(_parm, desc)

int param_set_byte(const char *val, const struct kernel_param *kp);
int param_get_byte(char *buffer, const struct kernel_param *kp);
int param_set_short(const char *val, const struct kernel_param *kp);
int param_get_short(char *buffer, const struct kernel_param *kp);
int param_set_ushort(const char *val, const struct kernel_param *kp);
int param_get_ushort(char *buffer, const struct kernel_param *kp);
int param_set_int(const char *val, const struct kernel_param *kp);
int param_get_int(char *buffer, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_get_uint(char *buffer, const struct kernel_param *kp);
int param_set_long(const char *val, const struct kernel_param *kp);
int param_get_long(char *buffer, const struct kernel_param *kp);
int param_set_ulong(const char *val, const struct kernel_param *kp);
int param_get_ulong(char *buffer, const struct kernel_param *kp);
int param_set_hexint(const char *val, const struct kernel_param *kp);
int param_get_hexint(char *buffer, const struct kernel_param *kp);
int param_set_charp(const char *val, const struct kernel_param *kp);
int param_get_charp(char *buffer, const struct kernel_param *kp);
int param_set_bool(const char *val, const struct kernel_param *kp);
int param_get_bool(char *buffer, const struct kernel_param *kp);
int param_set_invbool(const char *val, const struct kernel_param *kp);
int param_get_invbool(char *buffer, const struct kernel_param *kp);
int param_set_copystring(const char *val, const struct kernel_param *kp);
int param_get_string(char *buffer, const struct kernel_param *kp);
bool parameq(const char *a, const char *b);
bool parameqn(const char *a, const char *b, size_t n);
long parse_args(const char *doing, char *args, struct kernel_param **params, unsigned int num);
void module_param_sysfs_setup(struct module *mod, struct kernel_param **kparam, unsigned int num_params);
void module_param_sysfs_remove(struct module *mod);
void destroy_params(struct kernel_param **params, unsigned int num);
int __param_sysfs_add(struct module *mod, const struct kernel_param *kp);
long __param_sysfs_remove(struct module *mod);

/*
 * Mirrors include/linux/of.h of Linux 6.1 (CONFIG_OF=y): a devicetree node and its properties, as the world's
 * devices carry them (a platform device with "compatible" and properties in the scenario's world; drivers/of/).
 * A property's value is what the flattened tree holds: a string with its NUL, or big-endian 32-bit cells.
 */

typedef u32 phandle;

struct property {
	char	*name;
	int	length;
	void	*value;
	struct property *next;
};

struct device_node {
	const char *name;
	phandle phandle;
	const char *full_name;
	struct property *properties;
	struct device_node *parent;
	struct device_node *child;
	struct device_node *sibling;
	unsigned long _flags;
	void	*data;
};

#define of_match_ptr(_ptr)	(_ptr)

struct property *of_find_property(const struct device_node *np, const char *name, int *lenp);
const void *of_get_property(const struct device_node *node, const char *name, int *lenp);
int of_device_is_compatible(const struct device_node *device, const char *compat);
const struct of_device_id *of_match_node(const struct of_device_id *matches, const struct device_node *node);
int of_property_read_variable_u32_array(const struct device_node *np, const char *propname, u32 *out_values,
					size_t sz_min, size_t sz_max);
int of_property_read_u32_index(const struct device_node *np, const char *propname, u32 index, u32 *out_value);
int of_property_read_string(const struct device_node *np, const char *propname, const char **out_string);
int of_property_match_string(const struct device_node *np, const char *propname, const char *string);

static inline const char *of_node_full_name(const struct device_node *np)
{
	return np ? np->full_name : "<no-node>";
}

static inline int of_property_read_u32_array(const struct device_node *np, const char *propname, u32 *out_values,
					     size_t sz)
{
	int ret = of_property_read_variable_u32_array(np, propname, out_values, sz, 0);
	if (ret >= 0)
		return 0;
	else
		return ret;
}

static inline int of_property_read_u32(const struct device_node *np, const char *propname, u32 *out_value)
{
	return of_property_read_u32_array(np, propname, out_value, 1);
}

static inline bool of_property_read_bool(const struct device_node *np, const char *propname)
{
	struct property *prop = of_find_property(np, propname, NULL);

	return prop ? true : false;
}

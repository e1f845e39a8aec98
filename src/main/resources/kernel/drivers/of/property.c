/* Mirrors drivers/of/property.c of Linux 6.1: reading a node's properties. */

/* be32_to_cpup: the cells of a flattened tree are big-endian */
static u32 of_read_cell(const void *p)
{
	const unsigned char *b = p;

	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

static void *of_find_property_value_of_size(const struct device_node *np, const char *propname, u32 min, u32 max,
					    size_t *len)
{
	struct property *prop = of_find_property(np, propname, NULL);

	if (!prop)
		return ERR_PTR(-EINVAL);
	if (!prop->value)
		return ERR_PTR(-ENODATA);
	if (prop->length < min)
		return ERR_PTR(-EOVERFLOW);
	if (max && prop->length > max)
		return ERR_PTR(-EOVERFLOW);

	if (len)
		*len = prop->length;

	return prop->value;
}

/* The index-th 32-bit cell of a property. */
int of_property_read_u32_index(const struct device_node *np, const char *propname, u32 index, u32 *out_value)
{
	const char *val = of_find_property_value_of_size(np, propname, ((index + 1) * sizeof(*out_value)), 0, NULL);

	if (IS_ERR(val))
		return PTR_ERR(val);

	*out_value = of_read_cell(val + 4 * index);
	return 0;
}

int of_property_read_variable_u32_array(const struct device_node *np, const char *propname, u32 *out_values,
					size_t sz_min, size_t sz_max)
{
	size_t sz, count;
	const char *val = of_find_property_value_of_size(np, propname, (sz_min * sizeof(*out_values)),
							 (sz_max * sizeof(*out_values)), &sz);

	if (IS_ERR(val))
		return PTR_ERR(val);

	if (!sz_max)
		sz = sz_min;
	else
		sz /= sizeof(*out_values);

	count = sz;
	while (count--) {
		*out_values++ = of_read_cell(val);
		val += 4;
	}

	return sz;
}

int of_property_read_string(const struct device_node *np, const char *propname, const char **out_string)
{
	const struct property *prop = of_find_property(np, propname, NULL);
	if (!prop)
		return -EINVAL;
	if (!prop->length)
		return -ENODATA;
	if (strnlen(prop->value, prop->length) >= prop->length)
		return -EILSEQ;
	*out_string = prop->value;
	return 0;
}

int of_property_match_string(const struct device_node *np, const char *propname, const char *string)
{
	const struct property *prop = of_find_property(np, propname, NULL);
	size_t l;
	int i;
	const char *p, *end;

	if (!prop)
		return -EINVAL;
	if (!prop->value)
		return -ENODATA;

	p = prop->value;
	end = p + prop->length;

	for (i = 0; p < end; i++, p += l) {
		l = strnlen(p, end - p) + 1;
		if (p + l > end)
			return -EILSEQ;
		if (strcmp(string, p) == 0)
			return i; /* Found it; return index */
	}
	return -ENODATA;
}

/* Mirrors drivers/of/base.c of Linux 6.1: finding a node's properties and matching "compatible". */

static struct property *__of_find_property(const struct device_node *np, const char *name, int *lenp)
{
	struct property *pp;

	if (!np)
		return NULL;

	for (pp = np->properties; pp; pp = pp->next) {
		if (strcmp(pp->name, name) == 0) {
			if (lenp)
				*lenp = pp->length;
			break;
		}
	}

	return pp;
}

struct property *of_find_property(const struct device_node *np, const char *name, int *lenp)
{
	return __of_find_property(np, name, lenp);
}

/* Find a property with a given name for a given node and return the value. */
const void *of_get_property(const struct device_node *np, const char *name, int *lenp)
{
	struct property *pp = of_find_property(np, name, lenp);

	return pp ? pp->value : NULL;
}

static bool __of_node_is_type(const struct device_node *np, const char *type)
{
	const char *match = of_get_property(np, "device_type", NULL);

	return np && match && type && !strcmp(match, type);
}

/*
 * How well a node matches: "compat" the earlier in its "compatible" list the better, then its device_type, then its
 * name (an empty field of the entry matches anything).
 */
static int __of_device_is_compatible(const struct device_node *device, const char *compat, const char *type,
				     const char *name)
{
	struct property *prop;
	const char *cp;
	int index = 0, score = 0;

	/* Compatible match has highest priority */
	if (compat && compat[0]) {
		prop = __of_find_property(device, "compatible", NULL);
		for (cp = prop ? prop->value : NULL; cp && cp < (const char *)prop->value + prop->length;
		     cp += strlen(cp) + 1, index++) {
			if (strcasecmp(cp, compat) == 0) {
				score = INT_MAX/2 - (index << 2);
				break;
			}
		}
		if (!score)
			return 0;
	}

	/* Matching type is better than matching name */
	if (type && type[0]) {
		if (!__of_node_is_type(device, type))
			return 0;
		score += 2;
	}

	/* Matching name is a bit better than not */
	if (name && name[0]) {
		if (!device->name || strcmp(name, device->name))
			return 0;
		score++;
	}

	return score;
}

int of_device_is_compatible(const struct device_node *device, const char *compat)
{
	return __of_device_is_compatible(device, compat, NULL, NULL);
}

static const struct of_device_id *__of_match_node(const struct of_device_id *matches, const struct device_node *node)
{
	const struct of_device_id *best_match = NULL;
	int score, best_score = 0;

	if (!matches)
		return NULL;

	for (; matches->name[0] || matches->type[0] || matches->compatible[0]; matches++) {
		score = __of_device_is_compatible(node, matches->compatible, matches->type, matches->name);
		if (score > best_score) {
			best_match = matches;
			best_score = score;
		}
	}

	return best_match;
}

const struct of_device_id *of_match_node(const struct of_device_id *matches, const struct device_node *node)
{
	return __of_match_node(matches, node);
}

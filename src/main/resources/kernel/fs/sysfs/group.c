/*
 * Mirrors fs/sysfs/group.c of Linux 6.1: an attribute group's files go into the kobject's directory, or into a
 * subdirectory named after the group. is_visible may hide a file (mode 0) or change its mode; a failure removes the
 * files (and the subdirectory) created so far.
 */

static void remove_files(struct kobject *kobj, const struct attribute_group *grp)
{
	struct attribute *const *attr;

	if (grp->attrs)
		for (attr = grp->attrs; *attr; attr++)
			__sysfs_remove_file(kobj, grp->name, *attr);
}

static int create_files(struct kobject *kobj, const struct attribute_group *grp)
{
	struct attribute *const *attr;
	int error = 0, i;

	if (grp->attrs) {
		for (i = 0, attr = grp->attrs; *attr && !error; i++, attr++) {
			umode_t mode = (*attr)->mode;

			if (grp->is_visible) {
				mode = grp->is_visible(kobj, *attr, i);
				if (!mode)
					continue;
			}

			WARN(mode & ~(SYSFS_PREALLOC | 0664),
			     "Attribute %s: Invalid permissions 0%o\n",
			     (*attr)->name, mode);

			mode &= SYSFS_PREALLOC | 0664;
			error = sysfs_add_file_mode_ns(kobj, grp->name, *attr, mode);
			if (error)
				break;
		}
		if (error)
			remove_files(kobj, grp);
	}
	return error;
}

static int internal_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	int error;

	if (WARN_ON(!kobj || !kobj->state_in_sysfs))
		return -EINVAL;

	if (!grp->attrs && !grp->bin_attrs) {
		pr_debug("sysfs: (bin_)attrs not set by subsystem for group: %s/%s, skipping\n",
			 kobj->name, grp->name ? grp->name : "");
		return 0;
	}

	if (grp->name) {
		error = __sysfs_create_group_dir(kobj, grp->name);
		if (error)
			return error;
	}
	error = create_files(kobj, grp);
	if (error && grp->name)
		__sysfs_remove_dir(kobj, grp->name);
	return error;
}

int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	return internal_create_group(kobj, grp);
}

int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	int error = 0;
	int i;

	if (!groups)
		return 0;

	for (i = 0; groups[i]; i++) {
		error = sysfs_create_group(kobj, groups[i]);
		if (error) {
			while (--i >= 0)
				sysfs_remove_group(kobj, groups[i]);
			break;
		}
	}
	return error;
}

void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	if (grp->name)
		__sysfs_remove_dir(kobj, grp->name);
	else
		remove_files(kobj, grp);
}

void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	int i;

	if (!groups)
		return;
	for (i = 0; groups[i]; i++)
		sysfs_remove_group(kobj, groups[i]);
}

/* Mirrors lib/string.c of Linux 6.1 (strcasecmp, strrchr), with include/linux/string.h's kbasename. */

int strcasecmp(const char *s1, const char *s2)
{
	int c1, c2;

	do {
		c1 = tolower(*s1++);
		c2 = tolower(*s2++);
	} while (c1 == c2 && c1 != 0);
	return c1 - c2;
}

char *strrchr(const char *s, int c)
{
	const char *last = s + strlen(s);

	do {
		if (*last == (char)c)
			return (char *)last;
	} while (--last >= s);
	return NULL;
}

const char *kbasename(const char *path)
{
	const char *tail = strrchr(path, '/');

	return tail ? tail + 1 : path;
}

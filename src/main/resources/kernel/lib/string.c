/* Mirrors lib/string.c of Linux 6.1 (strrchr), with include/linux/string.h's kbasename. */

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

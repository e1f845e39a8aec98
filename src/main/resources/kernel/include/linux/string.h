/* include/linux/string.h (the string functions not declared in kernel.h) and kernel.h's next_arg. */
char *skip_spaces(const char *str);
size_t strcspn(const char *s, const char *reject);
char *next_arg(char *args, char **param, char **val);
char *strrchr(const char *s, int c);
int strcasecmp(const char *s1, const char *s2);
const char *kbasename(const char *path);

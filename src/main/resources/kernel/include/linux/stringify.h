/* Mirrors include/linux/stringify.h of Linux 6.1: a macro argument as a string, after its own expansion. */

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

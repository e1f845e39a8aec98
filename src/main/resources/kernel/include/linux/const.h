/*
 * include/linux/const.h (6.1): whether x is an integer constant expression, without evaluating it. A null pointer
 * constant against (int *) gives the conditional type int * (sizeof 4); anything else gives void * (sizeof 1).
 */
#define __is_constexpr(x) \
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

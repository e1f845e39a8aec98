/*
 * include/linux/typecheck.h (6.1): a compile-time check that x has the given type (gcc warns when the two
 * pointers compare distinct types); the value is always 1.
 */
#define typecheck(type, x) \
({	type __dummy; \
	typeof(x) __dummy2; \
	(void)(&__dummy == &__dummy2); \
	1; \
})

/* Checks that fn has the function type of type. */
#define typecheck_fn(type, function) \
({	typeof(type) __tmp = function; \
	(void)__tmp; \
})

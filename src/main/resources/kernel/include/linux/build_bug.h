/*
 * include/linux/build_bug.h (6.1): a compile error when a constant condition holds, else the value 0. The real
 * macro measures a struct with a bit-field of width -!!(e); the simulator lays structs out at file scope, where the
 * condition's locals are not visible, so this one measures an array of size 1 - 2 * !!(e) (the kernel's older
 * BUILD_BUG_ON form): "size of unnamed array is negative" when e holds.
 */
#define BUILD_BUG_ON_ZERO(e) ((int)(0 * sizeof(char[1 - 2 * !!(e)])))
#define BUILD_BUG_ON(condition) ((void)BUILD_BUG_ON_ZERO(condition))

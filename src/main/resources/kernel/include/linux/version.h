/*
 * include/generated/uapi/linux/version.h: LINUX_VERSION_CODE itself is defined by the compiler from the release
 * the model follows (kernel/Uts.java), so that a driver's "#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)"
 * takes the 6.1 branch.
 */
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR (LINUX_VERSION_CODE >> 16)
#define LINUX_VERSION_PATCHLEVEL ((LINUX_VERSION_CODE >> 8) & 0xff)
#define LINUX_VERSION_SUBLEVEL (LINUX_VERSION_CODE & 0xff)

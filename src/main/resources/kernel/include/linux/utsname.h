/*
 * Mirrors include/linux/utsname.h of Linux 6.1: what uname(2) reports. There is one UTS namespace, init_uts_ns
 * (init/version.c), so utsname() and init_utsname() are the same.
 */

enum { __NEW_UTS_LEN = 64 };

struct new_utsname {
	char sysname[__NEW_UTS_LEN + 1];
	char nodename[__NEW_UTS_LEN + 1];
	char release[__NEW_UTS_LEN + 1];
	char version[__NEW_UTS_LEN + 1];
	char machine[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};

struct uts_namespace {
	struct new_utsname name;
};

struct new_utsname *utsname(void);
struct new_utsname *init_utsname(void);

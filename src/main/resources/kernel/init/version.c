/* Mirrors init/version.c of Linux 6.1: the initial UTS namespace, what uname -a prints (release: kernel/Uts.java). */

struct uts_namespace init_uts_ns = {
	.name = {
		.sysname	= "Linux",
		.nodename	= "(none)",
		.release	= UTS_RELEASE,
		.version	= UTS_VERSION,
		.machine	= UTS_MACHINE,
		.domainname	= "(none)",
	},
};

struct new_utsname *init_utsname(void)
{
	return &init_uts_ns.name;
}

/* current->nsproxy->uts_ns->name: every task is in init_uts_ns here */
struct new_utsname *utsname(void)
{
	return &init_uts_ns.name;
}

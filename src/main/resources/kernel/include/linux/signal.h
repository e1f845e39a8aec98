/*
 * Signals as drivers see them: the numbers (arch/x86/include/uapi/asm/signal.h), sigset_t
 * (arch/x86/include/asm/signal.h), the pending sets (include/linux/signal_types.h, sched/signal.h) and the sigset
 * helpers of include/linux/signal.h. A task's pending and blocked sets are fields of its task_struct; kill writes
 * them as kernel/signal.c's __send_signal_locked and complete_signal do (ProcessCommands.kill).
 */

enum { SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGIOT = 6, SIGBUS = 7,
	SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15,
	SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
	SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29,
	SIGPOLL = 29, SIGPWR = 30, SIGSYS = 31, SIGRTMIN = 32 };

/* x86-64: one 64-bit word holds every signal (_NSIG_WORDS is _NSIG / _NSIG_BPW) */
enum { _NSIG = 64, _NSIG_BPW = 64, _NSIG_WORDS = _NSIG / _NSIG_BPW };

typedef struct {
	unsigned long sig[_NSIG_WORDS];
} sigset_t;

/* include/linux/signal_types.h (without the queue of siginfo: a signal here is its bit) */
struct sigpending {
	sigset_t signal;
};

/* The signals sent to the whole thread group (kill(2)) wait in shared_pending. */
struct signal_struct {
	struct sigpending shared_pending;
	int group_exit_code;
};

int sigismember(sigset_t *set, int _sig)
{
	unsigned long sig = _sig - 1;

	if (_NSIG_WORDS == 1)
		return 1 & (set->sig[0] >> sig);
	return 1 & (set->sig[sig / _NSIG_BPW] >> (sig % _NSIG_BPW));
}

void sigaddset(sigset_t *set, int _sig)
{
	unsigned long sig = _sig - 1;

	if (_NSIG_WORDS == 1)
		set->sig[0] |= 1UL << sig;
	else
		set->sig[sig / _NSIG_BPW] |= 1UL << (sig % _NSIG_BPW);
}

void sigdelset(sigset_t *set, int _sig)
{
	unsigned long sig = _sig - 1;

	if (_NSIG_WORDS == 1)
		set->sig[0] &= ~(1UL << sig);
	else
		set->sig[sig / _NSIG_BPW] &= ~(1UL << (sig % _NSIG_BPW));
}

int sigisemptyset(sigset_t *set)
{
	return set->sig[0] == 0;
}

void sigemptyset(sigset_t *set)
{
	set->sig[0] = 0;
}

void sigfillset(sigset_t *set)
{
	set->sig[0] = -1UL;
}

unsigned long sigmask(int sig)
{
	return 1UL << (sig - 1);
}

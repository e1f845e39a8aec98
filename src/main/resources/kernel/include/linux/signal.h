/*
 * Signals as drivers see them: the numbers (arch/x86/include/uapi/asm/signal.h), sigset_t
 * (arch/x86/include/asm/signal.h), the pending sets (include/linux/signal_types.h, sched/signal.h) and the sigset
 * helpers of include/linux/signal.h. A task's pending and blocked sets are fields of its task_struct; kill writes
 * them as kernel/signal.c's __send_signal_locked and complete_signal do (ProcessCommands.kill).
 */

/* arch/x86/include/uapi/asm/signal.h */
#define SIGHUP		 1
#define SIGINT		 2
#define SIGQUIT		 3
#define SIGILL		 4
#define SIGTRAP		 5
#define SIGABRT		 6
#define SIGIOT		 6
#define SIGBUS		 7
#define SIGFPE		 8
#define SIGKILL		 9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPOLL		SIGIO
#define SIGPWR		30
#define SIGSYS		31
#define SIGUNUSED	31
#define SIGRTMIN	32

/* arch/x86/include/asm/signal.h (x86-64) */
#define _NSIG		64
#define _NSIG_BPW	64
#define _NSIG_WORDS	(_NSIG / _NSIG_BPW)

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

static inline int sigismember(sigset_t *set, int _sig)
{
	unsigned long sig = _sig - 1;

	if (_NSIG_WORDS == 1)
		return 1 & (set->sig[0] >> sig);
	return 1 & (set->sig[sig / _NSIG_BPW] >> (sig % _NSIG_BPW));
}

static inline void sigaddset(sigset_t *set, int _sig)
{
	unsigned long sig = _sig - 1;

	if (_NSIG_WORDS == 1)
		set->sig[0] |= 1UL << sig;
	else
		set->sig[sig / _NSIG_BPW] |= 1UL << (sig % _NSIG_BPW);
}

static inline void sigdelset(sigset_t *set, int _sig)
{
	unsigned long sig = _sig - 1;

	if (_NSIG_WORDS == 1)
		set->sig[0] &= ~(1UL << sig);
	else
		set->sig[sig / _NSIG_BPW] &= ~(1UL << (sig % _NSIG_BPW));
}

static inline int sigisemptyset(sigset_t *set)
{
	return set->sig[0] == 0;
}

static inline void sigemptyset(sigset_t *set)
{
	set->sig[0] = 0;
}

static inline void sigfillset(sigset_t *set)
{
	set->sig[0] = -1UL;
}

static inline unsigned long sigmask(int sig)
{
	return 1UL << (sig - 1);
}

package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static dev.driverlab.kernel.Lab.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Signals" (kernel/signal.c, include/linux/signal.h, include/linux/sched/signal.h): a
 * task's pending and blocked sets are task_struct fields that kill writes, and the checks drivers make read them.
 */
class SignalRulesTests {

    /**
     * /proc/lab (not a misc device: misc_open calls ->open under misc_mtx): a blocking open sleeps until a write, then
     * each open runs {@code check} on what it sees of current's signals.
     */
    private static Lab sleeper(String check) {
        return Lab.module(
                """
                static DECLARE_WAIT_QUEUE_HEAD(wq);
                static int ready;

                static int lab_open(struct inode *inode, struct file *file)
                {
                	if (!(file->f_flags & O_NONBLOCK))
                		wait_event_interruptible(wq, ready);
                """ + check + """
                	return 0;
                }

                static ssize_t lab_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
                {
                	ready = 1;
                	wake_up(&wq);
                	return len;
                }

                static const struct proc_ops lab_ops = {
                	.proc_open = lab_open,
                	.proc_write = lab_write,
                };
                """,
                "\treturn proc_create(\"lab\", 0666, NULL, &lab_ops) ? 0 : -ENOMEM;",
                "\tremove_proc_entry(\"lab\", NULL);");
    }

    /** LKMPG sleep.c's check, word by word over _NSIG_WORDS, and what the pending sets hold. */
    private static final String NSIG_LOOP = """
            	{
            		int i, is_sig = 0;

            		for (i = 0; i < _NSIG_WORDS && !is_sig; i++)
            			is_sig = current->pending.signal.sig[i] & ~current->blocked.sig[i];
            		pr_info("is_sig %d pending %lx shared %lx", is_sig, current->pending.signal.sig[0],
            			current->signal->shared_pending.signal.sig[0]);
            		if (is_sig)
            			return -EINTR;
            	}
            """;

    @Test
    void killAddsTheSignalToTheGroupsSharedPendingAndSigkillToTheTasksPendingSetWhichSleepCsLoopSees() {
        RunResult r = sleeper(NSIG_LOOP).run("insmod lab\nopen /proc/lab as A\nkill A SIGINT");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .as("SIGKILL is bit 8, SIGINT bit 1")
                .containsExactly("is_sig 256 pending 100 shared 2");
        assertThat(r.output())
                .containsExactly(
                        "A: open(\"/proc/lab\", O_RDWR) = -1 EINTR (Interrupted system call)",
                        "A: +++ killed by SIGINT +++");

        RunResult term = sleeper(NSIG_LOOP).run("insmod lab\nopen /proc/lab as A\nkill A SIGTERM");
        assertThat(Lab.driverLog(term)).containsExactly("is_sig 256 pending 100 shared 4000");
    }

    @Test
    void withoutASignalTheSetsAreEmptyAndTheWokenOpenerGoesOn() {
        RunResult r =
                sleeper(NSIG_LOOP).run("insmod lab\nopen /proc/lab as A\nopen /proc/lab nonblock as B\nwrite B x");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("is_sig 0 pending 0 shared 0", "is_sig 0 pending 0 shared 0");
        assertThat(r.output()).contains("A: open(\"/proc/lab\", O_RDWR) = 3");
    }

    @Test
    void signalPendingFatalSignalPendingAndSigismemberReadThePendingSets() {
        String check = """
                	pr_info("pending %d fatal %d kill %d int %d", signal_pending(current), fatal_signal_pending(current),
                		sigismember(&current->pending.signal, SIGKILL), sigismember(&current->pending.signal, SIGINT));
                """;
        RunResult quiet =
                sleeper(check).run("insmod lab\nopen /proc/lab as A\nopen /proc/lab nonblock as B\nwrite B x");
        assertThat(Lab.driverLog(quiet)).contains("pending 0 fatal 0 kill 0 int 0");

        RunResult r = sleeper(check).run("insmod lab\nopen /proc/lab as A\nkill A SIGINT");
        assertThat(Lab.driverLog(r)).containsExactly("pending 1 fatal 1 kill 1 int 0");
    }

    @Test
    void aSignalIsPendingOnlyWhileItIsNotBlocked() {
        String check = """
                	sigaddset(&current->blocked, SIGINT);
                	pr_info("SIGINT blocked: pending %d", signal_pending(current));
                	sigaddset(&current->blocked, SIGKILL);
                	pr_info("both blocked: pending %d fatal %d", signal_pending(current), fatal_signal_pending(current));
                	sigemptyset(&current->blocked);
                """;
        RunResult r = sleeper(check).run("insmod lab\nopen /proc/lab as A\nkill A SIGINT");
        assertThat(Lab.driverLog(r)).containsExactly("SIGINT blocked: pending 1", "both blocked: pending 0 fatal 0");
    }

    @Test
    void aKillableSleeperWakesOnAFatalSignalAnUninterruptibleOneDoesNot() {
        String decls = """
                static int lab_open(struct inode *inode, struct file *file)
                {
                	set_current_state(STATE);
                	schedule();
                	pr_info("woke fatal %d", fatal_signal_pending(current));
                	return fatal_signal_pending(current) ? -EINTR : 0;
                }

                static const struct file_operations lab_fops = {
                	.owner = THIS_MODULE,
                	.open = lab_open,
                };

                static struct miscdevice lab_misc = {
                	.minor = MISC_DYNAMIC_MINOR,
                	.name = "lab",
                	.fops = &lab_fops,
                };
                """;
        RunResult killable = Lab.module(
                        decls.replace("STATE", "TASK_KILLABLE"),
                        "\treturn misc_register(&lab_misc);",
                        "\tmisc_deregister(&lab_misc);")
                .run("insmod lab\nopen /dev/lab as A\nkill A SIGKILL");
        assertThat(Lab.driverLog(killable)).containsExactly("woke fatal 1");
        assertThat(killable.output()).contains("A: +++ killed by SIGKILL +++");

        RunResult d = Lab.module(
                        decls.replace("STATE", "TASK_UNINTERRUPTIBLE"),
                        "\treturn misc_register(&lab_misc);",
                        "\tmisc_deregister(&lab_misc);")
                .run("insmod lab\nopen /dev/lab as A\nkill A SIGKILL");
        assertThat(Lab.driverLog(d)).isEmpty();
        assertThat(context(d, "A").status()).isEqualTo("blocked");
    }
}

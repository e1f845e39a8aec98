package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.entered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Sleeping": wait_event*() are include/linux/wait.h's real macros over kernel/sched/wait.c's
 * prepare_to_wait_event()/finish_wait() and schedule()/schedule_timeout(), with their return values, signal
 * behaviour, exclusive waiters and might_sleep() at the caller's line.
 */
class WaitEventRulesTests {

    /** /dev/lab: read waits with WAIT (a wait_event form over q and ready) and logs its value; write wakes. */
    private static final String DRIVER = """
            static DECLARE_WAIT_QUEUE_HEAD(q);
            static DEFINE_SPINLOCK(lab_lock);
            static int ready;

            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
            	long ret = WAIT;

            	pr_info("%s woke %ld", current->comm, ret);
            	return 0;
            }

            static ssize_t lab_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
            {
            	ready = 1;
            	WAKE(&q);
            	return len;
            }

            static const struct file_operations lab_fops = {
            	.owner = THIS_MODULE,
            	.read = lab_read,
            	.write = lab_write,
            };

            static struct miscdevice lab_misc = {
            	.minor = MISC_DYNAMIC_MINOR,
            	.name = "lab",
            	.fops = &lab_fops,
            };
            """;

    private static Lab lab(String wait, String wake) {
        return Lab.module(
                "#define WAIT " + wait + "\n#define WAKE " + wake + "\n" + DRIVER,
                "\treturn misc_register(&lab_misc);",
                "\tmisc_deregister(&lab_misc);");
    }

    @Test
    void theWaitStepsThroughPrepareToWaitEventScheduleAndFinishWait() {
        RunResult r = lab("wait_event_interruptible(q, ready)", "wake_up_interruptible")
                .run("insmod lab\nopen /dev/lab as A\nread A\nopen /dev/lab as B\nwrite B x");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("A woke 0");
        assertThat(entered(r))
                .containsSubsequence(
                        "init_wait_entry",
                        "prepare_to_wait_event",
                        "lab_write",
                        "autoremove_wake_function",
                        "prepare_to_wait_event",
                        "finish_wait");
    }

    /** A read that waits with WAIT for a timer it arms to set ready AT jiffies later. */
    private static final String TIMED = """
            static DECLARE_WAIT_QUEUE_HEAD(q);
            static struct timer_list lab_timer;
            static int ready;

            static void lab_fire(struct timer_list *t)
            {
            	ready = 1;
            	wake_up(&q);
            }

            static int __init lab_init(void)
            {
            	long ret;

            	timer_setup(&lab_timer, lab_fire, 0);
            	mod_timer(&lab_timer, jiffies + AT);
            	ret = WAIT;
            	pr_info("woke %ld", ret);
            	del_timer_sync(&lab_timer);
            	return 0;
            }
            module_init(lab_init);
            MODULE_LICENSE("GPL");
            """;

    private static RunResult timed(String wait, int at) {
        return Lab.driver("#define WAIT " + wait + "\n#define AT " + at + "\n" + TIMED)
                .run("insmod lab");
    }

    @Test
    void waitEventTimeoutReturnsZeroAtTheTimeoutAndTheJiffiesLeftWhenTheConditionHolds() {
        assertThat(Lab.driverLog(timed("wait_event_timeout(q, ready, 10)", 3))).containsExactly("woke 7");
        assertThat(Lab.driverLog(timed("wait_event_timeout(q, ready, 10)", 20))).containsExactly("woke 0");
        assertThat(Lab.driverLog(timed("wait_event_timeout(q, 1, 10)", 20))).containsExactly("woke 10");
        assertThat(Lab.driverLog(timed("wait_event_interruptible_timeout(q, ready, 10)", 3)))
                .containsExactly("woke 7");
        assertThat(Lab.driverLog(timed("wait_event_killable_timeout(q, ready, 10)", 30)))
                .containsExactly("woke 0");
    }

    @Test
    void aFatalSignalEndsAKillableWaitButNotAnUninterruptibleOne() {
        RunResult killable = lab("wait_event_killable(q, ready)", "wake_up")
                .run("insmod lab\nopen /dev/lab as A\nread A\nkill A SIGKILL");
        assertThat(Lab.driverLog(killable)).containsExactly("A woke -512");

        RunResult plain = lab("({ wait_event(q, ready); 0; })", "wake_up")
                .run("insmod lab\nopen /dev/lab as A\nread A\nkill A SIGKILL");
        assertThat(Lab.driverLog(plain)).isEmpty();
        assertThat(context(plain, "A").status()).isEqualTo("blocked");
    }

    @Test
    void wakeUpWakesOneExclusiveWaiterAndWakeUpAllWakesThemAll() {
        String script =
                "insmod lab\nopen /dev/lab as A\nread A\nopen /dev/lab as B\nread B\nopen /dev/lab as C\nwrite C x";
        RunResult one =
                lab("wait_event_interruptible_exclusive(q, ready)", "wake_up").run(script);
        assertThat(Lab.driverLog(one)).containsExactly("A woke 0");
        assertThat(context(one, "B").status()).isEqualTo("blocked");

        RunResult all = lab("wait_event_interruptible_exclusive(q, ready)", "wake_up_all")
                .run(script);
        assertThat(Lab.driverLog(all)).containsExactly("A woke 0", "B woke 0");
    }

    @Test
    void mightSleepNamesTheDriversLineEvenWhenTheConditionAlreadyHolds() {
        Lab lab = lab("({ spin_lock(&lab_lock); wait_event(q, 1); spin_unlock(&lab_lock); 0; })", "wake_up");
        RunResult r = lab.run("insmod lab\ncat /dev/lab");
        assertThat(Lab.report(r).title())
                .isEqualTo("BUG: sleeping function called from invalid context at lab.c:"
                        + Lab.lineOf(lab.source(), "long ret = WAIT;"));
    }

    @Test
    void theLockIrqFormsDropTheLockWhileAsleepAndHoldItAgainAfter() {
        RunResult r = lab(
                        "({ long v; spin_lock_irq(&lab_lock); v = wait_event_interruptible_lock_irq(q, ready, lab_lock);"
                                + " v += spin_is_locked(&lab_lock) * 10; spin_unlock_irq(&lab_lock); v; })",
                        "wake_up_interruptible")
                .run("insmod lab\nopen /dev/lab as A\nread A\nopen /dev/lab as B\nwrite B x");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("A woke 10");
    }
}

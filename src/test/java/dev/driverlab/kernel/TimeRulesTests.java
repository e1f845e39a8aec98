package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Clocks": the clocks of include/linux/timekeeping.h read off simulated time from a fixed boot
 * epoch, the jiffies helpers, cpu_relax() in a busy-wait loop, time passing for a timer a command waits for, and
 * preempt_count().
 */
class TimeRulesTests {

    @Test
    void theClocksStartAtBootAndFollowJiffiesAndBusyWaits() {
        Lab lab = Lab.init("", """
                	struct timespec64 mono, real, coarse;

                	ktime_get_ts64(&mono);
                	ktime_get_real_ts64(&real);
                	pr_info("boot %lld.%09ld %lld.%09ld", mono.tv_sec, mono.tv_nsec, real.tv_sec, real.tv_nsec);
                	mdelay(1001);
                	udelay(3);
                	ktime_get_ts64(&mono);
                	ktime_get_real_ts64(&real);
                	ktime_get_coarse_real_ts64(&coarse);
                	pr_info("later %lld.%09ld %lld.%09ld %lld.%09ld", mono.tv_sec, mono.tv_nsec,
                		real.tv_sec, real.tv_nsec, coarse.tv_sec, coarse.tv_nsec);
                	pr_info("ns %llu s %lld real s %lld", ktime_get_ns(), ktime_get_seconds(), ktime_get_real_seconds());
                	return 0;
                """);
        RunResult r = lab.run("insmod lab");
        assertThat(r.reports()).isEmpty();
        // 1001 ms and 3 us spun: 250 whole jiffies (1.000 s) and 1,003,000 ns not yet a jiffy
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "boot 0.000000000 1704067200.000000000",
                        "later 1.001003000 1704067201.001003000 1704067201.000000000",
                        "ns 1001003000 s 1 real s 1704067201");
        assertThat(lab.run("insmod lab").dmesg()).isEqualTo(r.dmesg()); // the same run, the same times
    }

    @Test
    void jiffiesConversionsAndKtimeHelpersComputeWhatTheySay() {
        RunResult r = Lab.init("", """
                	struct timespec64 ts = { .tv_sec = 2, .tv_nsec = 1 };
                	ktime_t a = ktime_set(1, 500), b = ms_to_ktime(3);

                	jiffies_to_timespec64(251, &ts);
                	pr_info("%lld.%09ld", ts.tv_sec, ts.tv_nsec);
                	ts.tv_sec = 2;
                	ts.tv_nsec = 1;
                	pr_info("%lu %u %llu %lu", timespec64_to_jiffies(&ts), jiffies_to_usecs(3), jiffies_to_nsecs(2),
                		nsecs_to_jiffies(8000001));
                	pr_info("%d %lld %lld %d", get_jiffies_64() == jiffies, ktime_to_us(ktime_add(a, b)),
                		ktime_ms_delta(a, b), ktime_after(a, b));
                	return 0;
                """).run("insmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("1.004000000", "501 12000 8000000 2", "1 1003000 997 1");
    }

    @Test
    void aCpuRelaxLoopPollingJiffiesEndsAfterTheTicksItWaitsForAndTimersFire() {
        RunResult r = Lab.init("""
                static struct timer_list lab_timer;

                static void lab_fire(struct timer_list *t)
                {
                	pr_info("timer at +%lu", jiffies - t->expires + 5);
                }
                """, """
                	unsigned long j0 = jiffies, j1 = j0 + 10;

                	timer_setup(&lab_timer, lab_fire, 0);
                	mod_timer(&lab_timer, j0 + 5);
                	while (time_before(jiffies, j1))
                		cpu_relax();
                	pr_info("spun %lu jiffies", jiffies - j0);
                	del_timer_sync(&lab_timer);
                	return 0;
                """).run("insmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("timer at +5", "spun 10 jiffies");
    }

    @Test
    void aLoopOfSchedulesInTaskRunningYieldsTheCpuUntilJiffiesMove() {
        RunResult r = Lab.init("", """
                	unsigned long j0 = jiffies, j1 = j0 + 7;

                	while (time_before(jiffies, j1))
                		schedule();
                	pr_info("yielded %lu jiffies", jiffies - j0);
                	set_current_state(TASK_INTERRUPTIBLE);
                	wake_up_process(current);
                	schedule();
                	pr_info("a wake-up before the sleep: %lu", jiffies - j1);
                	return 0;
                """).run("insmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("yielded 7 jiffies", "a wake-up before the sleep: 0");
    }

    private static final String TIMER_WAIT = """
            static DECLARE_WAIT_QUEUE_HEAD(lab_wq);
            static struct timer_list lab_timer;
            static int lab_done;

            static void lab_fire(struct timer_list *t)
            {
            	lab_done = 1;
            	wake_up_interruptible(&lab_wq);
            }

            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
            	unsigned long j0 = jiffies;

            	lab_done = 0;
            	timer_setup(&lab_timer, lab_fire, 0);
            	mod_timer(&lab_timer, j0 + 10);
            	if (wait_event_interruptible(lab_wq, lab_done))
            		return -ERESTARTSYS;
            	pr_info("woken after %lu jiffies, preempt %d", jiffies - j0, preempt_count());
            	return 0;
            }

            static const struct file_operations lab_fops = {
            	.owner = THIS_MODULE,
            	.read = lab_read,
            };

            static struct miscdevice lab_misc = {
            	.minor = MISC_DYNAMIC_MINOR,
            	.name = "lab",
            	.fops = &lab_fops,
            };
            """;

    @Test
    void aProcessWaitingForATimersCallbackSeesTimePassToTheTimer() {
        RunResult r = Lab.module(TIMER_WAIT, "\treturn misc_register(&lab_misc);", "\tmisc_deregister(&lab_misc);")
                .run("insmod lab\ncat /dev/lab\nrmmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("woken after 10 jiffies, preempt 0");
    }

    @Test
    void preemptCountCountsSpinlocksSoftirqsAndHardirqs() {
        RunResult r = Lab.module("""
                static DEFINE_SPINLOCK(lab_lock);
                static struct tasklet_struct lab_tasklet;

                static void lab_tasklet_fn(struct tasklet_struct *t)
                {
                	pr_info("tasklet %d %d", preempt_count(), in_atomic());
                }

                static irqreturn_t lab_irq(int irq, void *dev)
                {
                	pr_info("hardirq %#x %#lx", preempt_count(), hardirq_count());
                	tasklet_schedule(&lab_tasklet);
                	return IRQ_HANDLED;
                }
                """, """
                	pr_info("task %d %d", preempt_count(), in_atomic());
                	spin_lock(&lab_lock);
                	pr_info("spinlock %d", preempt_count());
                	spin_unlock(&lab_lock);
                	tasklet_setup(&lab_tasklet, lab_tasklet_fn);
                	return request_irq(17, lab_irq, 0, "lab", &lab_lock);
                """, "\tfree_irq(17, &lab_lock);\n\ttasklet_kill(&lab_tasklet);")
                .run("insmod lab\nirq 17\nrmmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsExactly("task 0 0", "spinlock 1", "hardirq 0x10000 0x10000", "tasklet 256 1");
    }
}

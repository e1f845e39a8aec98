package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Sleeping" (include/linux/wait.h, kernel/sched/wait.c, completion.c, kernel/kthread.c,
 * kernel/time/timer.c): wait queues and signals, O_NONBLOCK, msleep, completions, kthreads.
 */
class SleepRulesTests {

    /** /dev/lab: read sleeps until a write sets "ready" (or returns -EAGAIN first when CHECK_NONBLOCK is kept). */
    private static final String WAITQ = """
            static DECLARE_WAIT_QUEUE_HEAD(wq);
            static int ready;

            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
                int ret;

                if (!ready && (file->f_flags & O_NONBLOCK)) /* CHECK_NONBLOCK */
                    return -EAGAIN;
                ret = wait_event_interruptible(wq, ready);
                pr_info("woke %d", ret);
                if (ret)
                    return ret;
                ready = 0;
                if (copy_to_user(buf, "go", 2))
                    return -EFAULT;
                return 2;
            }

            static ssize_t lab_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
            {
                ready = 1;
                wake_up_interruptible(&wq);
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

    private static Lab waitq(String decls) {
        return Lab.module(decls, "\treturn misc_register(&lab_misc);", "\tmisc_deregister(&lab_misc);");
    }

    @Test
    void waitEventInterruptibleBlocksTheReaderAndWakeUpWakesIt() {
        RunResult blocked = waitq(WAITQ).run("insmod lab\nopen /dev/lab as A\nread A");
        assertThat(context(blocked, "A").status()).isEqualTo("blocked");
        assertThat(context(blocked, "A").waitingOn()).isEqualTo("schedule() in state TASK_INTERRUPTIBLE on wq");
        assertThat(blocked.output()).containsExactly("A: open(\"/dev/lab\", O_RDWR) = 3");

        RunResult r = waitq(WAITQ).run("insmod lab\nopen /dev/lab as A\nread A\nopen /dev/lab as B\nwrite B x");
        assertThat(r.output()).contains("A: read(3, \"go\", 4096) = 2", "B: write(3, \"x\", 1) = 1");
        assertThat(Lab.driverLog(r)).containsExactly("woke 0");
        assertThat(first(r, "woken", "A")).isGreaterThan(first(r, "enter", "lab_write"));
        assertThat(context(r, "A").status()).isEqualTo("idle");
    }

    @Test
    void aSignalWakesAnInterruptibleSleeperWithErestartsysWhichTheProcessSeesAsEintr() {
        RunResult r = waitq(WAITQ).run("insmod lab\nopen /dev/lab as A\nread A\nkill A SIGINT");
        assertThat(Lab.driverLog(r)).containsExactly("woke -512");
        assertThat(r.output())
                .containsExactly(
                        "A: open(\"/dev/lab\", O_RDWR) = 3",
                        "A: read(3, \"\", 4096) = -1 EINTR (Interrupted system call)",
                        "A: +++ killed by SIGINT +++");
        assertThat(first(r, "signal", "A")).isLessThan(first(r, "woken", "A"));
        assertThat(r.state().contexts()).noneMatch(c -> c.name().equals("A"));
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void eagainForONonblockIsTheDriversDoing() {
        RunResult checks = waitq(WAITQ).run("insmod lab\nopen /dev/lab nonblock as C\nread C");
        assertThat(checks.output())
                .containsExactly(
                        "C: open(\"/dev/lab\", O_RDWR|O_NONBLOCK) = 3",
                        "C: read(3, \"\", 4096) = -1 EAGAIN (Resource temporarily unavailable)");

        String ignoring = WAITQ.replaceAll("(?m)^.*CHECK_NONBLOCK.*\\n.*\\n", "");
        assertThat(ignoring).doesNotContain("EAGAIN");
        RunResult r = waitq(ignoring).run("insmod lab\nopen /dev/lab nonblock as C\nread C");
        assertThat(r.output()).containsExactly("C: open(\"/dev/lab\", O_RDWR|O_NONBLOCK) = 3");
        assertThat(context(r, "C").status())
                .as("the kernel does not turn a sleep into EAGAIN")
                .isEqualTo("blocked");
    }

    @Test
    void msleepSleepsUntilTimeHasPassedWhichItDoesByItselfWhenNothingElseRuns() {
        RunResult r = Lab.module("", """
                    unsigned long j = jiffies;

                    msleep(40);
                    pr_info("slept %lu", jiffies - j);
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).as("msecs_to_jiffies(40) + 1 at HZ=250").containsExactly("slept 11");
        long blocked = first(r, "blocked", "insmod");
        assertThat(events(r, "tick")).hasSize(1).allMatch(t -> t.seq() > blocked);
        assertThat(first(r, "woken", "insmod")).isGreaterThan(first(r, "tick", ""));
    }

    @Test
    void msleepInAKthreadJustWokenByWakeUpProcessSleepsItsWholeTime() {
        RunResult r = Lab.module("""
                static int sleeper(void *arg)
                {
                    unsigned long j = jiffies;

                    msleep(40);
                    pr_info("slept %lu", jiffies - j);
                    return 0;
                }
                """, """
                    kthread_run(sleeper, NULL, "sleeper");
                    return 0;
                """, "")
                .run("tick\ninsmod lab\ntick 11"); // a sleeping kthread does not hold insmod: tick lets it sleep
        assertThat(Lab.driverLog(r)).containsExactly("slept 11");
    }

    @Test
    void msleepSleepsItsWholeTimeEvenWhenWakeUpProcessWakesItEarly() {
        // msleep loops: while (timeout) timeout = schedule_timeout_uninterruptible(timeout);
        RunResult r = Lab.module("""
                static struct task_struct *sleeper_task;

                static int sleeper(void *arg)
                {
                    unsigned long j = jiffies;

                    msleep(40);
                    pr_info("slept %lu", jiffies - j);
                    return 0;
                }

                static int waker(void *arg)
                {
                    pr_info("woke it %d", wake_up_process(sleeper_task));
                    return 0;
                }
                """, """
                    sleeper_task = kthread_run(sleeper, NULL, "sleeper");
                    kthread_run(waker, NULL, "waker");
                    return 0;
                """, "").run("insmod lab\ntick 11");
        assertThat(Lab.driverLog(r)).containsExactly("woke it 1", "slept 11");
    }

    private static final String COMPLETIONS = """
            static struct completion go;

            static int waiter(void *arg)
            {
                wait_for_completion(&go);
                pr_info("%s woke", (char *)arg);
                return 0;
            }

            static ssize_t lab_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
            {
                char c;

                get_user(c, buf);
                if (c == 'a')
                    complete_all(&go);
                else
                    complete(&go);
                return len;
            }

            static const struct file_operations lab_fops = {
                .owner = THIS_MODULE,
                .write = lab_write,
            };

            static struct miscdevice lab_misc = {
                .minor = MISC_DYNAMIC_MINOR,
                .name = "lab",
                .fops = &lab_fops,
            };
            """;

    private static final Lab WAITERS = Lab.module(COMPLETIONS, """
                init_completion(&go);
                kthread_run(waiter, "first", "w1");
                kthread_run(waiter, "second", "w2");
                kthread_run(waiter, "third", "w3");
                return misc_register(&lab_misc);
            """, "\tmisc_deregister(&lab_misc);");

    /** The "... woke" lines of dmesg (waiters still blocked when the script ends may add a hung-task report). */
    private static List<String> woke(RunResult r) {
        return r.dmesg().stream().filter(l -> l.endsWith(" woke")).toList();
    }

    @Test
    void completeIsRememberedWhenNobodyWaits() {
        RunResult r = Lab.module("static DECLARE_COMPLETION(done);", """
                    complete(&done);
                    pr_info("done %d", completion_done(&done));
                    wait_for_completion(&done);
                    pr_info("returned, done %d", completion_done(&done));
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("done 1", "returned, done 0");
        assertThat(events(r, "blocked"))
                .as("the wait consumed the remembered done")
                .isEmpty();
    }

    @Test
    void completeWakesOneWaiterTheFirstToHaveWaited() {
        RunResult r = WAITERS.run("insmod lab\nopen /dev/lab as A\nwrite A x");
        assertThat(woke(r)).containsExactly("first woke");
        assertThat(context(r, "w2").status()).isEqualTo("blocked");
        assertThat(context(r, "w3").status()).isEqualTo("blocked");
        assertThat(context(r, "w2").waitingOn()).isEqualTo("wait_event on go.wait");

        RunResult twice = WAITERS.run("insmod lab\nopen /dev/lab as A\nwrite A x\nwrite A x");
        assertThat(woke(twice)).containsExactly("first woke", "second woke");
        assertThat(context(twice, "w3").status()).isEqualTo("blocked");
    }

    @Test
    void completeAllWakesEveryWaiter() {
        RunResult r = WAITERS.run("insmod lab\nopen /dev/lab as A\nwrite A a");
        assertThat(Lab.driverLog(r)).containsExactly("first woke", "second woke", "third woke");
        assertThat(r.state().contexts()).extracting(c -> c.name()).containsExactly("A");
        assertThat(events(r, "context-exit")).extracting(TraceEvent::context).contains("w1", "w2", "w3");
    }

    private static final Lab THREAD = Lab.module("""
            static struct task_struct *thread;
            static DECLARE_WAIT_QUEUE_HEAD(idle);

            static int lab_thread(void *arg)
            {
                pr_info("thread runs");
                wait_event_interruptible(idle, kthread_should_stop());
                pr_info("thread stops %d", kthread_should_stop());
                return 42;
            }
            """, """
                thread = kthread_create(lab_thread, NULL, "labthread");
                if (IS_ERR(thread))
                    return PTR_ERR(thread);
                pr_info("created");
                return 0;
            """, """
                wake_up_process(thread);
                pr_info("woken");
                pr_info("kthread_stop returned %d", kthread_stop(thread));
            """);

    @Test
    void kthreadCreateRunsNothingUntilWakeUpProcess() {
        RunResult r = THREAD.run("insmod lab\nlsmod");
        assertThat(Lab.driverLog(r)).startsWith("created").doesNotContain("thread runs");
        assertThat(events(r, "enter", "lab_thread")).isEmpty();
        assertThat(context(r, "labthread").status()).isEqualTo("blocked");
        assertThat(context(r, "labthread").kind()).isEqualTo("process");

        RunResult woken = THREAD.run("insmod lab\nrmmod lab");
        assertThat(first(woken, "enter", "lab_thread")).isGreaterThan(first(woken, "command", "rmmod lab"));
        assertThat(events(woken, "enter", "lab_thread"))
                .extracting(TraceEvent::context)
                .containsExactly("labthread");
        assertThat(Lab.driverLog(woken)).contains("thread runs");
    }

    @Test
    void kthreadStopMakesKthreadShouldStopTrueWakesTheThreadAndReturnsItsExitCode() {
        RunResult r = THREAD.run("insmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsSubsequence("created", "thread runs", "thread stops 1", "kthread_stop returned 42");
        assertThat(Lab.driverLog(r)).containsSubsequence("woken", "thread stops 1");
        assertThat(first(r, "context-exit", "labthread")).isLessThan(first(r, "context-exit", "rmmod"));
        assertThat(events(r, "context-exit", "labthread"))
                .extracting(TraceEvent::from)
                .containsExactly(42L);
        assertThat(Lab.moduleView(r, "lab").state()).isEqualTo("UNLOADED");
    }

    /** A kthread polling every 100 ms until kthread_stop; STOP_CHECK is the loop's condition. */
    private static final String POLLER = """
            static struct task_struct *poller;
            static int polls;

            static int lab_poll(void *arg)
            {
                while (STOP_CHECK) {
                    polls++;
                    msleep(100);
                }
                pr_info("stopped after %d polls", polls);
                return 0;
            }
            """;

    private static Lab poller(String stopCheck) {
        return Lab.module(
                POLLER.replace("STOP_CHECK", stopCheck),
                """
                    poller = kthread_run(lab_poll, NULL, "lab_poll");
                    return 0;
                """,
                "\tpr_info(\"after %d polls\", polls);\n\tkthread_stop(poller);");
    }

    @Test
    void aKthreadSleepingInMsleepIsNoLockupTheCommandReturnsWhileItSleeps() {
        // Real 6.1 (realkernel harness, same module): insmod returns at once, nothing in dmesg; rmmod after
        // "sleep 1" prints about ten polls. Only a context that keeps its CPU gets "watchdog: BUG: soft lockup".
        RunResult r = poller("!kthread_should_stop()").run("insmod lab\nlsmod");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output()).anyMatch(l -> l.startsWith("lab "));
        assertThat(context(r, "lab_poll").status()).isEqualTo("blocked");
        assertThat(events(r, "tick"))
                .as("nothing waits for the thread: time does not pass")
                .isEmpty();
    }

    /** A kthread that never sleeps: YIELD is what its loop does each round (a scheduling point, or nothing). */
    private static Lab spinner(String yield) {
        return Lab.module("""
                static struct task_struct *spinner;
                static unsigned long rounds;

                static int lab_spin(void *arg)
                {
                    while (!kthread_should_stop()) {
                        rounds++;
                        YIELD
                    }
                    pr_info("stopped");
                    return 0;
                }
                """.replace("YIELD", yield), """
                    spinner = kthread_run(lab_spin, NULL, "lab_spin");
                    return 0;
                """, "\tkthread_stop(spinner);");
    }

    @Test
    void aKthreadThatSchedulesWithoutSleepingIsNoLockupAndStopsAtRmmod() {
        // schedule() in TASK_RUNNING, cond_resched() and yield() let the CPU switch tasks: the watchdog's thread
        // runs, so kernel/watchdog.c never fires. The thread keeps its loop until kthread_stop.
        for (String yield : new String[] {"schedule();", "cond_resched();", "yield();"}) {
            RunResult r = spinner(yield).run("insmod lab\nrmmod lab");
            assertThat(r.reports()).as(yield + " " + describe(r)).isEmpty();
            assertThat(Lab.driverLog(r))
                    .as(yield + " " + r.output() + " " + r.error())
                    .contains("stopped");
            assertThat(Lab.moduleView(r, "lab").state()).as(yield).isEqualTo("UNLOADED");
        }
        RunResult spinning = spinner("cpu_relax();").run("insmod lab\nrmmod lab");
        assertThat(Lab.report(spinning).kind()).isEqualTo("soft-lockup");
        assertThat(Lab.report(spinning).title()).contains("[lab_spin:");
    }

    @Test
    void condReschedUnderASpinlockIsSleepingInAtomicContext() {
        RunResult r = Lab.init("static DEFINE_SPINLOCK(lab_lock);", """
                spin_lock(&lab_lock);
                cond_resched();
                spin_unlock(&lab_lock);
                return 0;
                """).run("insmod lab");
        assertThat(Lab.report(r).title()).startsWith("BUG: sleeping function called from invalid context");
    }

    @Test
    void tickLetsSleepingThreadsRunAndACommandWaitingForOneLetsTimePass() {
        // msleep(100) is msecs_to_jiffies(100) + 1 = 26 jiffies at HZ=250: tick 260 wakes the thread 10 times;
        // rmmod's kthread_stop then waits (state D) for the rest of the last msleep, and time passes for it.
        RunResult r = poller("!kthread_should_stop()").run("insmod lab\ntick 260\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("after 11 polls", "stopped after 11 polls");
        assertThat(Lab.moduleView(r, "lab").state()).isEqualTo("UNLOADED");
    }

    @Test
    void aCommandBlockedUninterruptiblyForMoreThan120SecondsIsAHungTask() {
        // The thread never checks kthread_should_stop: kthread_stop waits in wait_for_completion (TASK_UNINTERRUPTIBLE)
        // for ever; kernel/hung_task.c reports it after hung_task_timeout_secs (120), not the soft-lockup watchdog.
        RunResult r = poller("1").run("insmod lab\nrmmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("hung-task");
        assertThat(report.title()).matches("INFO: task rmmod:\\d+ blocked for more than 120 seconds\\.");
        assertThat(report.context()).isEqualTo("rmmod");
        assertThat(report.text()).contains("task:rmmod").contains("state:D");
        assertThat(Lab.driverLog(r)).noneMatch(l -> l.contains("soft lockup"));
        TraceEvent last = events(r, "tick").get(events(r, "tick").size() - 1);
        TraceEvent blocked = events(r, "blocked", "rmmod").get(0);
        long before = events(r, "tick").stream()
                .filter(t -> t.seq() < blocked.seq())
                .mapToLong(TraceEvent::to)
                .max()
                .orElse(last.to() - 30_000);
        assertThat(last.to() - before).as("120 s at HZ=250").isEqualTo(30_000);
    }

    @Test
    void onlyAContextThatKeepsItsCpuWithoutSchedulingIsASoftLockup() {
        RunResult spin = Lab.module("""
                static int lab_spin(void *arg)
                {
                    while (!kthread_should_stop())
                        ;
                    return 0;
                }
                """, "\tkthread_run(lab_spin, NULL, \"lab_spin\");\n\treturn 0;", "")
                .maxSteps(5000)
                .run("insmod lab");
        assertThat(Lab.report(spin).title())
                .matches("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! \\[lab_spin:\\d+\\]");
        // The same thread sleeping between its rounds of work: its count restarts each time it blocks.
        RunResult sleeps = Lab.module("""
                static int lab_spin(void *arg)
                {
                    while (!kthread_should_stop()) {
                        int i;

                        for (i = 0; i < 200; i++)
                            cpu_relax();
                        msleep(1);
                    }
                    return 0;
                }
                """, "\tkthread_run(lab_spin, NULL, \"lab_spin\");\n\treturn 0;", "")
                .maxSteps(5000)
                .run("insmod lab\ntick 5000");
        assertThat(sleeps.reports()).as(describe(sleeps)).isEmpty();
    }
}

package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.entered;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScriptParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "poll" (fs/select.c, include/linux/poll.h): the {@code poll} script command runs do_sys_poll,
 * which calls the driver's ->poll with a poll_table, sleeps on the queues poll_wait() named until a wake-up, a
 * signal or the timeout, and polls again.
 */
class PollRulesTests {

    /** /dev/lab: always writable, readable once a write set "ready"; WAKE is how the write wakes the pollers. */
    private static final String POLL = """
            #include <linux/poll.h>

            static DECLARE_WAIT_QUEUE_HEAD(wq);
            static int ready;

            static __poll_t lab_poll(struct file *file, poll_table *wait)
            {
            	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

            	poll_wait(file, &wq, wait);
            	if (ready)
            		mask |= EPOLLIN | EPOLLRDNORM;
            	pr_info("poll ready %d waits %d at %lu", ready, !poll_does_not_wait(wait), jiffies);
            	return mask;
            }

            static ssize_t lab_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
            {
            	ready = len > 1;
            	WAKE;
            	return len;
            }

            static const struct file_operations lab_fops = {
            	.owner = THIS_MODULE,
            	.poll = lab_poll,
            	.write = lab_write,
            };

            static struct miscdevice lab_misc = {
            	.minor = MISC_DYNAMIC_MINOR,
            	.name = "lab",
            	.fops = &lab_fops,
            };
            """;

    private static RunResult run(String decls, String commands) {
        return IoctlRulesTests.misc(decls).run("insmod lab\nopen /dev/lab as A\n" + commands);
    }

    private static RunResult run(String commands) {
        return run(POLL.replace("WAKE", "wake_up_interruptible(&wq)"), commands);
    }

    @Test
    void aReadyFileAnswersAtOnceWithTheRequestedEventsOnly() {
        RunResult r = run("poll A 1000 POLLOUT");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output()).contains("A: poll([{fd=3, events=POLLOUT}], 1, 1000) = 1 ([{fd=3, revents=POLLOUT}])");
        assertThat(Lab.driverLog(r)).hasSize(1);
        assertThat(events(r, "blocked")).isEmpty();
        assertThat(entered(r))
                .containsSubsequence(
                        "ksys_poll",
                        "do_sys_poll",
                        "do_poll",
                        "do_pollfd",
                        "vfs_poll",
                        "lab_poll",
                        "poll_wait",
                        "__pollwait",
                        "poll_freewait",
                        "free_poll_entry");
    }

    @Test
    void aZeroTimeoutPollsOnceWithoutRegisteringAndTimesOut() {
        RunResult r = run("poll A 0");
        assertThat(r.output()).contains("A: poll([{fd=3, events=POLLIN}], 1, 0) = 0 (Timeout)");
        assertThat(Lab.driverLog(r)).hasSize(1).allMatch(l -> l.startsWith("poll ready 0 waits 0"));
        assertThat(entered(r)).doesNotContain("__pollwait");
    }

    @Test
    void aFileThatIsNotReadySleepsUntilItsTimeoutInJiffiesThenPollsAgain() {
        RunResult r = run("poll A 100");
        assertThat(r.output()).contains("A: poll([{fd=3, events=POLLIN}], 1, 100) = 0 (Timeout)");
        List<String> d = Lab.driverLog(r);
        assertThat(d).hasSize(2);
        assertThat(d.get(0)).startsWith("poll ready 0 waits 1 at ");
        assertThat(d.get(1)).startsWith("poll ready 0 waits 0 at ");
        long at0 = Long.parseLong(d.get(0).replaceAll(".* at ", ""));
        long at1 = Long.parseLong(d.get(1).replaceAll(".* at ", ""));
        assertThat(at1 - at0).as("msecs_to_jiffies(100) at HZ=250").isEqualTo(25);
    }

    @Test
    void aWakeUpOnTheQueueCallsPollwakeInTheWakersContextAndThePollerPollsAgain() {
        RunResult r = run("poll A\nopen /dev/lab as B\nwrite B go\nwrite B go");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(context(r, "A").status()).isEqualTo("idle");
        assertThat(r.output()).contains("A: poll([{fd=3, events=POLLIN}], 1, -1) = 1 ([{fd=3, revents=POLLIN}])");
        List<TraceEvent> wakes = events(r, e -> e.kind().equals("enter") && "pollwake".equals(e.function()));
        assertThat(wakes).as("the second write finds no poll entry left").hasSize(1);
        assertThat(wakes.get(0).context()).isEqualTo("B");
        assertThat(first(r, "enter", "pollwake")).isGreaterThan(first(r, "blocked", "A"));
        assertThat(Lab.driverLog(r).get(1)).startsWith("poll ready 1 waits 0");
    }

    @Test
    void aWakeUpThatFindsTheFileStillNotReadyPutsThePollerBackToSleep() {
        RunResult r = run("poll A\nopen /dev/lab as B\nwrite B x");
        assertThat(context(r, "A").status()).isEqualTo("blocked");
        assertThat(Lab.driverLog(r)).hasSize(2);
        assertThat(Lab.driverLog(r).get(1)).startsWith("poll ready 0 waits 0");
        RunResult again = run("poll A\nopen /dev/lab as B\nwrite B x\nwrite B go");
        assertThat(again.output()).contains("A: poll([{fd=3, events=POLLIN}], 1, -1) = 1 ([{fd=3, revents=POLLIN}])");
    }

    @Test
    void aWakeUpWithAPollKeyWakesOnlyThePollersWaitingForThoseEvents() {
        RunResult r = run(
                POLL.replace("WAKE", "wake_up_interruptible_poll(&wq, ready ? EPOLLIN : EPOLLOUT)"),
                "poll A\nopen /dev/lab as B\nwrite B x");
        assertThat(context(r, "A").status())
                .as("EPOLLOUT is not what A polls for")
                .isEqualTo("blocked");
        assertThat(Lab.driverLog(r)).hasSize(1);
        assertThat(events(r, e -> e.kind().equals("enter") && "__pollwake".equals(e.function())))
                .isEmpty();

        RunResult woken = run(
                POLL.replace("WAKE", "wake_up_interruptible_poll(&wq, ready ? EPOLLIN : EPOLLOUT)"),
                "poll A\nopen /dev/lab as B\nwrite B go");
        assertThat(woken.output()).contains("A: poll([{fd=3, events=POLLIN}], 1, -1) = 1 ([{fd=3, revents=POLLIN}])");
    }

    @Test
    void aSignalInterruptsThePollWhichTheProcessSeesAsEintr() {
        RunResult r = run("poll A\nkill A SIGINT");
        assertThat(r.output())
                .contains(
                        "A: poll([{fd=3, events=POLLIN}], 1, -1) = -1 EINTR (Interrupted system call)",
                        "A: +++ killed by SIGINT +++");
        TraceEvent ret = events(r, e -> e.kind().equals("return") && "ksys_poll".equals(e.function()))
                .get(0);
        assertThat(ret.text())
                .as("-ERESTARTNOHAND becomes -ERESTART_RESTARTBLOCK")
                .isEqualTo("-516");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void aFileWithoutPollIsAlwaysReadableAndWritable() {
        RunResult r = run(
                POLL.replace("WAKE", "wake_up(&wq)").replace("\t.poll = lab_poll,\n", ""),
                "poll A -1 POLLIN|POLLOUT|POLLPRI");
        assertThat(r.output())
                .contains(
                        "A: poll([{fd=3, events=POLLIN|POLLPRI|POLLOUT}], 1, -1) = 1 ([{fd=3, revents=POLLIN|POLLOUT}])");
        assertThat(entered(r)).contains("vfs_poll").doesNotContain("lab_poll");
    }

    @Test
    void aProcFilesProcPollIsCalledThroughProcRegPoll() {
        RunResult r = Lab.module(
                        """
                static __poll_t lab_poll(struct file *file, poll_table *wait)
                {
                	return EPOLLPRI;
                }

                static const struct proc_ops lab_ops = {
                	.proc_poll = lab_poll,
                };
                """,
                        "\treturn proc_create(\"lab\", 0666, NULL, &lab_ops) ? 0 : -ENOMEM;",
                        "\tremove_proc_entry(\"lab\", NULL);")
                .run("insmod lab\nopen /proc/lab as A\npoll A 10 POLLPRI");
        assertThat(r.output()).contains("A: poll([{fd=3, events=POLLPRI}], 1, 10) = 1 ([{fd=3, revents=POLLPRI}])");
        assertThat(entered(r)).containsSubsequence("vfs_poll", "proc_reg_poll", "lab_poll");
    }

    @Test
    void theEventBitsHaveTheirRealValues() {
        RunResult r = Lab.init("#include <linux/poll.h>", """
                	pr_info("%x %x %x %x %x %x %x", POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM);
                	pr_info("%x %x %x %x", EPOLLWRNORM, EPOLLRDHUP, DEFAULT_POLLMASK, EPOLLET);
                """).run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("1 2 4 8 10 20 40", "100 2000 145 80000000");
    }

    @Test
    void theScriptChecksTimeoutAndEventNames() {
        assertThatThrownBy(() -> ScriptParser.parse("s", "poll A soon"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("timeout in milliseconds expected");
        assertThatThrownBy(() -> ScriptParser.parse("s", "poll A 10 POLLSOON"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("unknown poll event 'POLLSOON'");
    }
}

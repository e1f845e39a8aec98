package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScriptParser;
import org.junit.jupiter.api.Test;

/**
 * Processes on a CPU of the script's choice ({@code open PATH as NAME on cpu N}, {@code cat PATH on cpu N}) and
 * busy-waiting delays (udelay/mdelay/ndelay) that take their time in steps and move jiffies on.
 */
class CpuPlacementRulesTests {

    private static final String MISC = """
            static unsigned long lab_start;

            static int lab_open(struct inode *inode, struct file *file)
            {
            	pr_info("open on cpu %d", smp_processor_id());
            	return 0;
            }

            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
            	return 0;
            }

            static const struct file_operations lab_fops = {
            	.owner = THIS_MODULE,
            	.open = lab_open,
            	.read = lab_read,
            };

            static struct miscdevice lab_misc = {
            	.minor = MISC_DYNAMIC_MINOR,
            	.name = "lab",
            	.fops = &lab_fops,
            };
            """;

    private static Lab misc() {
        return Lab.module(MISC, "\treturn misc_register(&lab_misc);", "\tmisc_deregister(&lab_misc);");
    }

    @Test
    void openAndCatOnCpuNRunTheProcessOnThatCpu() {
        RunResult r = misc().run("insmod lab\nopen /dev/lab as A on cpu 1\nopen /dev/lab as B\ncat /dev/lab on cpu 1");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("open on cpu 1", "open on cpu 0", "open on cpu 1");
        assertThat(Lab.context(r, "A").cpu()).isEqualTo(1);
        assertThat(Lab.context(r, "B").cpu()).isEqualTo(0);
    }

    @Test
    void aCpuTheWorldDoesNotHaveOrABadSuffixIsRefused() {
        RunResult r = misc().run("insmod lab\nopen /dev/lab as A on cpu 7");
        assertThat(r.error()).contains("no CPU 7 (this world has 2)");
        assertThatThrownBy(() -> ScriptParser.parse("s", "open /dev/lab as A on cpu x"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("CPU number expected");
        assertThatThrownBy(() -> ScriptParser.parse("s", "cat /dev/lab on 1"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("usage: cat PATH [on cpu N]");
    }

    @Test
    void mdelayBusyWaitsInStepsAndJiffiesFollow() {
        RunResult r = Lab.init("static DEFINE_SPINLOCK(lab_lock);\n", """
                	unsigned long before = jiffies;

                	spin_lock(&lab_lock);
                	mdelay(100);
                	udelay(10);
                	ndelay(100);
                	spin_unlock(&lab_lock);
                	pr_info("waited %lu jiffies", jiffies - before);
                """).run("insmod lab");
        // a busy wait is no sleep: allowed under a spinlock; 100 ms at HZ=250 are 25 jiffies
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("waited 25 jiffies");
        assertThat(Lab.events(r, e -> e.kind().equals("enter") && "udelay".equals(e.function())))
                .hasSize(101);
        assertThat(Lab.events(r, "tick")).hasSize(25);
    }

    @Test
    void aShortDelayTakesAStepButNoJiffy() {
        RunResult r = Lab.init("", """
                	unsigned long before = jiffies;

                	udelay(50);
                	pr_info("waited %lu", jiffies - before);
                """).run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("waited 0");
    }
}

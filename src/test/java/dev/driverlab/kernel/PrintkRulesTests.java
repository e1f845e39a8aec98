package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * printk records and KERN_CONT (kernel/printk/printk.c of 6.1, vprintk_store): pr_cont() extends the newest record
 * when that record has no newline yet and was printed by the same caller (printk_caller_id: the task, or the CPU in
 * interrupt context); otherwise it starts a record of its own.
 */
class PrintkRulesTests {

    @Test
    void prContExtendsTheOpenLineOfTheSameTaskUntilANewline() {
        RunResult r = Lab.init("", """
                	int i;
                	pr_info("values:");
                	for (i = 0; i < 3; i++)
                		pr_cont(" %d", i);
                	pr_cont("\\n");
                	pr_cont("after the newline\\n");
                	printk(KERN_INFO "open ");
                	pr_info("a new record ends it\\n");
                	pr_cont("so this is a line of its own");
                """).run("insmod lab");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "values: 0 1 2",
                        "after the newline",
                        "open ",
                        "a new record ends it",
                        "so this is a line of its own");
        assertThat(Lab.events(r, e -> e.kind().equals("dmesg") && e.text().equals(" 1")))
                .hasSize(1);
    }

    @Test
    void aContinuationFromAnotherCallerStartsItsOwnLine() {
        RunResult r = Lab.module("""
                static struct timer_list t;
                static void tfn(struct timer_list *tl)
                {
                	pr_cont("from the timer");
                }
                """, """
                	timer_setup(&t, tfn, 0);
                	pr_info("init leaves this open");
                	mod_timer(&t, jiffies + 1);
                	return 0;
                """, """
                	del_timer_sync(&t);
                	pr_cont("and exit");
                """).run("insmod lab\ntick 2\nrmmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("init leaves this open", "from the timer", "and exit");
    }

    @Test
    void phPrintsABufferAsHexBytesTheFieldWidthLong() {
        assertThat(Lab.dmesgOfInit("static u8 mac[6] = { 0x00, 0x1b, 0x21, 0xaa, 0xbc, 0xff };", """
                	pr_info("%*ph|%*phC|%*phD|%*phN|%ph|%3ph|%*ph", 6, mac, 6, mac, 3, mac, 6, mac, mac, mac, 0, mac);
                	pr_info("%*ph %*phN", 4, NULL, 2, ERR_PTR(-EINVAL));
                	return 0;
                """))
                .containsExactly(
                        "00 1b 21 aa bc ff|00:1b:21:aa:bc:ff|00-1b-21|001b21aabcff|00|00 1b 21|", "(null) (efault)");
    }

    @Test
    void phReadsTheBufferAsTheKernelDoesFreedMemoryIsKasans() {
        RunResult r = Lab.init("#include <linux/slab.h>", """
                	u8 *buf = kzalloc(8, GFP_KERNEL);

                	kfree(buf);
                	pr_info("%*ph", 8, buf);
                	return 0;
                """).run("insmod lab");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: use-after-free in ");
    }
}

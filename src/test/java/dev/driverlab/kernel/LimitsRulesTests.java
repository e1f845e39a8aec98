package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Machine;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel's limits a hostile driver or script runs into: printk's field widths and record size, the log ring,
 * kmalloc's largest size and the machine's RAM, threads-max, PATH_MAX and NAME_MAX, and the tools' own bounds.
 */
class LimitsRulesTests {

    private static final String ENDLESS_FILE = """
            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
            	return len;
            }

            static const struct file_operations lab_fops = {
            	.owner = THIS_MODULE,
            	.read = lab_read,
            };
            static struct miscdevice lab_misc = {
            	.minor = MISC_DYNAMIC_MINOR,
            	.name = "endless",
            	.fops = &lab_fops,
            };
            """;

    // ---- printk and vsnprintf ----

    @Test
    void aDigitFieldWidthKeepsTheLow24BitsOfPrintfSpecAsTheKernelDoes() {
        // 999999999 in a signed 24-bit field is negative: no padding at all
        assertThat(Lab.dmesgOfInit("", "\tpr_info(\"%999999999d|\", 1);")).containsExactly("1|");
    }

    @Test
    void aStarFieldWidthThatDoesNotFitWarnsOnceAndIsClampedThenTheRecordIsCutAtLogLineMax() {
        List<String> dmesg = Lab.dmesgOfInit("", """
                	pr_info("%*d", 2000000000, 1);
                	pr_info("%*d", 2000000000, 2);
                """);
        assertThat(dmesg)
                .containsSubsequence("------------[ cut here ]------------", "field width 2000000000 too large");
        assertThat(dmesg).filteredOn(l -> l.contains("too large")).hasSize(1);
        assertThat(dmesg)
                .filteredOn(l -> l.startsWith("WARNING: "))
                .singleElement()
                .asString()
                .contains(" at set_field_width");
        List<String> padded = dmesg.stream().filter(l -> l.startsWith("    ")).toList();
        // pr_info's KERN_INFO prefix ("\0016") is formatted into the record and only then stripped (printk_sprint)
        assertThat(padded).hasSize(2).allSatisfy(l -> assertThat(l).hasSize(PrintkPrimitives.LOG_LINE_MAX - 1 - 2));
    }

    @Test
    void aStarPrecisionThatDoesNotFitWarnsPrecisionTooLarge() {
        assertThat(Lab.dmesgOfInit("", "\tpr_info(\"[%.*s]\", 100000, \"abc\");"))
                .contains("precision 100000 too large", "[abc]");
    }

    @Test
    void snprintfWithAHugeWidthFillsOnlyItsBufferAndReturnsTheWholeLength() {
        assertThat(Lab.dmesgOfInit("", """
                	char buf[16];
                	int n = snprintf(buf, sizeof(buf), "%8388607d", 7);

                	pr_info("%d %d", n, (int)strlen(buf));
                """)).containsExactly("8388607 15");
    }

    // ---- the log ring ----

    @Test
    void theLogKeepsOnlyWhatThePrintkRingBufferHolds() {
        RunResult r = Lab.init("", """
                	int i;

                	for (i = 0; i < 6000; i++)
                		pr_info("line %d", i);
                """).run("insmod lab\ndmesg");
        assertThat(r.dmesg())
                .hasSize(LogBuffer.RECORDS)
                .endsWith("line 5999")
                .startsWith("line " + (6000 - LogBuffer.RECORDS));
        assertThat(r.output()).hasSize(LogBuffer.RECORDS);
    }

    @Test
    void theRingDropsTheOldestRecordsOnceTheirTextPassesLogBufLen() {
        LogBuffer log = new LogBuffer();
        String line = "x".repeat(1000);
        for (int i = 0; i < 1000; i++) log.add(i + line);
        assertThat(log.size()).isEqualTo((int) (LogBuffer.TEXT_BYTES / LogBuffer.blockSize("999" + line)));
        assertThat(log.get(log.size() - 1)).startsWith("999x");
        assertThat(log.nextSeq()).isEqualTo(1000);
        assertThat(log.since(998)).hasSize(2);
        assertThat(log.since(0)).hasSize(log.size());
    }

    // ---- memory ----

    @Test
    void kmallocAboveKmallocMaxSizeWarnsOnceInAllocPagesAndReturnsNull() {
        List<String> dmesg = Lab.dmesgOfInit("", """
                	void *big = kmalloc(4 << 20, GFP_KERNEL);
                	void *huge = kmalloc((4 << 20) + 1, GFP_KERNEL);
                	void *quiet = kmalloc(1UL << 40, GFP_KERNEL | 0x2000);

                	pr_info("%d %d %d", big != NULL, huge == NULL, quiet == NULL);
                	kfree(big);
                """);
        // __warn's splat: print_modules (lab is in its init: "+"), show_regs (the CPU line, W not yet there: __warn
        // taints after printing; RIP in __alloc_pages), the call trace below it, then the end marker
        assertThat(dmesg)
                .containsExactly(
                        "------------[ cut here ]------------",
                        "WARNING: CPU: 0 PID: 100 at __alloc_pages+0x0/0x100",
                        "Modules linked in: lab(O+)",
                        "CPU: 0 PID: 100 Comm: insmod Tainted: G           O       6.1.0-driverlab #1",
                        "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
                        "RIP: 0010:__alloc_pages+0x0/0x100",
                        "Call Trace:",
                        " <TASK>",
                        " lab_init+0xc0/0x100 [lab]",
                        " do_one_initcall+0x18/0x44",
                        " do_init_module+0x90/0x100",
                        " load_module+0xff/0x100",
                        " </TASK>",
                        "---[ end trace 0000000000000000 ]---",
                        "1 1 1");
    }

    @Test
    void allocationsPastTheMachinesRamFailWithRateLimitedPageAllocationFailures() {
        List<String> dmesg = Lab.dmesgOfInit("", """
                	int i, ok = 0;

                	for (i = 0; i < 100; i++)
                		if (kmalloc(1 << 20, GFP_KERNEL))
                			ok++;
                	pr_info("%d allocated", ok);
                """);
        assertThat(dmesg)
                .filteredOn(l -> l.equals("insmod: page allocation failure: order:8, mode:0xcc0(GFP_KERNEL),"
                        + " nodemask=(null),cpuset=/,mems_allowed=0"))
                .hasSize(PageAllocator.RATELIMIT_BURST);
        int ok = Integer.parseInt(dmesg.get(dmesg.size() - 1).split(" ")[0]);
        assertThat((long) ok).isBetween((Memory.RAM >> 20) - 4, Memory.RAM >> 20);
    }

    @Test
    void freedMemoryComesBackOnceItLeavesKasansQuarantine() {
        assertThat(Lab.dmesgOfInit("", """
                	int i, failed = 0;

                	for (i = 0; i < 200; i++) {
                		void *p = kmalloc(1 << 20, GFP_KERNEL);

                		if (!p)
                			failed++;
                		kfree(p);
                	}
                	pr_info("%d failed", failed);
                """)).containsExactly("0 failed");
    }

    @Test
    void memoryNeverWrittenCostsNoBytesAndAWriteCostsItsSizeOnce() {
        Memory mem = new Memory();
        MemObject o = mem.allocate(4 << 20, MemObject.Kind.KMALLOC, null, null);
        assertThat(o.bytes).isNull();
        assertThat(mem.read(o.base + 12345, 4, false)).isZero();
        Memory snapshot = mem.copy();
        mem.write(o.base, 1, 7);
        assertThat(mem.object(o.id).bytes).hasSize(4 << 20);
        assertThat(snapshot.object(o.id).bytes).isNull();
        assertThat(mem.fingerprint()).isNotEqualTo(snapshot.fingerprint());
    }

    // ---- tasks ----

    @Test
    void kthreadCreatePastThreadsMaxReturnsErrPtrEagain() {
        List<String> dmesg = Lab.dmesgOfInit("""
                static int lab_thread(void *data)
                {
                	return 0;
                }
                """, """
                	int i, made = 0;
                	long err = 0;

                	for (i = 0; i < 600; i++) {
                		struct task_struct *t = kthread_create(lab_thread, NULL, "labthread");

                		if (IS_ERR(t))
                			err = PTR_ERR(t);
                		else
                			made++;
                	}
                	pr_info("%d %ld", made, err);
                """);
        assertThat(dmesg).containsExactly((Machine.MAX_CONTEXTS - 1) + " -11");
    }

    @Test
    void aScriptProcessPastThreadsMaxCannotFork() {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i <= Machine.MAX_CONTEXTS; i++)
            script.append("open /dev/none as p").append(i).append('\n');
        RunResult r = Lab.init("", "").run(script.toString());
        assertThat(r.error()).isNull();
        assertThat(r.output()).last().isEqualTo("bash: fork: Resource temporarily unavailable");
        assertThat(r.state().contexts()).hasSize(Machine.MAX_CONTEXTS);
    }

    @Test
    void aTaskCommIsCutToTaskCommLen() {
        assertThat(TaskComm.of("a-very-long-process-name")).isEqualTo("a-very-long-pro");
        assertThat(TaskComm.of("short")).isEqualTo("short");
    }

    // ---- paths and user buffers ----

    @Test
    void aPathOfPathMaxOrMoreIsEnametoolongAndItsOutputIsCut() {
        String path = "/dev/" + "a".repeat(100_000);
        RunResult r = Lab.init("", "").run("open " + path + " as p");
        assertThat(r.error()).isNull();
        assertThat(r.output())
                .singleElement()
                .asString()
                .endsWith("\"..., O_RDWR) = -1 ENAMETOOLONG (File name too long)")
                .hasSizeLessThan(4200);
    }

    @Test
    void aPathComponentLongerThanNameMaxIsEnametoolong() {
        RunResult r =
                Lab.init("", "").run("open /dev/" + "b".repeat(256) + " as p\nopen /dev/" + "c".repeat(255) + " as q");
        assertThat(r.output()).hasSize(2);
        assertThat(r.output().get(0)).endsWith("ENAMETOOLONG (File name too long)");
        assertThat(r.output().get(1)).endsWith("ENOENT (No such file or directory)");
    }

    @Test
    void catOfAFileThatNeverEndsStopsAtItsLimitAndSaysSo() {
        RunResult r = Lab.module(ENDLESS_FILE, "\treturn misc_register(&lab_misc);", "\tmisc_deregister(&lab_misc);")
                .run("insmod lab\ncat /dev/endless");
        assertThat(r.error()).isNull();
        assertThat(r.output()).filteredOn(l -> l.contains("read(3")).hasSize(64);
        assertThat(r.output()).contains("cat: output cut off after 64 reads (the simulator's limit for cat)");
        assertThat(r.output()).last().asString().contains("exited with 0");
    }

    @Test
    void aReadCountLargerThanAProcessBufferIsAScriptError() {
        RunResult r = Lab.module(ENDLESS_FILE, "\treturn misc_register(&lab_misc);", "\tmisc_deregister(&lab_misc);")
                .run("insmod lab\nopen /dev/endless as p\nread p 999999999");
        assertThat(r.error())
                .isEqualTo("script:3: error: read count 999999999 is larger than a script's process"
                        + " buffer (1048576 bytes)");
    }

    // ---- time and steps ----

    @Test
    void aTickWithNothingToExpireSkipsToItsEndInOneGo() {
        RunResult r = Lab.init("", "").run("insmod lab\ntick 999999999");
        assertThat(r.error()).isNull();
        assertThat(Lab.events(r, "tick")).hasSize(1);
    }

    @Test
    void aStepCountOverTheStepBudgetOfOneCommandIsAScriptError() {
        RunResult r = Lab.init("", "").maxSteps(1000).run("insmod lab\nschedule manual\nstep insmod 1001");
        assertThat(r.error())
                .isEqualTo("script:3: error: step count 1001 is over the step budget of one command (1000)");
    }

    @Test
    void aTimerRearmedEveryJiffyRunsOnOneStepBudgetForAWholeTickCommandAndIsNoLockup() {
        // Each timer softirq run is short: no CPU is held without scheduling, so the watchdog has nothing to say
        // (a real kernel runs such a timer for ever). The command stops where its budget ends; the script goes on.
        RunResult r = Lab.module(
                        """
                static struct timer_list lab_timer;

                static void lab_fire(struct timer_list *t)
                {
                	mod_timer(&lab_timer, jiffies + 1);
                }
                """,
                        "\ttimer_setup(&lab_timer, lab_fire, 0);\n\tmod_timer(&lab_timer, jiffies + 1);\n\treturn 0;",
                        "\tdel_timer_sync(&lab_timer);")
                .maxSteps(5000)
                .run("insmod lab\ntick 999999999\nlsmod");
        assertThat(r.reports()).isEmpty();
        assertThat(r.output())
                .anyMatch(l -> l.startsWith("driverlab: the command used its step budget (5000 steps)"))
                .anyMatch(l -> l.startsWith("lab "));
        assertThat(Lab.events(r, "tick")).hasSizeBetween(100, 5000);
    }
}

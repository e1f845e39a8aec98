package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "Checks and report texts": KASAN, Oops, BUG_ON/WARN_ON, and what a report does to a run. */
class MemoryRulesTests {

    private static final String PAIR = """
            struct pair {
            	int a;
            	int b;
            };
            """;

    private static RunResult init(String globals, String body, String script) {
        return Lab.init(globals, body).run(script);
    }

    @Test
    void aReadAfterKfreeIsAUseAfterFreeWithAllocationAndFreeTracks() {
        RunResult r = init(PAIR, """
                	struct pair *p = kzalloc(sizeof(*p), GFP_KERNEL);

                	p->b = 5;
                	kfree(p);
                	pr_info("%d", p->b);
                """, "insmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("use-after-free");
        assertThat(report.title())
                .matches("BUG: KASAN: use-after-free in lab_init\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[lab\\]");
        assertThat(report.context()).isEqualTo("insmod");
        assertThat(report.function()).isEqualTo("lab_init");
        List<String> lines = List.of(report.text().split("\n"));
        assertThat(lines.get(0)).matches("=+");
        assertThat(lines.get(1)).isEqualTo(report.title());
        assertThat(lines.get(2)).matches("Read of size 4 at addr [0-9a-f]{16} by task insmod/\\d+");
        assertThat(report.text())
                .contains(
                        "Allocated by task ",
                        "Freed by task ",
                        " kfree",
                        " lab_init+",
                        "The buggy address belongs to the object at ",
                        " which belongs to the cache kmalloc-8 of size 8",
                        "The buggy address is located 4 bytes inside of\n 8-byte region [");
        assertThat(report.text().indexOf("Allocated by task"))
                .isLessThan(report.text().indexOf("Freed by task"));

        assertThat(report.related()).hasSize(2);
        TraceEvent alloc = Lab.event(r, report.related().get(0));
        TraceEvent free = Lab.event(r, report.related().get(1));
        assertThat(alloc.kind()).isEqualTo("alloc");
        assertThat(free.kind()).isEqualTo("free");
        assertThat(free.object()).isEqualTo(alloc.object());
        assertThat(Lab.event(r, report.seq()).kind()).isEqualTo("report");
        assertThat(r.state().objects())
                .filteredOn(o -> o.id() == alloc.object())
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.live()).isFalse();
                    assertThat(o.allocatedAt()).isEqualTo(alloc.seq());
                    assertThat(o.freedAt()).isEqualTo(free.seq());
                });
    }

    @Test
    void aWriteAfterKfreeSaysWrite() {
        RunResult r = init(PAIR, """
                	struct pair *p = kzalloc(sizeof(*p), GFP_KERNEL);

                	kfree(p);
                	p->a = 1;
                """, "insmod lab");
        assertThat(Lab.report(r).kind()).isEqualTo("use-after-free");
        assertThat(Lab.report(r).text()).contains("Write of size 4 at addr ");
    }

    @Test
    void kfreeTwiceIsADoubleFree() {
        RunResult r = init("", """
                	void *p = kmalloc(32, GFP_KERNEL);

                	kfree(p);
                	kfree(p);
                """, "insmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("double-free");
        assertThat(report.title()).startsWith("BUG: KASAN: double-free in lab_init+");
        assertThat(report.text()).contains("Allocated by task", "Freed by task", "kmalloc-32");
        assertThat(report.related()).hasSize(2);
        assertThat(events(r, "free")).hasSize(1);
    }

    @Test
    void kfreeOfAPointerInsideAnObjectIsAnInvalidFree() {
        RunResult r = init("", """
                	char *p = kmalloc(32, GFP_KERNEL);

                	kfree(p + 8);
                """, "insmod lab");
        assertThat(Lab.report(r).kind()).isEqualTo("invalid-free");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: invalid-free in lab_init+");
    }

    @Test
    void anAccessPastTheEndOfAnAllocationIsSlabOutOfBounds() {
        RunResult r = init("", """
                	int *a = kmalloc(2 * sizeof(int), GFP_KERNEL);

                	a[2] = 1;
                """, "insmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("out-of-bounds");
        assertThat(report.title()).startsWith("BUG: KASAN: slab-out-of-bounds in lab_init+");
        assertThat(report.text()).contains("Write of size 4", "0 bytes to the right of\n 8-byte region");
    }

    @Test
    void kfreeOfNullOrOfAZeroSizeAllocationIsANoOp() {
        RunResult r = init("", """
                	void *z = kmalloc(0, GFP_KERNEL);

                	kfree(NULL);
                	kfree(z);
                	pr_info("ok");
                """, "insmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("ok");
    }

    @Test
    void aFreeInATaskletShowsTheSoftirqPathInTheFreedTrack() {
        String src = Lab.platformDriver("""
                static void lab_tasklet(unsigned long data)
                {
                	struct lab_dev *ld = (struct lab_dev *)data;

                	kfree(ld->buf);
                }

                static irqreturn_t lab_irq(int irq, void *dev_id)
                {
                	struct lab_dev *ld = dev_id;

                	tasklet_schedule(&ld->tasklet);
                	return IRQ_HANDLED;
                }
                """, """
                	struct lab_dev *ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);

                	if (!ld)
                		return -ENOMEM;
                	ld->buf = kzalloc(16, GFP_KERNEL);
                	if (!ld->buf)
                		return -ENOMEM;
                	tasklet_init(&ld->tasklet, lab_tasklet, (unsigned long)ld);
                	platform_set_drvdata(pdev, ld);
                	return devm_request_irq(&pdev->dev, 17, lab_irq, 0, "lab", ld);
                """, """
                	struct lab_dev *ld = platform_get_drvdata(pdev);

                	tasklet_kill(&ld->tasklet);
                	pr_info("buf %d", ld->buf[0]);
                	return 0;
                """);
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nirq 17\nunbind my_device");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("use-after-free");
        assertThat(report.title()).startsWith("BUG: KASAN: use-after-free in lab_remove+");
        assertThat(report.text()).contains("Read of size 1 at addr", "by task unbind/");
        String freed = report.text().substring(report.text().indexOf("Freed by task"));
        assertThat(freed).contains(" kfree", " lab_tasklet+", " tasklet_action_common+", " __do_softirq+");
        assertThat(freed.indexOf("lab_tasklet")).isLessThan(freed.indexOf("tasklet_action_common"));
        assertThat(freed.indexOf("tasklet_action_common")).isLessThan(freed.indexOf("__do_softirq"));
    }

    @Test
    void aWildCanonicalPointerIsAPageFaultOops() {
        RunResult r = init("", """
                	int *p = (int *)0x12345678UL;

                	pr_info("%d", *p);
                """, "insmod lab");
        Report report = Lab.faultAfterKasan(r);
        assertThat(report.kind()).isEqualTo("oops");
        assertThat(report.title()).isEqualTo("BUG: unable to handle page fault for address: 0000000012345678");
        assertThat(report.text())
                .contains(
                        "#PF: supervisor read access in kernel mode",
                        "#PF: error_code(0x0000) - not-present page",
                        "Oops: 0000 [#1] PREEMPT SMP",
                        "RIP: 0010:lab_init+",
                        "Call Trace:",
                        "<TASK>",
                        "Modules linked in: lab(O+)");
        // the CPU line ends with the release a 6.1 kernel prints (uname -r, then the build number)
        assertThat(report.text())
                .containsPattern("CPU: \\d+ PID: \\d+ Comm: insmod Tainted: G .* 6\\.1\\.0-driverlab #1");
    }

    @Test
    void aNonCanonicalPointerLikeListPoisonIsAGeneralProtectionFault() {
        RunResult r = init("", """
                	int *p = (int *)0xdead000000000100UL;

                	pr_info("%d", *p);
                """, "insmod lab");
        Report report = Lab.faultAfterKasan(r);
        assertThat(report.kind()).isEqualTo("oops");
        assertThat(report.title())
                .isEqualTo(
                        "general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP KASAN");
        assertThat(report.text()).contains("RIP: 0010:lab_init+").doesNotContain("#PF:");
    }

    @Test
    void bugOnReportsKernelBugAtTheFileAndLine() {
        String src = Lab.init("", """
                	int x = 1;

                	BUG_ON(x == 0);
                	BUG_ON(x == 1); /* here */
                	pr_info("not reached");
                """).scenario("").source();
        int line = Lab.lineOf(src, "/* here */");
        RunResult r = Lab.driver(src).run("insmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("oops");
        assertThat(report.title()).isEqualTo("kernel BUG at lab.c:" + line + "!");
        assertThat(report.text()).contains("invalid opcode: 0000 [#1] PREEMPT SMP");
        assertThat(Lab.driverLog(r)).doesNotContain("not reached");
    }

    @Test
    void kvreallocKeepsASmallerSizeAndMovesALargerOneFreeingTheOld() {
        RunResult r = init("", """
                	char *p = kvmalloc(8, GFP_KERNEL);
                	char *same, *moved;

                	strscpy(p, "abcdefg", 8);
                	same = kvrealloc(p, 8, 4, GFP_KERNEL);
                	moved = kvrealloc(same, 8, 64, GFP_KERNEL);
                	pr_info("%d %d %s", same == p, moved != p, moved);
                	p[0] = 'x'; /* the old buffer is gone */
                """, "insmod lab");
        assertThat(Lab.driverLog(r)).contains("1 1 abcdefg");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: use-after-free in lab_init");
    }

    @Test
    void virtToPhysIsTheDirectMapOffsetAndPhysToVirtGoesBack() {
        // x86-64's __phys_addr_nodebug: a direct-map address (kmalloc's) less PAGE_OFFSET; the kernel image's
        // less __START_KERNEL_map (phys_base 0); __va adds PAGE_OFFSET back
        RunResult r = init("", """
                	void *p = kmalloc(32, GFP_KERNEL);
                	phys_addr_t pa = virt_to_phys(p);

                	pr_info("%d %d", pa == (unsigned long)p - PAGE_OFFSET, phys_to_virt(pa) == p);
                	pr_info("%llx", (unsigned long long)__pa(0xffffffff81000000UL));
                	pr_info("%d", __va(0x1000) == (void *)0xffff888000001000UL);
                	kfree(p);
                """, "insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("1 1", "1000000", "1");
    }

    @Test
    void warnOnLogsACutHereWarningAndCarriesOn() {
        String src = Lab.init("", """
                	int bad = WARN_ON(1); /* here */

                	WARN_ON(0);
                	pr_info("carried on %d", bad);
                """).scenario("").source();
        int line = Lab.lineOf(src, "/* here */");
        RunResult r = Lab.driver(src).run("insmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).contains("------------[ cut here ]------------", "carried on 1");
        assertThat(Lab.driverLog(r))
                .anySatisfy(l -> assertThat(l)
                        .matches("WARNING: CPU: 0 PID: \\d+ at lab.c:" + line
                                + " lab_init\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[lab\\]"));
        assertThat(events(r, "warning")).hasSize(1);
        // kernel/panic.c __warn: print_modules, show_regs (RIP in the function the WARN is in, the call trace
        // from its caller), the end marker; then TAINT_WARN, the W a later splat's CPU line shows
        int at = r.dmesg().indexOf("------------[ cut here ]------------");
        assertThat(r.dmesg().subList(at + 2, at + 12))
                .containsExactly(
                        "Modules linked in: lab(O+)",
                        "CPU: 0 PID: 100 Comm: insmod Tainted: G           O       6.1.0-driverlab #1",
                        "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
                        r.dmesg().get(at + 5),
                        "Call Trace:",
                        " <TASK>",
                        " do_one_initcall+0x18/0x44",
                        " do_init_module+0x90/0x100",
                        " load_module+0xff/0x100",
                        " </TASK>");
        assertThat(r.dmesg().get(at + 5)).matches("RIP: 0010:lab_init\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[lab\\]");
        RunResult twice = Lab.init("", "\tWARN_ON(1);\n\tWARN_ON(1);\n").run("insmod lab");
        assertThat(Lab.driverLog(twice))
                .filteredOn(l -> l.startsWith("CPU: "))
                .extracting(l -> l.substring(l.indexOf("Tainted")))
                .containsExactly(
                        "Tainted: G           O       6.1.0-driverlab #1",
                        "Tainted: G        W  O       6.1.0-driverlab #1");
    }

    @Test
    void aReportStopsTheRunAndTaintsTheKernel() {
        RunResult r = init("", """
                	int *p = kzalloc(sizeof(*p), GFP_KERNEL);

                	kfree(p);
                	*p = 1;
                	pr_info("after");
                """, "insmod lab\nlsmod\ndmesg");
        assertThat(r.reports()).hasSize(1);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.error()).isNull();
        assertThat(r.output()).isEmpty();
        assertThat(events(r, "command")).hasSize(1);
        assertThat(Lab.driverLog(r))
                .doesNotContain("after")
                .anySatisfy(l -> assertThat(l).startsWith("BUG: KASAN"));
        assertThat(r.state().tainted()).isTrue();
        assertThat(events(r, "report"))
                .singleElement()
                .satisfies(e -> assertThat(e.seq()).isEqualTo(r.reports().get(0).seq()));
    }

    @Test
    void kasanSpeaks61sWordsUseAfterFreeAndTheCachesObjectSize() {
        // 6.1 mm/kasan/report_generic.c get_shadow_bug_type: KASAN_SLAB_FREE -> "use-after-free" ("slab-use-after-free"
        // is 6.3's); report.c describe_object_addr: offsets against cache->object_size, no "allocated"/"freed".
        Report uaf = Lab.report(init("", """
                	char *p = kmalloc(40, GFP_KERNEL);

                	kfree(p);
                	p[0] = 1;
                """, "insmod lab"));
        assertThat(uaf.title())
                .startsWith("BUG: KASAN: use-after-free in lab_init+")
                .doesNotContain("slab-use");
        assertThat(uaf.text())
                .contains("kmalloc-64 of size 64", "located 0 bytes inside of\n 64-byte region [")
                .doesNotContain("freed 40-byte");
        Report oob = Lab.report(init("", """
                	char *p = kmalloc(40, GFP_KERNEL);

                	p[40] = 1;
                """, "insmod lab"));
        assertThat(oob.title()).startsWith("BUG: KASAN: slab-out-of-bounds in lab_init+");
        assertThat(oob.text())
                .contains("located 40 bytes inside of\n 64-byte region [")
                .doesNotContain("allocated ");
        Report dbl = Lab.report(init("", """
                	char *p = kmalloc(40, GFP_KERNEL);

                	kfree(p);
                	kfree(p);
                """, "insmod lab"));
        assertThat(dbl.title()).startsWith("BUG: KASAN: double-free in ");
    }
}

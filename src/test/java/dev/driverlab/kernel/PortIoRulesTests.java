package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * Port I/O as an ISA-era driver uses it (arch/x86/include/asm/io.h, kernel/resource.c, kernel/irq/autoprobe.c of
 * 6.1): claiming a range of ports, reading and writing them with nothing behind them, probing for a line, and the
 * page allocator and barriers such drivers use beside them.
 */
class PortIoRulesTests {
    private static final String PORTS = """
            #include <linux/ioport.h>
            #include <asm/io.h>
            #define BASE 0x378
            """;

    @Test
    void aClaimedRangeIsBusyUntilReleasedAndAnOverlappingClaimFails() {
        RunResult r = Lab.module(PORTS, """
                        pr_info("first %d", request_region(BASE, 3, "lab") != NULL);
                        pr_info("overlap %d", request_region(BASE + 2, 4, "other") != NULL);
                        pr_info("beside %d", request_region(BASE + 3, 1, "other") != NULL);
                        release_region(BASE + 3, 1);
                        return 0;
                        """, "release_region(BASE, 3);").run("insmod lab\nrmmod lab\ninsmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsExactly("first 1", "overlap 0", "beside 1", "first 1", "overlap 0", "beside 1");
    }

    @Test
    void aRangeAModuleForgotToReleaseStaysBusyForTheNextLoad() {
        RunResult r = Lab.module(PORTS, "pr_info(\"got %d\", request_region(BASE, 3, \"lab\") != NULL);\nreturn 0;", "")
                .run("insmod lab\nrmmod lab\ninsmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("got 1", "got 0");
        assertThat(r.reports())
                .as("still referenced from ioport_resource: no leak")
                .isEmpty();
    }

    @Test
    void releasingARangeNobodyClaimedWarnsWithItsAddresses() {
        RunResult r = Lab.init(PORTS, "release_region(BASE, 3);").run("insmod lab");
        assertThat(Lab.driverLog(r))
                .containsExactly("Trying to free nonexistent resource <0x0000000000000378-0x000000000000037a>");
    }

    @Test
    void portsWithNothingBehindThemReadAllOnesAndSwallowWrites() {
        RunResult r = Lab.init(PORTS, """
                        u8 buf[4] = { 1, 2, 3, 4 };
                        outb(0x55, BASE);
                        outb_p(0xaa, BASE);
                        outw(0x1234, BASE);
                        outl(0x12345678, BASE);
                        pr_info("%x %x %x %x", inb(BASE), inb_p(BASE), inw(BASE), inl(BASE));
                        insb(BASE, buf, 2);
                        pr_info("%x %x %x %x", buf[0], buf[1], buf[2], buf[3]);
                        outsb(BASE, buf, 4);
                        mb(); rmb(); wmb(); smp_rmb(); smp_wmb(); dma_rmb(); dma_wmb();
                        """).run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("ff ff ffff ffffffff", "ff ff 3 4");
    }

    @Test
    void theStringFormsAccessTheBufferSoAFreedOneIsCaught() {
        RunResult r = Lab.init(PORTS, """
                        unsigned long page = __get_free_page(GFP_KERNEL);
                        free_page(page);
                        outsb(BASE, (void *)page, 4);
                        """).run("insmod lab");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: use-after-free in lab_init");
    }

    @Test
    void pagesComeInPowersOfTwoAndAnOrderPastTheAllocatorsFailsWithAWarning() {
        RunResult r = Lab.init("#include <linux/gfp.h>", """
                        unsigned long two = __get_free_pages(GFP_KERNEL, 1);
                        char *p = (char *)two;
                        p[8191] = 1;
                        pr_info("zeroed %d", ((char *)get_zeroed_page(GFP_KERNEL))[100]);
                        free_pages(two, 1);
                        pr_info("huge %lu", __get_free_pages(GFP_KERNEL, 11));
                        pr_info("quiet %lu", __get_free_pages(GFP_KERNEL | __GFP_NOWARN, 11));
                        """).run("insmod lab");
        assertThat(Lab.events(r, "alloc", "__get_free_pages"))
                .extracting(TraceEvent::to)
                .containsExactly(8192L, 4096L);
        assertThat(Lab.driverLog(r)).contains("zeroed 0", "huge 0", "quiet 0");
        assertThat(Lab.driverLog(r))
                .anyMatch(l -> l.startsWith("WARNING: CPU: 0 PID: ") && l.contains("__alloc_pages"));
    }

    /**
     * probe_irq_on arms the lines nobody requested; probe_irq_off names the one that fired since (0: none, minus the
     * first: several), probe_irq_mask gives them as a mask; either ends the probe. Lines fired before it do not count.
     */
    @Test
    void autoprobeNamesTheLinesThatFiredWhileProbing() {
        String probe = """
                #include <linux/interrupt.h>

                static int __init lab_init(void)
                {
                	unsigned long mask = probe_irq_on();

                	pr_info("armed %d", (mask >> 5) & 1);
                	msleep(10);
                	pr_info("found %d", END);
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        String off = "#define END probe_irq_off(mask)\n" + probe;
        String masked = "#define END probe_irq_mask(mask)\n" + probe;
        assertThat(Lab.driverLog(Lab.driver(off).run("irq 5\ninsmod lab"))).endsWith("armed 1", "found 0");
        // paused at the third msleep, the driver's own: after probe_irq_on's two
        String during = "break msleep\ninsmod lab\ncontinue\ncontinue\nirq %s\ncontinue";
        RunResult one = Lab.driver(off).run(during.formatted("5"));
        assertThat(Lab.driverLog(one)).as(describe(one)).contains("found 5");
        RunResult two = Lab.driver(off).run(during.formatted("5\nirq 9"));
        assertThat(Lab.driverLog(two)).as(describe(two)).contains("found -5");
        RunResult mask = Lab.driver(masked).run(during.formatted("5\nirq 9"));
        assertThat(Lab.driverLog(mask)).as(describe(mask)).contains("found " + ((1 << 5) | (1 << 9)));
    }

    /** %pa prints the phys_addr_t its argument points to, as 0x and sixteen digits. */
    @Test
    void percentPaPrintsThePhysicalAddressItPointsTo() {
        RunResult r = Lab.init("", "phys_addr_t a = 0x378;\npr_info(\"<%pa> %pap\", &a, &a);")
                .run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("<0x0000000000000378> 0x0000000000000378");
    }
}

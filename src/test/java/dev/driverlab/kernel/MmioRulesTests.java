package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "MMIO" (include/linux/io.h, lib/iomap.c, arch/x86's memcpy_fromio): an ioremap'd region is
 * simulated memory standing for the device's registers, little-endian as x86 reads it; the string accessors read
 * one register again and again; a mapping that is gone, or an access past its end, is KASAN's report.
 */
class MmioRulesTests {

    /** LDD3's silly maps the ISA hole (0xa0000-0xfffff) like this. */
    private static RunResult isa(String body) {
        return Lab.init("", """
                	void __iomem *base = ioremap(0xa0000, 0x100000 - 0xa0000);
                	u8 buf[4] = { 0x11, 0x22, 0x33, 0x44 };
                	u8 out[4] = { 0 };
                """ + body + """
                	iounmap(base);
                	return 0;
                """).run("insmod lab");
    }

    @Test
    void accessorsOfEachWidthAreLittleEndianOverTheSameBytes() {
        RunResult r = isa("""
                	iowrite8(0x78, base + 0x10);
                	iowrite8(0x56, base + 0x11);
                	iowrite16(0x1234, base + 0x12);
                	pr_info("%x %x %x", ioread8(base + 0x10), ioread16(base + 0x10), ioread32(base + 0x10));
                	writeq(0x0102030405060708ULL, base + 0x5ff00);
                	pr_info("%llx %x", readq(base + 0x5ff00), readb(base + 0x5ff07));
                """);
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("78 5678 12345678", "102030405060708 1");
    }

    @Test
    void memcpyToAndFromIoCopyBytesAndTheRepFormsRepeatOneRegister() {
        RunResult r = isa("""
                	memcpy_toio(base + 0x100, buf, 4);
                	memcpy_fromio(out, base + 0x100, 4);
                	pr_info("%x %x %x %x", out[0], out[1], out[2], out[3]);
                	ioread8_rep(base + 0x102, out, 4);
                	pr_info("%x %x %x %x", out[0], out[1], out[2], out[3]);
                	iowrite8_rep(base + 0x200, buf, 4);
                	memset_io(base + 0x300, 0xab, 2);
                	pr_info("%x %x", ioread8(base + 0x200), ioread16(base + 0x300));
                """);
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("11 22 33 44", "33 33 33 33", "44 abab");
    }

    @Test
    void anAccessAfterIounmapIsAUseAfterFree() {
        RunResult r = Lab.init("", """
                	void __iomem *regs = ioremap(0xfed00000, 0x400);

                	iounmap(regs);
                	return ioread32(regs + 4);
                """).run("insmod lab");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: use-after-free in ");
    }

    @Test
    void anAccessPastTheMappingIsOutOfBounds() {
        RunResult r = Lab.init("", """
                	void __iomem *regs = ioremap(0xfed00000, 0x400);
                	u32 v = ioread32(regs + 0x400);

                	iounmap(regs);
                	return v;
                """).run("insmod lab");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: slab-out-of-bounds in ");
    }
}

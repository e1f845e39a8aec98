package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Memory" (mm/vmalloc.c): an area of whole pages in vmalloc space, no KASAN shadow
 * (KASAN_VMALLOC is off), a guard page after it, unmapped by vfree.
 */
class VmallocRulesTests {

    private static RunResult init(String body) {
        return Lab.init("#include <linux/vmalloc.h>\n#include <linux/slab.h>", body)
                .run("insmod lab");
    }

    @Test
    void anAreaIsWholePagesInVmallocSpace() {
        RunResult r = init("""
                	char *buf = vzalloc(10000);

                	buf[12287] = 1; /* the last page's slack: no shadow, nothing said */
                	pr_info("%d %d %d %lx", is_vmalloc_addr(buf), buf[0], is_vmalloc_addr(kmalloc(8, GFP_KERNEL)),
                		(unsigned long)buf >> 40);
                	vfree(buf);
                	vfree(NULL);
                	return 0;
                """);
        assertThat(Lab.driverLog(r)).containsExactly("1 0 0 ffffc9");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void theGuardPageAfterAnAreaFaults() {
        RunResult r = init("""
                	char *buf = vmalloc(4096);

                	buf[4096] = 1;
                	return 0;
                """);
        assertThat(Lab.report(r).title()).startsWith("BUG: unable to handle page fault for address: ffffc9");
    }

    @Test
    void anAreaVfreedIsUnmappedNotKasans() {
        RunResult r = init("""
                	int *v = vmalloc(64);

                	vfree(v);
                	return v[0];
                """);
        assertThat(Lab.report(r).title()).startsWith("BUG: unable to handle page fault for address: ffffc9");
        assertThat(r.dmesg()).noneMatch(l -> l.startsWith("BUG: KASAN"));
    }

    @Test
    void aSecondVfreeOrAKmallocPointerIsANonexistentVmArea() {
        RunResult r = init("""
                	void *v = vmalloc(64);

                	vfree(v);
                	vfree(v);
                	vfree(kmalloc(4096, GFP_KERNEL));
                	return 0;
                """);
        assertThat(Lab.driverLog(r))
                .filteredOn(l -> l.startsWith("Trying to vfree()"))
                .hasSize(2)
                .allMatch(l -> l.matches("Trying to vfree\\(\\) nonexistent vm area \\([0-9a-f]{16}\\)"));
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void kvmallocAboveKmallocsLimitTakesAnAreaAndKvfreeGivesItBack() {
        RunResult r = init("""
                	void *big = kvmalloc(8 << 20, GFP_KERNEL);
                	void *small = kvmalloc(100, GFP_KERNEL);

                	pr_info("%d %d", is_vmalloc_addr(big), is_vmalloc_addr(small));
                	kvfree(big);
                	kvfree(small);
                	return 0;
                """);
        assertThat(Lab.driverLog(r)).containsExactly("1 0");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void sizesItCannotHaveAreVmallocErrors() {
        RunResult r = init("""
                	void *zero = vmalloc(0);
                	void *huge = vmalloc(1UL << 40);

                	pr_info("%d %d", zero == NULL, huge == NULL);
                	return 0;
                """);
        assertThat(Lab.driverLog(r))
                .contains("1 1")
                .anyMatch(l -> l.startsWith("WARNING: CPU: 0 PID: ") && l.contains("__vmalloc_node_range"))
                .anyMatch(l -> l.startsWith(
                        "insmod: vmalloc error: size 1099511627776, exceeds total pages, mode:0xcc0(GFP_KERNEL)"));
    }

    @Test
    void kmemleakFindsAnAreaNobodyPointsAt() {
        RunResult r = Lab.module("#include <linux/vmalloc.h>", """
                	vmalloc(128);
                	return 0;
                """, "").run("insmod lab\nrmmod lab");
        assertThat(r.reports())
                .extracting(rep -> rep.title())
                .containsExactly(
                        "unreferenced object 0xffffc90005000000 (size 128):"); // kmemleak_vmalloc: the size asked
    }
}

package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Memory" (mm/slab_common.c's krealloc and ksize): an object that still fits its kmalloc-N
 * stays where it is and KASAN is told its new size; one that does not moves, and the old one is freed.
 */
class KreallocRulesTests {

    private static RunResult init(String body) {
        return Lab.init("#include <linux/slab.h>", body).run("insmod lab");
    }

    @Test
    void growingPastItsCacheMovesTheObjectAndFreesTheOldOne() {
        RunResult r = init("""
                	char *p = kmalloc(16, GFP_KERNEL);
                	char *q;

                	strcpy(p, "fifteen chars..");
                	q = krealloc(p, 100, GFP_KERNEL);
                	pr_info("moved %d kept '%s'", q != p, q);
                	p[0] = 'x';
                	return 0;
                """);
        assertThat(Lab.driverLog(r)).contains("moved 1 kept 'fifteen chars..'");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: use-after-free in lab_init");
    }

    @Test
    void shrinkingStaysInPlaceAndKasanGuardsTheNewEnd() {
        RunResult r = init("""
                	char *p = kzalloc(64, GFP_KERNEL);
                	char *q = krealloc(p, 16, GFP_KERNEL);

                	pr_info("same %d", q == p);
                	q[15] = 1;
                	q[20] = 1;
                	return 0;
                """);
        assertThat(Lab.driverLog(r)).contains("same 1");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: slab-out-of-bounds in lab_init");
        // 6.1 measures against the cache's object size: inside the 64-byte object, past the 16 bytes allowed
        assertThat(r.dmesg()).anyMatch(l -> l.startsWith("The buggy address is located 20 bytes inside of"));
    }

    @Test
    void growingWithinItsCacheStaysInPlace() {
        RunResult r = init("""
                	char *p = kmalloc(10, GFP_KERNEL);
                	char *q = krealloc(p, 16, GFP_KERNEL);

                	q[15] = 1;
                	pr_info("same %d", q == p);
                	kfree(q);
                	return 0;
                """);
        assertThat(Lab.driverLog(r)).containsExactly("same 1");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void nullIsKmallocAndZeroIsKfree() {
        RunResult r = init("""
                	char *p = krealloc(NULL, 8, GFP_KERNEL);
                	char *z;

                	p[7] = 1;
                	z = krealloc(p, 0, GFP_KERNEL);
                	pr_info("zero %d", z == ZERO_SIZE_PTR);
                	p[0] = 1;
                	return 0;
                """);
        assertThat(Lab.driverLog(r)).contains("zero 1");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: use-after-free in lab_init");
    }

    @Test
    void reallocatingAFreedObjectIsKasansReadInKrealloc() {
        RunResult r = init("""
                	char *p = kmalloc(32, GFP_KERNEL);

                	kfree(p);
                	p = krealloc(p, 64, GFP_KERNEL);
                	return 0;
                """);
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: use-after-free in krealloc");
        assertThat(r.dmesg()).anyMatch(l -> l.startsWith("Read of size 1 at addr "));
    }

    @Test
    void ksizeOpensTheWholeSlabObject() {
        RunResult r = init("""
                	char *p = kmalloc(10, GFP_KERNEL);
                	size_t n = ksize(p);

                	p[n - 1] = 1;
                	pr_info("ksize %zu, array %d", n, krealloc_array(p, SIZE_MAX / 2, 4, GFP_KERNEL) == NULL);
                	p[n] = 1;
                	return 0;
                """);
        assertThat(Lab.driverLog(r)).contains("ksize 16, array 1");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: slab-out-of-bounds in lab_init");
    }
}

package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Slab caches" (mm/slab_common.c, mm/slub.c): kmem_cache_create/alloc/free/destroy, the
 * constructor, KASAN on cache objects, and what SLUB prints for a cache destroyed with objects left.
 */
class SlabRulesTests {

    private static final String CACHE = """
            #include <linux/slab.h>

            struct item {
                int id;
                char name[20];
            };

            static struct kmem_cache *cache;
            static struct item *a, *b;

            static void item_ctor(void *p)
            {
                struct item *it = p;

                it->id = -1;
            }
            """;

    private static final String CREATE = """
                cache = kmem_cache_create("lab_items", sizeof(struct item), 0, SLAB_HWCACHE_ALIGN, item_ctor);
                if (!cache)
                    return -ENOMEM;
                a = kmem_cache_alloc(cache, GFP_KERNEL);
                b = kmem_cache_zalloc(cache, GFP_KERNEL);
                pr_info("a %d b %d size %u", a->id, b->id, kmem_cache_size(cache));
                return 0;
            """;

    @Test
    void objectsComeFromTheCacheConstructedByItsCtorAndZeroedByZalloc() {
        RunResult r = Lab.module(CACHE, CREATE, """
                    kmem_cache_free(cache, a);
                    kmem_cache_free(cache, b);
                    kmem_cache_destroy(cache);
                """).run("insmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("a -1 b 0 size 24");
        assertThat(events(r, "enter", "item_ctor")).hasSize(2);
        assertThat(events(r, "alloc", "kmem_cache_alloc lab_items"))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.to()).isEqualTo(24L));
    }

    @Test
    void destroyingAnEmptyCacheFreesItsNameAndStructAndItsNameCanBeUsedAgain() {
        RunResult r = Lab.module(CACHE, CREATE, """
                    kmem_cache_free(cache, a);
                    kmem_cache_free(cache, b);
                    kmem_cache_destroy(cache);
                """).run("insmod lab\nrmmod lab\ninsmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(events(r, "enter", "slab_kmem_cache_release")).hasSize(2);
        assertThat(Lab.driverLog(r)).containsExactly("a -1 b 0 size 24", "a -1 b 0 size 24");
    }

    @Test
    void aUseAfterFreeNamesTheCacheAndItsObjectSize() {
        RunResult r = Lab.module(CACHE, CREATE, """
                    kmem_cache_free(cache, a);
                    pr_info("%d", a->id);
                """).run("insmod lab\nrmmod lab");
        Report report = report(r);
        assertThat(report.title())
                .matches("BUG: KASAN: use-after-free in lab_exit\\+0x\\p{XDigit}+/0x\\p{XDigit}+ \\[lab\\]");
        assertThat(report.text())
                .contains(
                        "__kasan_slab_alloc",
                        "kmem_cache_alloc+",
                        " which belongs to the cache lab_items of size 24",
                        "The buggy address is located 0 bytes inside of\n 24-byte region");
    }

    @Test
    void freeingAnObjectTwiceIsADoubleFreeInKmemCacheFree() {
        RunResult r = Lab.module(CACHE, CREATE, """
                    kmem_cache_free(cache, a);
                    kmem_cache_free(cache, a);
                """).run("insmod lab\nrmmod lab");
        Report report = report(r);
        assertThat(report.title()).startsWith("BUG: KASAN: double-free in kmem_cache_free+");
        assertThat(report.text()).contains(" which belongs to the cache lab_items of size 24");
    }

    @Test
    void aCacheDestroyedWithObjectsLeftListsThemWarnsAndLeaksThem() {
        RunResult r = Lab.module(CACHE, CREATE, """
                    kmem_cache_free(cache, a);
                    kmem_cache_destroy(cache);
                """).run("insmod lab\nrmmod lab");
        assertThat(Lab.driverLog(r))
                .containsSubsequence(
                        "=============================================================================",
                        "BUG lab_items (Tainted: G           O      ): Objects remaining in lab_items on"
                                + " __kmem_cache_shutdown()",
                        "-----------------------------------------------------------------------------");
        assertThat(Lab.driverLog(r))
                .anyMatch(l -> l.matches("Slab 0x[0-9a-f]{16} objects=128 used=1 fp=0x[0-9a-f]{16} "
                        + "flags=0x200\\(slab\\|node=0\\|zone=1\\)"));
        assertThat(Lab.driverLog(r)).anyMatch(l -> l.matches("Object 0x[0-9a-f]{16} @offset=32"));
        assertThat(Lab.driverLog(r))
                .containsSubsequence(
                        "Disabling lock debugging due to kernel taint", "------------[ cut here ]------------");
        assertThat(Lab.driverLog(r))
                .anyMatch(l -> l.matches("kmem_cache_destroy lab_items: Slab cache still has objects when"
                        + " called from lab_exit\\+0x\\p{XDigit}+/0x\\p{XDigit}+ \\[lab\\]"));
        assertThat(Lab.driverLog(r))
                .anyMatch(l -> l.startsWith("WARNING: CPU: 0 PID: ") && l.contains("kmem_cache_destroy+"));
        assertThat(events(r, "enter", "slab_kmem_cache_release")).isEmpty();
        // the object nothing points to any more is kmemleak's once the module is gone
        assertThat(report(r).kind()).isEqualTo("leak");
    }

    @Test
    void aSecondCacheOfTheSameNameFailsAndSlabPanicPanics() {
        RunResult r = Lab.init("static struct kmem_cache *c1, *c2;", """
                c1 = kmem_cache_create("dup", 16, 0, 0, NULL);
                c2 = kmem_cache_create("dup", 16, 0, 0, NULL);
                pr_info("second %s", c2 ? "made" : "NULL");
                c2 = kmem_cache_create("dup", 16, 0, SLAB_PANIC, NULL);
                """).run("insmod lab");
        assertThat(Lab.driverLog(r))
                .containsSubsequence(
                        "sysfs: cannot create duplicate filename '/kernel/slab/dup'",
                        "kmem_cache_create_usercopy(dup) failed with error -17",
                        "second NULL");
        assertThat(report(r).title())
                .isEqualTo(
                        "Kernel panic - not syncing: kmem_cache_create_usercopy: Failed to create slab 'dup'. Error -17");
    }

    @Test
    void freeingAnObjectIntoAnotherCacheWarnsAndFreesItIntoItsOwn() {
        RunResult r = Lab.init("static struct kmem_cache *c1, *c2;", """
                void *p;

                c1 = kmem_cache_create("one", 16, 0, 0, NULL);
                c2 = kmem_cache_create("two", 16, 0, 0, NULL);
                p = kmem_cache_alloc(c1, GFP_KERNEL);
                kmem_cache_free(c2, p);
                """).run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).contains("cache_from_obj: Wrong slab cache. two but object is from one");
        assertThat(events(r, "free", "kmem_cache_free one")).hasSize(1);
    }
}

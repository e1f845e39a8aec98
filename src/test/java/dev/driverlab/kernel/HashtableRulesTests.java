package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Lists and hash tables" (include/linux/list.h's hlist, hashtable.h, hash.h, log2.h): buckets
 * chosen by the golden-ratio hash, walks and deletes as the kernel's own macros do them, and a deleted node
 * poisoned.
 */
class HashtableRulesTests {

    private static final String ITEMS = """
            #include <linux/hashtable.h>
            #include <linux/slab.h>

            struct item {
            	int key;
            	struct hlist_node node;
            };

            static DEFINE_HASHTABLE(items, 3);

            static int add_items(int n)
            {
            	struct item *it;
            	int i;

            	for (i = 0; i < n; i++) {
            		it = kmalloc(sizeof(*it), GFP_KERNEL);
            		if (!it)
            			return -ENOMEM;
            		it->key = i * 7;
            		hash_add(items, &it->node, it->key);
            	}
            	return 0;
            }
            """;

    @Test
    void aKeyIsFoundInTheBucketItsHashPicks() {
        RunResult r = Lab.init(ITEMS, """
                	struct item *it;
                	int bkt, n = 0, found = 0;

                	add_items(20);
                	hash_for_each_possible(items, it, node, 14)
                		if (it->key == 14)
                			found++;
                	hash_for_each(items, bkt, it, node)
                		n++;
                	pr_info("bits %d bucket %u found %d of %d", HASH_BITS(items), hash_min(14, HASH_BITS(items)), found, n);
                	pr_info("hash_32 %u hash_64 %u hash_long %u", hash_32(14, 3), hash_64(14, 3), hash_long(14UL, 8));
                	return 0;
                """).run("insmod lab");
        // 14 * 0x61C88647 mod 2^32 = 0x58F757E2: its top 3 bits are 2; 14 * GOLDEN_RATIO_64 mod 2^64 >> 61 is 2, >> 56
        // 88
        assertThat(Lab.driverLog(r))
                .containsExactly("bits 3 bucket 2 found 1 of 20", "hash_32 2 hash_64 2 hash_long 88");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void deletingWhileWalkingTakesTheSafeWalkAndLeavesTheTableEmpty() {
        RunResult r = Lab.init(ITEMS, """
                	struct item *it;
                	struct hlist_node *tmp;
                	int bkt, freed = 0;

                	add_items(20);
                	hash_for_each_safe(items, bkt, tmp, it, node) {
                		hash_del(&it->node);
                		if (hash_hashed(&it->node))
                			pr_info("still hashed");
                		kfree(it);
                		freed++;
                	}
                	pr_info("freed %d empty %d", freed, hash_empty(items));
                	return 0;
                """).run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("freed 20 empty 1");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void aWalkThroughADeletedNodeFaultsOnItsPoison() {
        RunResult r = Lab.init("""
                #include <linux/list.h>

                struct item {
                	int key;
                	struct hlist_node node;
                };

                static HLIST_HEAD(head);
                static struct item a = { .key = 1 }, b = { .key = 2 };
                """, """
                	struct hlist_node *pos;

                	hlist_add_head(&a.node, &head);
                	hlist_add_behind(&b.node, &a.node);
                	hlist_for_each(pos, &head)
                		pr_info("key %d", hlist_entry(pos, struct item, node)->key);
                	hlist_del(&a.node);
                	pr_info("unhashed %d", hlist_unhashed(&a.node));
                	pos = a.node.next; /* LIST_POISON1: nothing is mapped there */
                	pr_info("next key %d", hlist_entry(pos, struct item, node)->key);
                	return 0;
                """).run("insmod lab");
        assertThat(Lab.driverLog(r)).startsWith("key 1", "key 2", "unhashed 0");
        assertThat(r.reports())
                .extracting(Report::title)
                .anySatisfy(t -> assertThat(t).startsWith("general protection fault, probably for non-canonical"));
    }

    @Test
    void ilog2FoldsForAConstantAndWorksAtRunTime() {
        RunResult r = Lab.init("""
                #include <linux/log2.h>

                static unsigned long table[ilog2(4096)];
                static unsigned long n = 1000;
                """, """
                	pr_info("%zu %d %d %d %d", ARRAY_SIZE(table), ilog2(n), ilog2(1UL << 40), is_power_of_2(n), is_power_of_2(1024));
                	pr_info("%d %d %lu", fls(0), fls(0x80000000), __fls(6));
                	return 0;
                """).run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("12 9 40 0 1", "0 32 2");
    }
}

package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Random numbers" (include/linux/random.h): one deterministic stream per kernel, so a session
 * and its replays draw the same numbers; every draw moves it on.
 */
class RandomRulesTests {

    private static final String DRAWS = """
            	u8 bytes[6];
            	u32 a = get_random_u32(), b = get_random_u32();
            	int i, below = 1;

            	get_random_bytes(bytes, sizeof(bytes));
            	for (i = 0; i < 100; i++)
            		if (prandom_u32_max(10) >= 10)
            			below = 0;
            	pr_info("%08x %08x %6phN %d %d", a, b, bytes, a != b, below);
            	return 0;
            """;

    @Test
    void everyRunDrawsTheSameNumbersAndEachDrawMovesTheStreamOn() {
        List<String> first = Lab.dmesgOfInit("#include <linux/random.h>", DRAWS);
        List<String> again = Lab.dmesgOfInit("#include <linux/random.h>", DRAWS);
        assertThat(first).isEqualTo(again).hasSize(1);
        assertThat(first.get(0)).matches("[0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{12} 1 1");
    }

    @Test
    void theNarrowDrawsAreTheTopBitsOfOneDraw() {
        List<String> log = Lab.dmesgOfInit("#include <linux/random.h>", """
                	u64 wide = get_random_u64();
                	unsigned long l = get_random_long();

                	pr_info("%d", l != wide);
                	pr_info("%d %d", get_random_u8() <= 0xff, get_random_u16() <= 0xffff);
                	return 0;
                """);
        assertThat(log).containsExactly("1", "1 1");
    }

    @Test
    void getRandomBytesIntoFreedMemoryIsKasansUseAfterFree() {
        var r = Lab.init("#include <linux/random.h>\n#include <linux/slab.h>", """
                	char *buf = kmalloc(16, GFP_KERNEL);

                	kfree(buf);
                	get_random_bytes(buf, 16);
                	return 0;
                """)
                .run("insmod lab");
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: use-after-free in ");
    }
}

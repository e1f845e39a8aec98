package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/** KASAN's range checks in the string and memory functions, stack and global redzones, idiv's #DE. */
class BoundsRulesTests {

    private static RunResult init(String globals, String body) {
        return Lab.init(globals, body).run("insmod lab");
    }

    @Test
    void memsetOfAHugeLengthOnAStackBufferIsStackOutOfBoundsNamingTheCallerOfMemset() {
        RunResult r = init("", """
                	char b[8];

                	memset(b, 0, 1UL << 40);
                """);
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("out-of-bounds");
        assertThat(report.title()).startsWith("BUG: KASAN: stack-out-of-bounds in lab_init+0x");
        assertThat(report.text())
                .contains(
                        "Write of size 1099511627776 at addr ",
                        " kasan_check_range+",
                        " memset+0x0/0x100",
                        "The buggy address belongs to stack of task insmod/",
                        " and is located at offset 32 in frame:",
                        " lab_init+0x0/",
                        "This frame has 1 object:",
                        " [32, 40) 'b'");
    }

    @Test
    void strlenOfAnUnterminatedStackBufferReadsIntoTheRedzone() {
        RunResult r = init("", """
                	char b[4];

                	b[0] = 'a'; b[1] = 'b'; b[2] = 'c'; b[3] = 'd';
                	pr_info("%d", (int)strlen(b));
                """);
        Report report = Lab.report(r);
        assertThat(report.title()).startsWith("BUG: KASAN: stack-out-of-bounds in strlen+");
        assertThat(report.text()).contains("Read of size 1 at addr ", "offset 36 in frame:");
    }

    @Test
    void oneBytePastAStackArrayHitsItsRedzoneNotTheNextVariable() {
        RunResult r = init("", """
                	char a[8];
                	char c[8];
                	int i = 8;

                	c[0] = 0;
                	a[i] = 1;
                """);
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: stack-out-of-bounds in lab_init+");
        assertThat(Lab.report(r).text()).contains("This frame has 2 objects:", " [32, 40) 'a'", " [96, 104) 'c'");
    }

    @Test
    void memcpyPastAGlobalIsGlobalOutOfBoundsNamingTheVariable() {
        RunResult r = init("static char small[8];\nstatic char other[8];\n", """
                	char src[16];

                	memset(src, 'x', sizeof(src));
                	memcpy(small, src, sizeof(src));
                """);
        Report report = Lab.report(r);
        assertThat(report.title()).startsWith("BUG: KASAN: global-out-of-bounds in lab_init+");
        assertThat(report.text())
                .contains(
                        "Write of size 16 at addr ",
                        "The buggy address belongs to the variable:",
                        " small+0x0/0x8 [lab]");
    }

    @Test
    void memsetPastAKmallocObjectIsSlabOutOfBoundsBeforeAnyByteIsWritten() {
        RunResult r = init("", """
                	char *p = kmalloc(16, GFP_KERNEL);

                	memset(p, 0, 17);
                """);
        Report report = Lab.report(r);
        assertThat(report.title()).startsWith("BUG: KASAN: slab-out-of-bounds in lab_init+");
        assertThat(report.text()).contains("Write of size 17 at addr ", "kmalloc-16", "0 bytes inside of");
    }

    @Test
    void strcpyChecksTheWholeDestinationFirst() {
        RunResult r = init("", """
                	char *p = kmalloc(4, GFP_KERNEL);

                	strcpy(p, "too long");
                """);
        assertThat(Lab.report(r).title()).startsWith("BUG: KASAN: slab-out-of-bounds in strcpy+");
        assertThat(Lab.report(r).text()).contains("Write of size 9 at addr ");
    }

    @Test
    void intMinDividedByMinusOneIsADivideError() {
        RunResult r = init("", """
                	int a = -2147483647 - 1;
                	int b = -1;

                	pr_info("%d", a / b);
                """);
        assertThat(Lab.report(r).title()).isEqualTo("divide error: 0000 [#1] PREEMPT SMP KASAN");
    }

    @Test
    void longMinModuloMinusOneIsADivideErrorButAnIntSizedLongIsNot() {
        assertThat(Lab.report(init("", """
                	long a = -9223372036854775807L - 1;
                	long b = -1;

                	pr_info("%ld", a % b);
                """)).title()).startsWith("divide error");
        assertThat(Lab.dmesgOfInit("", """
                	long a = -2147483647 - 1;
                	long b = -1;

                	pr_info("%ld", a / b);
                """)).containsExactly("2147483648");
    }

    @Test
    void aFrameWithoutStackVariablesThatReturnsAfterItsCalleeGotTheStackLeavesTheStackWhereItBegan() {
        // mid() has no stack variables and was entered before the context had a stack; leaf()'s x lives on it
        assertThat(Lab.dmesgOfInit("""
                static int leaf(int v)
                {
                	int x = v;
                	int *p = &x;

                	return *p + 1;
                }

                static int mid(int v)
                {
                	return leaf(v);
                }
                """, """
                	pr_info("%d %d", mid(1), leaf(5));
                """)).containsExactly("2 6");
    }
}

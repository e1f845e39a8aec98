package dev.driverlab.engine.compile;

import static dev.driverlab.engine.compile.NestingLimitTests.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.kernel.Lab;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * gcc's statement expressions and typeof, compiled and run, and the kernel's own macros written with them
 * (include/linux/minmax.h, typecheck.h, jiffies.h) used unchanged by a driver.
 */
class StatementExpressionTests {

    @Test
    void theValueIsTheLastExpressionStatementAndItRunsOnTopOfPendingOperands() {
        String src = """
                static int twice(int x) { return 2 * x; }
                static int add3(int a, int b, int c) { return a + b + c; }
                static int __init lab_init(void)
                {
                	int i = 3;
                	int s = add3(100, ({ int t = twice(i); t + 1; }), ({ i++; i; }));
                	long v = ({ long acc = 0; int k; for (k = 1; k <= 4; k++) acc += k; acc; }) * 10;
                	({ pr_info("void one"); });
                	pr_info("%d %d %ld", s, i, v);
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("void one", "111 4 100");
    }

    @Test
    void breakAndContinueLeaveTheStatementExpressionForTheEnclosingLoop() {
        String src = """
                static int __init lab_init(void)
                {
                	int n = 0, odd = 0, k;
                	for (k = 0; k < 100; k++) {
                		n += ({ if (k == 7) break; if (k % 2 == 0) continue; odd++; 1; });
                	}
                	pr_info("%d %d %d", k, n, odd);
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("7 3 3");
    }

    @Test
    void aGotoOutOfAStatementExpressionDropsItsPendingOperands() {
        String src = """
                static int add3(int a, int b, int c) { return a + b + c; }
                static int __init lab_init(void)
                {
                	int k, hits = 0;
                	for (k = 0; k < 5; k++) {
                		hits += add3(100, 10, ({ if (k == 3) goto out; 1; }));
                	}
                out:
                	pr_info("%d %d %d", k, hits, add3(1, 2, 3));
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("3 333 6");
    }

    @Test
    void localLabelsOfTwoExpansionsInOneFunctionAreTheirOwnAndLabelTheValue() {
        String src = """
                #define FIRST_NEG(a, b) ({ __label__ done; int __r = 0; if ((a) < 0) { __r = (a); goto done; } \\
                	if ((b) < 0) { __r = (b); goto done; } __r = 1; done: __r; })
                static int __init lab_init(void)
                {
                	int x = FIRST_NEG(-4, 2), y = FIRST_NEG(3, -5), z = FIRST_NEG(1, 1);
                	pr_info("%d %d %d %d", x, y, z, __builtin_constant_p(3 * 4) + __builtin_constant_p(x));
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("-4 -5 1 1");
    }

    @Test
    void anInfiniteLoopInsideAStatementExpressionIsStillASoftLockup() {
        RunResult r = Lab.init("", """
                	volatile int spin = 1;
                	int x = ({ while (spin) ; 0; });
                	pr_info("%d", x);
                """).maxSteps(5_000).run("insmod lab");
        assertThat(Lab.report(r).kind()).isEqualTo("soft-lockup");
    }

    @Test
    void theKernelsMinMaxEvaluateEachArgumentOnceAndStayConstantOnConstants() {
        String src = """
                static int __init lab_init(void)
                {
                	int i = 3, n = 10;
                	size_t len = 100;
                	char buf[max(8, 16)];
                	unsigned long j = 5;
                	int m = min(i++, n);
                	pr_info("%d %d %d %zu", m, i, max(i, 2), sizeof(buf));
                	pr_info("%zu %d %d %lu", min_t(size_t, len, 64), clamp(n, 0, 5), clamp(n, 20, 30), max3(j, 2UL, 9UL));
                	swap(i, n);
                	pr_info("%d %d %d", i, n, min_not_zero(0, 7));
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("3 4 4 16", "64 5 20 9", "10 4 7");
    }

    @Test
    void aMacroOnOneLineIsOneStepLoopsInsideStillStepEachTest() {
        String src = """
                static int __init lab_init(void)
                {
                	int a = 4, b = 9;
                	int m = min(a, b);
                	int s = ({ int k, t = 0; for (k = 0; k < 3; k++) t += k; t; });
                	pr_info("%d %d", m, s);
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        RunResult r = Lab.driver(src).run("insmod lab");
        int minLine = Lab.lineOf(src, "min(a, b)");
        int loopLine = Lab.lineOf(src, "for (k = 0");
        assertThat(Lab.events(r, e -> e.kind().equals("statement") && e.line() == minLine))
                .hasSize(1);
        // one step for the declarations, one before the loop, one per test: 3 iterations and the final test
        assertThat(Lab.events(r, e -> e.kind().equals("statement") && e.line() == loopLine))
                .hasSize(5);
        assertThat(Lab.driverLog(r)).containsExactly("4 3");
    }

    @Test
    void timeAfterComparesAcrossTheJiffiesWrap() {
        String src = """
                static int __init lab_init(void)
                {
                	unsigned long before_wrap = (unsigned long)-10, after_wrap = 5;
                	pr_info("%d %d %d %d", time_after(after_wrap, before_wrap), time_before(before_wrap, after_wrap),
                		time_after_eq(after_wrap, after_wrap), time_in_range(after_wrap, before_wrap, 20UL));
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("1 1 1 1");
    }

    @Test
    void typeofAndAutoTypeDeclareTheTypeOfAnExpressionWithoutRunningIt() {
        String src = """
                struct pair { short a; long b; };
                static int calls;
                static int bump(void) { return ++calls; }
                static int __init lab_init(void)
                {
                	struct pair p = { 1, 2 };
                	char name[12];
                	typeof(p.a) x = 40000;
                	typeof(bump()) y = 7;
                	__typeof__(name) copy;
                	__auto_type q = name;
                	typeof(&p) pp = &p;
                	pr_info("%d %d %zu %zu %zu %ld %d", x, y, sizeof(copy), sizeof(q), sizeof(typeof(p.b)), pp->b, calls);
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("-25536 7 12 8 8 2 0");
    }

    @Test
    void jumpsIntoAStatementExpressionAreGccsErrors() {
        assertThat(compile("""
                static void f(int x)
                {
                	goto in;
                	x = ({ in: 1; });
                }
                """)).contains("jump into statement expression");
        assertThat(compile("""
                static void f(int x)
                {
                	switch (x) {
                	case 0: x = ({ case 1: 2; });
                	}
                }
                """)).contains("switch jumps into statement expression");
        assertThat(compile("static int buf[min(3, 4)];\n"))
                .contains("braced-group within expression allowed only inside a function");
    }

    @Test
    void clampWithConstantBoundsTheWrongWayRoundIsABuildError() {
        assertThat(compile("""
                static int f(int v)
                {
                	return clamp(v, 10, 1);
                }
                """)).contains("negative");
    }
}

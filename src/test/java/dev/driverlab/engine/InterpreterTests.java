package dev.driverlab.engine;

import static dev.driverlab.kernel.Lab.dmesgOfInit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.kernel.Lab;
import dev.driverlab.lang.CompileException;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * C semantics as the interpreter runs them: tiny modules whose init computes and prints with pr_info, checked on
 * dmesg. Format strings leave out the trailing newline: printk logs one line either way.
 */
class InterpreterTests {

    // ---- integers ----

    @Test
    void signedIntOverflowWrapsToTheMinimum() {
        assertThat(dmesgOfInit("", """
                	int x = 2147483647;
                	int y = -2147483647 - 1;
                	x = x + 1;
                	y--;
                	pr_info("%d %d", x, y);
                """)).containsExactly("-2147483648 2147483647");
    }

    @Test
    void unsignedArithmeticIsModuloTwoToTheWidth() {
        assertThat(dmesgOfInit("", """
                	unsigned int u = 0;
                	unsigned long ul = 0;
                	unsigned int big = 4000000000u;
                	u = u - 1;
                	ul--;
                	pr_info("%u %lu %u", u, ul, big + big);
                """)).containsExactly("4294967295 18446744073709551615 3705032704");
    }

    @Test
    void anIntComparedWithAnUnsignedIntIsConvertedToUnsigned() {
        assertThat(dmesgOfInit("", """
                	int a = -2147483647 - 1;
                	int m = -1;
                	unsigned int b = 0x80000000u;

                	pr_info("%d %d %d %d", a == b, a == (-1U << 31), m > 1u, m != 0xffffffffu);
                """)).containsExactly("1 1 1 0");
    }

    @Test
    void charIsSignedAndUnsignedCharWrapsAt256() {
        assertThat(dmesgOfInit("", """
                	char c = 127;
                	unsigned char uc = 255;
                	short s = 32767;
                	int fromChar;
                	c++;
                	uc++;
                	s++;
                	fromChar = (char)200;
                	pr_info("%d %d %d %d %d", c, uc, s, fromChar, (unsigned char)-1);
                """)).containsExactly("-128 0 -32768 -56 255");
    }

    @Test
    void assignmentTruncatesToTheTargetType() {
        assertThat(dmesgOfInit("", """
                	long big = 0x1234567890L;
                	int i = big;
                	unsigned short us = 70000;
                	unsigned char b = 0x1ff;
                	pr_info("%x %u %u", i, us, b);
                """)).containsExactly("34567890 4464 255");
    }

    @Test
    void shiftsAreArithmeticForSignedAndLogicalForUnsigned() {
        assertThat(dmesgOfInit("", """
                	int neg = -16;
                	unsigned int top = 0x80000000u;
                	unsigned long one = 1;
                	pr_info("%d %u %d %lu %d", neg >> 2, top >> 31, 1 << 31, one << 40, 0xf0 >> 4);
                """)).containsExactly("-4 1 -2147483648 1099511627776 15");
    }

    @Test
    void divisionAndModuloTruncateTowardZeroForSignedAndAreUnsignedForUnsigned() {
        assertThat(dmesgOfInit("", """
                	int a = -7;
                	int b = 2;
                	unsigned int ua = -7;
                	unsigned int ub = 2;
                	pr_info("%d %d %d %d", a / b, a % b, 7 / -2, 7 % -2);
                	pr_info("%u %u", ua / ub, ua % ub);
                """)).containsExactly("-3 -1 -3 1", "2147483644 1");
    }

    @Test
    void printkFormatsMinusOneByConversion() {
        assertThat(dmesgOfInit("", """
                	int m = -1;
                	long lm = -1;
                	pr_info("%u %d %x %ld %lu %lx", m, m, m, lm, lm, lm);
                	pr_info("[%5d] [%-4d] [%05d] [%c%c]", 42, 7, -42, 'o', 'k');
                """))
                .containsExactly(
                        "4294967295 -1 ffffffff -1 18446744073709551615 ffffffffffffffff",
                        "[   42] [7   ] [-0042] [ok]");
    }

    @Test
    void mixedSignedUnsignedComparisonConvertsToUnsigned() {
        assertThat(dmesgOfInit("", """
                	int m = -1;
                	unsigned int one = 1;
                	pr_info("%d %d", m < one, m < 1);
                """)).containsExactly("0 1");
    }

    @Test
    void integerPromotionsAndConversionsFollowC() {
        assertThat(dmesgOfInit("", """
                	unsigned char a = 200;
                	unsigned char b = 100;
                	int sum = a + b;
                	unsigned int u = 0xffffffff;
                	long widened = u;
                	int m = -1;
                	unsigned long sext = m;
                	int big = 2147483647;
                	long inIntThenWidened = big + 1;
                	long inLong = (long)big + 1;
                	int product = 65536 * 65536;
                	pr_info("%d %ld %lu %ld %ld %d", sum, widened, sext, inIntThenWidened, inLong, product);
                	pr_info("%lu %lu", (unsigned long)-1, (unsigned long)(unsigned int)-1);
                """))
                .containsExactly(
                        "300 4294967295 18446744073709551615 -2147483648 2147483648 0",
                        "18446744073709551615 4294967295");
    }

    @Test
    void integerLiteralSuffixesGiveTheLiteralItsType() {
        assertThat(dmesgOfInit("", """
                	int big = 2147483647;
                	pr_info("%lu %lu %lu %lu %lu", sizeof(1), sizeof(1U), sizeof(1L), sizeof(1UL), sizeof(1ULL));
                	pr_info("%lu %ld %lu %d", 1UL << 40, big + 1L, big + 1UL, -1U > 0);
                """)).containsExactly("4 4 8 8 8", "1099511627776 2147483648 2147483648 1");
    }

    @Test
    void boolConversionIsZeroOrOneNotTruncation() {
        assertThat(dmesgOfInit("", """
                	bool b = 256;
                	bool c = 0;
                	bool d = -5;
                	void *p = &b;
                	bool e = p;
                	pr_info("%d %d %d %d %lu", b, c, d, e, sizeof(bool));
                """)).containsExactly("1 0 1 1 1");
    }

    @Test
    void literalsInEveryBaseAndCharacterEscapes() {
        assertThat(dmesgOfInit("", """
                	const char *s = "ab" "cd";
                	char arr[] = "hello";
                	pr_info("%d %d %d %d %d %d %d", 010, 0x1F, 'A', '\\n', '\\0', '\\x41', '\\'');
                	pr_info("%s %lu %lu", s, sizeof(s), sizeof(arr));
                """)).containsExactly("8 31 65 10 0 65 39", "abcd 8 6");
    }

    @Test
    void sizeofAStringLiteralIsItsArraySize() {
        assertThat(dmesgOfInit("", """
                	pr_info("%lu %lu %lu", sizeof("abc"), sizeof(""), sizeof("ab" "cd"));
                """)).containsExactly("4 1 5");
    }

    @Test
    void kernelFixedWidthTypesHaveTheirWidths() {
        assertThat(dmesgOfInit("", """
                	u8 a = 255;
                	u16 b = 65535;
                	u32 c = 0xffffffff;
                	u64 d = 0;
                	s8 e = -1;
                	s32 f = -2;
                	a++;
                	b++;
                	c++;
                	d--;
                	pr_info("%u %u %u %llu %d %d %lu", a, b, c, d, e, f, sizeof(u64));
                """)).containsExactly("0 0 0 18446744073709551615 -1 -2 8");
    }

    @Test
    void signedCharComparesAsNegative() {
        assertThat(dmesgOfInit("", """
                	char c = 0x80;
                	unsigned char uc = 0x80;
                	pr_info("%d %d %d", c < 0, uc > 0, c == -128);
                """)).containsExactly("1 1 1");
    }

    // ---- pointers, arrays, structs ----

    @Test
    void pointerArithmeticScalesByTheElementSize() {
        assertThat(dmesgOfInit("", """
                	int a[5] = { 10, 20, 30, 40, 50 };
                	int *p = a;
                	int *end = &a[4];
                	long *lp = (long *)0;
                	int v;
                	p += 2;
                	pr_info("%d %d %d", *p, p[1], *(p - 1));
                	v = *p++;
                	pr_info("%d %d %ld %d", v, *p, end - p, p < end);
                	pr_info("%lu", (unsigned long)(lp + 3));
                """)).containsExactly("30 40 20", "30 40 1 1", "24");
    }

    @Test
    void writesThroughPointersChangeTheVariable() {
        assertThat(dmesgOfInit("", """
                	int x = 1;
                	int y = 2;
                	int *p = &x;
                	*p = 5;
                	p = &y;
                	*p += 10;
                	pr_info("%d %d", x, y);
                """)).containsExactly("5 12");
    }

    @Test
    void pointerToPointerWritesThroughBothLevels() {
        assertThat(dmesgOfInit("", """
                	int x = 1;
                	int y = 2;
                	int *p = &x;
                	int **pp = &p;
                	**pp = 7;
                	*pp = &y;
                	**pp = 9;
                	pr_info("%d %d %d", x, y, *p);
                """)).containsExactly("7 9 9");
    }

    @Test
    void arraysAreIndexedSummedAndPartlyInitialised() {
        assertThat(dmesgOfInit("", """
                	int a[6] = { 1, 2, 3 };
                	char name[8] = "abc";
                	int sum = 0;
                	int i;
                	for (i = 0; i < 6; i++)
                		sum += a[i] * (i + 1);
                	a[5] = 100;
                	name[1] = 'X';
                	pr_info("%d %d %d %s %d", sum, a[4], a[5], name, name[3]);
                """)).containsExactly("14 0 100 aXc 0");
    }

    @Test
    void twoDimensionalArraysAreRowMajor() {
        assertThat(dmesgOfInit("", """
                	int m[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
                	int *flat = &m[0][0];
                	m[1][0] = 40;
                	pr_info("%d %d %d %lu", m[1][2], flat[3], flat[5], sizeof(m));
                """)).containsExactly("6 40 6 24");
    }

    @Test
    void nestedAndEmbeddedStructsAreReachedWithDotAndArrow() {
        assertThat(dmesgOfInit("""
                struct inner {
                	int a;
                	int b;
                };
                struct outer {
                	char tag;
                	struct inner in;
                	struct inner *pin;
                	int arr[3];
                };
                """, """
                	struct inner other = { 5, 6 };
                	struct outer o;
                	struct outer *po = &o;
                	memset(&o, 0, sizeof(o));
                	o.tag = 'q';
                	o.in.a = 1;
                	po->in.b = 2;
                	po->pin = &other;
                	po->pin->a += 10;
                	o.arr[2] = 33;
                	pr_info("%c %d %d %d %d %d", po->tag, po->in.a, o.in.b, o.pin->a, (*po).pin->b, po->arr[2]);
                	pr_info("%d %d", (&o.in)->a, other.a);
                """)).containsExactly("q 1 2 15 6 33", "1 15");
    }

    @Test
    void structAssignmentCopiesTheWholeValue() {
        assertThat(dmesgOfInit("""
                struct pt {
                	int x;
                	int y;
                	char name[4];
                };
                """, """
                	struct pt a = { 1, 2, "ab" };
                	struct pt b;
                	struct pt *q = kzalloc(sizeof(*q), GFP_KERNEL);
                	b = a;
                	a.x = 9;
                	a.name[0] = 'z';
                	*q = b;
                	b.y = 7;
                	pr_info("%d %d %s | %d %d %s | %d", b.x, b.y, b.name, q->x, q->y, q->name, a.x);
                	kfree(q);
                """)).containsExactly("1 7 ab | 1 2 ab | 9");
    }

    @Test
    void arraysOfStructsAndPointersIntoThem() {
        assertThat(dmesgOfInit("""
                struct item {
                	int id;
                	long weight;
                };
                """, """
                	struct item items[3] = { { 1, 10 }, { 2, 20 }, { 3, 30 } };
                	struct item *it;
                	long total = 0;
                	for (it = items; it < items + 3; it++)
                		total += it->id * it->weight;
                	pr_info("%ld %d %ld", total, (items + 2)->id, ARRAY_SIZE(items));
                """)).containsExactly("140 3 3");
    }

    // ---- functions ----

    @Test
    void functionPointersInStructsAndArraysAreCalled() {
        assertThat(dmesgOfInit("""
                typedef int (*binop_t)(int, int);
                struct ops {
                	const char *name;
                	int (*apply)(int, int);
                };
                static int add(int a, int b)
                {
                	return a + b;
                }
                static int mul(int a, int b)
                {
                	return a * b;
                }
                static struct ops ops_table[] = {
                	{ .name = "add", .apply = add },
                	{ .name = "mul", .apply = mul },
                };
                """, """
                	int (*fns[2])(int, int) = { mul, add };
                	binop_t f = add;
                	struct ops *o = &ops_table[1];
                	int i;
                	for (i = 0; i < 2; i++)
                		pr_info("%s %d", ops_table[i].name, ops_table[i].apply(6, 7));
                	pr_info("%d %d %d %d", fns[0](3, 4), fns[1](3, 4), f(1, 1), (*o->apply)(2, 5));
                	pr_info("%d", o->apply == mul);
                """)).containsExactly("add 13", "mul 42", "12 7 2 10", "1");
    }

    @Test
    void recursionComputesFactorialAndFibonacci() {
        assertThat(dmesgOfInit("""
                static long fact(int n)
                {
                	if (n <= 1)
                		return 1;
                	return n * fact(n - 1);
                }
                static int fib(int n)
                {
                	return n < 2 ? n : fib(n - 1) + fib(n - 2);
                }
                """, """
                	pr_info("%ld %d %ld", fact(10), fib(15), fact(20));
                """)).containsExactly("3628800 610 2432902008176640000");
    }

    @Test
    void argumentsArePassedByValue() {
        assertThat(dmesgOfInit("""
                struct box {
                	int v;
                };
                static void bump(int x, struct box *pb)
                {
                	x++;
                	pb->v += 100;
                }
                """, """
                	int x = 1;
                	struct box c = { 7 };
                	bump(x, &c);
                	pr_info("%d %d", x, c.v);
                """)).containsExactly("1 107");
    }

    // ---- control flow ----

    @Test
    void loopsWithBreakAndContinue() {
        assertThat(dmesgOfInit("", """
                	int i;
                	int evens = 0;
                	int n = 0;
                	int d = 0;
                	for (i = 0; i < 100; i++) {
                		if (i % 2)
                			continue;
                		if (i > 10)
                			break;
                		evens += i;
                	}
                	while (n < 5)
                		n += 2;
                	do {
                		d++;
                	} while (d < 0);
                	pr_info("%d %d %d %d", evens, i, n, d);
                """)).containsExactly("30 12 6 1");
    }

    @Test
    void nestedLoopsBreakOnlyTheInnerOne() {
        assertThat(dmesgOfInit("", """
                	int i, j;
                	int count = 0;
                	for (i = 0; i < 3; i++) {
                		for (j = 0; j < 10; j++) {
                			if (j == 2)
                				break;
                			count++;
                		}
                	}
                	pr_info("%d %d %d", count, i, j);
                """)).containsExactly("6 3 2");
    }

    @Test
    void switchFallsThroughUntilBreakAndTakesDefault() {
        assertThat(dmesgOfInit("""
                static int classify(int v)
                {
                	int r = 0;

                	switch (v) {
                	case 1:
                		r += 1;
                	case 2:
                		r += 10;
                		break;
                	case 3:
                	case 4:
                		r = 34;
                		break;
                	default:
                		r = -1;
                	}
                	return r;
                }
                """, """
                	pr_info("%d %d %d %d %d", classify(1), classify(2), classify(3), classify(4), classify(9));
                """)).containsExactly("11 10 34 34 -1");
    }

    @Test
    void gotoUnwindsAnErrorPathInReverseOrder() {
        assertThat(dmesgOfInit("""
                static int setup(int fail_at)
                {
                	int err = 0;

                	pr_info("step a");
                	if (fail_at == 1) {
                		err = -ENOMEM;
                		goto out;
                	}
                	pr_info("step b");
                	if (fail_at == 2) {
                		err = -EIO;
                		goto undo_a;
                	}
                	pr_info("step c");
                	return 0;

                undo_a:
                	pr_info("undo a");
                out:
                	return err;
                }
                """, """
                	pr_info("ret %d", setup(2));
                	pr_info("ret %d", setup(1));
                	pr_info("ret %d", setup(0));
                """))
                .containsExactly(
                        "step a", "step b", "undo a", "ret -5", "step a", "ret -12", "step a", "step b", "step c",
                        "ret 0");
    }

    @Test
    void ternaryChoosesOneOperand() {
        assertThat(dmesgOfInit("", """
                	int a = 3;
                	int b = 8;
                	const char *s = a > b ? "a" : "b";
                	pr_info("%d %s %d", a < b ? a : b, s, a ? b ? 1 : 2 : 3);
                """)).containsExactly("3 b 1");
    }

    @Test
    void shortCircuitOperatorsSkipTheRightOperandsSideEffects() {
        assertThat(dmesgOfInit("""
                static int calls;
                static int touch(int v)
                {
                	calls++;
                	return v;
                }
                """, """
                	int r1 = 0 && touch(1);
                	int r2 = 1 || touch(1);
                	int r3 = 1 && touch(0);
                	int r4 = 0 || touch(5);
                	int *p = NULL;
                	if (p && *p)
                		pr_info("unreachable");
                	pr_info("%d %d %d %d calls=%d", r1, r2, r3, r4, calls);
                """)).containsExactly("0 1 0 1 calls=2");
    }

    @Test
    void continueInADoWhileJumpsToTheCondition() {
        assertThat(dmesgOfInit("", """
                	int i = 0;
                	int body = 0;
                	do {
                		i++;
                		if (i < 5)
                			continue;
                		body++;
                	} while (i < 3);
                	pr_info("%d %d", i, body);
                """)).containsExactly("3 0");
    }

    @Test
    void breakInASwitchInsideALoopLeavesOnlyTheSwitchAndContinueGoesToTheLoop() {
        assertThat(dmesgOfInit("", """
                	int i;
                	int seen = 0;
                	for (i = 0; i < 5; i++) {
                		switch (i) {
                		case 1:
                			continue;
                		case 3:
                			break;
                		default:
                			seen += 10;
                			break;
                		}
                		seen++;
                	}
                	pr_info("%d", seen);
                """)).containsExactly("34");
    }

    @Test
    void commaOperatorAndAssignmentInConditions() {
        assertThat(dmesgOfInit("""
                static int left = 3;
                static int next(void)
                {
                	return left--;
                }
                """, """
                	int i, j, x;
                	int steps = 0;
                	int total = 0;
                	for (i = 0, j = 10; i < j; i++, j--)
                		steps++;
                	while ((x = next()) != 0)
                		total += x;
                	pr_info("%d %d %d %d", steps, i, j, total);
                """)).containsExactly("5 5 5 6");
    }

    @Test
    void gotoCanJumpBackwards() {
        assertThat(dmesgOfInit("", """
                	int n = 0;
                again:
                	n++;
                	if (n < 4)
                		goto again;
                	pr_info("%d", n);
                """)).containsExactly("4");
    }

    @Test
    void switchOnAnEnumWithoutAMatchingCaseAndNoDefaultDoesNothing() {
        assertThat(dmesgOfInit("""
                enum state { IDLE, BUSY, DONE };
                """, """
                	enum state s = DONE;
                	int r = 7;
                	switch (s) {
                	case IDLE:
                		r = 0;
                		break;
                	case BUSY:
                		r = 1;
                		break;
                	}
                	pr_info("%d", r);
                """)).containsExactly("7");
    }

    // ---- operators ----

    @Test
    void compoundAssignmentsApplyTheirOperator() {
        assertThat(dmesgOfInit("", """
                	int v = 10;
                	unsigned int f = 0xf0;
                	v += 5;
                	v -= 3;
                	v *= 4;
                	v /= 5;
                	v %= 7;
                	v <<= 4;
                	v >>= 1;
                	f &= 0x3c;
                	f |= 0x101;
                	f ^= 0x11;
                	pr_info("%d %x", v, f);
                """)).containsExactly("16 120");
    }

    @Test
    void preAndPostIncrementAndDecrementYieldTheRightValues() {
        assertThat(dmesgOfInit("", """
                	int i = 5;
                	int a = i++;
                	int b = ++i;
                	int c = i--;
                	int d = --i;
                	int arr[3] = { 0, 0, 0 };
                	int *p = arr;
                	*p++ = 1;
                	*p++ = 2;
                	(*p)++;
                	pr_info("%d %d %d %d %d %d %d %d", a, b, c, d, i, arr[0], arr[1], arr[2]);
                """)).containsExactly("5 7 7 5 5 1 2 1");
    }

    @Test
    void pointersSurviveARoundTripThroughUnsignedLong() {
        assertThat(dmesgOfInit("""
                struct thing {
                	int a;
                	int b;
                };
                """, """
                	struct thing *t = kzalloc(sizeof(*t), GFP_KERNEL);
                	unsigned long cookie;
                	struct thing *back;
                	t->b = 77;
                	cookie = (unsigned long)t;
                	back = (struct thing *)cookie;
                	pr_info("%d %d %d", back->b, back == t, (unsigned long)&t->b - cookie);
                	kfree(back);
                """)).containsExactly("77 1 4");
    }

    @Test
    void sizeofFollowsTheX8664Abi() {
        assertThat(dmesgOfInit("""
                struct padded {
                	char c;
                	int i;
                	char d;
                };
                struct withptr {
                	char c;
                	void *p;
                };
                """, """
                	int arr[5];
                	long *lp;
                	struct padded pd;
                	pr_info("%lu %lu %lu %lu %lu %lu", sizeof(char), sizeof(short), sizeof(int), sizeof(long),
                		sizeof(void *), sizeof(unsigned long long));
                	pr_info("%lu %lu %lu %lu %lu", sizeof(struct padded), sizeof(struct withptr), sizeof(arr),
                		sizeof(*lp), sizeof pd.i);
                	pr_info("%lu %lu", offsetof(struct padded, d), offsetof(struct withptr, p));
                """)).containsExactly("1 2 4 8 8 8", "12 16 20 8 4", "8 8");
    }

    @Test
    void containerOfRecoversTheEnclosingStruct() {
        assertThat(dmesgOfInit("""
                struct member {
                	int m;
                };
                struct holder {
                	long before;
                	char pad[3];
                	struct member mem;
                	int after;
                };
                """, """
                	struct holder h;
                	struct member *mp = &h.mem;
                	struct holder *back;
                	h.after = 99;
                	back = container_of(mp, struct holder, mem);
                	pr_info("%d %d", back == &h, back->after);
                """)).containsExactly("1 99");
    }

    @Test
    void stringLiteralsPrintWithPercentS() {
        assertThat(dmesgOfInit("""
                static const char *greeting = "hello";
                static char buf[16] = "buf";
                """, """
                	const char *s = "world";
                	pr_info("%s, %s! [%s] %c %d %s", greeting, s, buf, "xyz"[1], (int)strlen(s), (char *)NULL);
                	pr_info("%.3s|%-6s|%6s|", "abcdef", "ab", "cd");
                	pr_info("%d %d", strcmp("abc", "abd") < 0, strcmp(s, "world"));
                """))
                .containsExactly("hello, world! [buf] y 5 (null)", "abc|ab    |    cd|", "1 0");
    }

    @Test
    void snprintfFormatsTruncatesAndReturnsTheFullLength() {
        assertThat(dmesgOfInit("", """
                	char buf[8];
                	char big[32];
                	int n = snprintf(buf, sizeof(buf), "irq%d-%s", 17, "device");
                	int m = snprintf(big, sizeof(big), "%s:%u:%x", "dev", 42, 255);
                	pr_info("%d [%s] %d [%s]", n, buf, m, big);
                """)).containsExactly("12 [irq17-d] 9 [dev:42:ff]");
    }

    @Test
    void globalPointersToGlobalsAndFunctionsAreRelocated() {
        assertThat(dmesgOfInit("""
                static int target = 41;
                static int *ptr = &target;
                static const char *names[] = { "zero", "one", "two" };
                static int twice(int v)
                {
                	return 2 * v;
                }
                static int (*op)(int) = twice;
                """, """
                	(*ptr)++;
                	pr_info("%d %s %d", target, names[2], op(21));
                """)).containsExactly("42 two 42");
    }

    @Test
    void aGlobalInitialisedWithTheAddressOfAnArrayElementIsAConstant() {
        assertThat(dmesgOfInit("""
                struct clk {
                	int rate;
                	struct clk *parent;
                };
                static int arr[3] = { 1, 2, 3 };
                static int *mid = &arr[1];
                static struct clk clks[2] = { { .rate = 100 }, { .rate = 50, .parent = &clks[0] } };
                """, """
                	pr_info("%d %d %d", *mid, mid[1], clks[1].parent->rate);
                """)).containsExactly("2 3 100");
    }

    @Test
    void percentPsPrintsTheSymbolOfAFunctionPointer() {
        List<String> d = dmesgOfInit("""
                static void helper(void)
                {
                }
                """, """
                	void (*fn)(void) = helper;
                	pr_info("%pS|%p", fn, NULL);
                """);
        assertThat(d).singleElement().satisfies(l -> assertThat(l).matches("helper\\+0x0/0x[0-9a-f]+ \\[lab\\]\\|0+"));
    }

    @Test
    void memcpyAndMemsetWorkOnStructsAndArrays() {
        assertThat(dmesgOfInit("""
                struct rec {
                	int id;
                	char tag[4];
                };
                """, """
                	struct rec a = { 9, "xy" };
                	struct rec b;
                	int nums[4];
                	memset(nums, 0xff, sizeof(nums));
                	memcpy(&b, &a, sizeof(a));
                	a.id = 1;
                	pr_info("%d %s %d %d", b.id, b.tag, nums[3], memcmp(&a, &b, sizeof(a)) != 0);
                """)).containsExactly("9 xy -1 1");
    }

    @Test
    void globalsWithNestedDesignatedInitializersAreLaidOut() {
        assertThat(dmesgOfInit("""
                struct limits {
                	int lo;
                	int hi;
                };
                struct config {
                	const char *name;
                	struct limits lim;
                	int vals[4];
                	unsigned long flags;
                };
                static struct config cfg = {
                	.name = "cfg",
                	.lim = { .hi = 20, .lo = 10 },
                	.vals = { [2] = 7, [0] = 5 },
                	.flags = 0x30,
                };
                static int counter = 3;
                static struct config zeroed;
                """, """
                	counter++;
                	pr_info("%s %d %d %d %d %d %d %lx", cfg.name, cfg.lim.lo, cfg.lim.hi, cfg.vals[0], cfg.vals[1],
                		cfg.vals[2], cfg.vals[3], cfg.flags);
                	pr_info("%d %d %lu", counter, zeroed.lim.hi, zeroed.flags);
                	pr_info("%d", zeroed.name == NULL);
                """)).containsExactly("cfg 10 20 5 0 7 0 30", "4 0 0", "1");
    }

    @Test
    void enumsAndDefinesOfTheKernelAreConstants() {
        assertThat(dmesgOfInit("""
                enum color { RED, GREEN = 5, BLUE };
                """, """
                	enum color c = BLUE;
                	pr_info("%d %d %d %d %d", RED, GREEN, c, -ENOMEM, IRQ_HANDLED);
                	pr_info("%d %d", true, false);
                """)).containsExactly("0 5 6 -12 1", "1 0");
    }

    @Test
    void errPtrValuesAreErrorsAndCarryTheirCode() {
        assertThat(dmesgOfInit("", """
                	void *e = ERR_PTR(-ENOMEM);
                	void *ok = kzalloc(8, GFP_KERNEL);
                	pr_info("%d %ld %d %d %d", IS_ERR(e), PTR_ERR(e), IS_ERR(ok), IS_ERR_OR_NULL(NULL), IS_ERR(NULL));
                	kfree(ok);
                """)).containsExactly("1 -12 0 1 0");
    }

    // ---- faults ----

    @Test
    void divisionByZeroOopsesWithADivideError() {
        RunResult r = Lab.init("", """
                	int zero = 0;
                	int x = 10 / zero;
                	pr_info("%d", x);
                """).run("insmod lab\nlsmod");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("oops");
        assertThat(report.title()).startsWith("divide error: 0000 [#1]");
        assertThat(report.context()).isEqualTo("insmod");
        assertThat(report.function()).isEqualTo("lab_init");
        assertThat(report.text()).contains("RIP: 0010:lab_init+");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).as("lsmod after the oops").isEmpty();
    }

    @Test
    void moduloByZeroOopsesToo() {
        RunResult r = Lab.init("", """
                	unsigned int zero = 0;
                	pr_info("%u", 10u % zero);
                """).run("insmod lab");
        assertThat(Lab.report(r).kind()).isEqualTo("oops");
        assertThat(Lab.report(r).title()).startsWith("divide error");
    }

    @Test
    void nullPointerDereferenceIsReportedWithTheFaultingAddress() {
        RunResult r = Lab.init("""
                struct s {
                	long a;
                	int b;
                };
                """, """
                	struct s *p = NULL;
                	pr_info("%d", p->b);
                """).run("insmod lab");
        Report report = Lab.faultAfterKasan(r);
        assertThat(report.kind()).isEqualTo("oops");
        assertThat(report.title()).isEqualTo("BUG: kernel NULL pointer dereference, address: 0000000000000008");
        assertThat(report.text())
                .contains(
                        "#PF: supervisor read access in kernel mode",
                        "#PF: error_code(0x0000) - not-present page",
                        "RIP: 0010:lab_init+");
        assertThat(report.function()).isEqualTo("lab_init");
    }

    @Test
    void nullPointerWriteIsAWriteAccessFault() {
        RunResult r = Lab.init("", """
                	int *p = NULL;
                	*p = 1;
                """).run("insmod lab");
        Report report = Lab.faultAfterKasan(r);
        assertThat(report.title()).startsWith("BUG: kernel NULL pointer dereference, address: 0000000000000000");
        assertThat(report.text())
                .contains("#PF: supervisor write access in kernel mode", "#PF: error_code(0x0002) - not-present page");
    }

    @Test
    void callingANullFunctionPointerIsAnInstructionFetchFault() {
        RunResult r = Lab.init("", """
                	void (*fn)(void) = NULL;
                	fn();
                """).run("insmod lab");
        Report report = Lab.report(r);
        assertThat(report.title()).startsWith("BUG: kernel NULL pointer dereference");
        assertThat(report.text()).contains("#PF: supervisor instruction fetch in kernel mode");
    }

    @Test
    void anInfiniteLoopInInitIsASoftLockupOfInsmodAndStopsTheRun() {
        RunResult r = Lab.init("", """
                	volatile int spin = 1;
                	while (spin)
                		;
                """).maxSteps(5_000).run("insmod lab\nlsmod");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("soft-lockup");
        assertThat(report.title()).matches("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! \\[insmod:\\d+\\]");
        assertThat(report.context()).isEqualTo("insmod");
        assertThat(r.output()).as("lsmod did not run").isEmpty();
        assertThat(Lab.events(r, "command")).hasSize(1);
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void unboundedRecursionOverflowsTheStack() {
        RunResult r = Lab.init("""
                static int down(int n)
                {
                	char pad[64];
                	pad[0] = n;
                	return down(n + 1) + pad[0];
                }
                """, "\tdown(0);").run("insmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("oops");
        assertThat(report.text()).contains("stack");
    }

    // ---- steps ----

    @Test
    void enteringEachStatementAndReturningAreOneStepEach() {
        RunResult r = Lab.init("""
                static int add(int a, int b)
                {
                	int c = a + b;

                	return c;
                }
                """, "\tpr_info(\"%d\", add(2, 3));").run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("5");
        List<TraceEvent> add = Lab.events(
                r,
                e -> "add".equals(e.function())
                        && "insmod".equals(e.context())
                        && List.of("enter", "statement", "return").contains(e.kind()));
        assertThat(add).extracting(TraceEvent::kind).containsExactly("enter", "statement", "statement", "return");
        assertThat(add).extracting(TraceEvent::line).containsExactly(2, 4, 6, 6);
        long enter = add.get(0).step();
        assertThat(add).extracting(TraceEvent::step).containsExactly(enter, enter + 1, enter + 2, enter + 3);
        // every step of the run is one of these boundaries: steps are numbered without gaps
        assertThat(r.steps()).isEqualTo(r.state().steps());
    }

    @Test
    void aStaticLocalNeverOverlapsAStringLiteralPlacedBeforeIt() {
        // LKMPG's chardev.c: a string literal in init, then device_open's "static int counter"
        assertThat(Lab.dmesgOfInit("""
                static int name_len(void)
                {
                	return strlen("chardev");
                }

                static int bump(void)
                {
                	static int counter = 0;

                	return ++counter;
                }
                """, """
                	bump();
                	pr_info("%d %d %s", name_len(), bump(), "chardev");
                """)).containsExactly("7 2 chardev");
    }

    @Test
    void bitFieldsPackAsGccPacksThemAndKeepOnlyTheirBits() {
        // gcc x86-64: ready:1, mode:3, count:12 and sign:4 share one 4-byte unit; wide:30 does not fit after
        // them and starts the next; ": 0" ends a unit; the char after it packs at byte 8
        assertThat(Lab.dmesgOfInit("""
                struct flags {
                	unsigned int ready : 1;
                	unsigned int mode : 3;
                	unsigned int count : 12;
                	int sign : 4;
                	unsigned int wide : 30;
                	unsigned int : 0;
                	unsigned char tail;
                };

                static struct flags gf = { .mode = 5, .sign = -2, .tail = 9 };
                """, """
                	struct flags f = { .count = 7, .sign = -1 };
                	unsigned int raw;

                	f.ready = 1;
                	f.mode = 9;
                	f.wide = 0x3fffffff;
                	f.count++;
                	f.sign -= 1;
                	memcpy(&raw, &f, sizeof(raw));
                	pr_info("%zu %u %u %u %d %x %x", sizeof(f), f.ready, f.mode, f.count, f.sign, f.wide, raw);
                	pr_info("%u %d %u %u", gf.mode, gf.sign, gf.ready, gf.tail);
                """)).containsExactly("12 1 1 8 -2 3fffffff e0083", "5 -2 0 9");
    }

    @Test
    void bitFieldMistakesAreGccsErrors() {
        Lab lab = Lab.init("""
                struct bad {
                	unsigned int a : 33;
                	int b : -1;
                	int c : 0;
                };
                """, """
                	struct { int x : 3; } s;
                	int *p = &s.x;
                """);
        assertThatThrownBy(() -> lab.run("insmod lab"))
                .isInstanceOf(CompileException.class)
                .message()
                .contains(
                        "error: width of 'a' exceeds its type", "error: negative width in bit-field 'b'",
                        "error: zero width for bit-field 'c'", "error: cannot take address of bit-field 'x'");
    }

    @Test
    void plainPercentPPrintsAHashedIdNotTheAddress() {
        // lib/vsprintf.c ptr_to_id: NULL and ERR_PTRs as they are, other pointers hashed to 32 bits
        List<String> d = Lab.dmesgOfInit("", """
                	int *p = kzalloc(sizeof(*p), GFP_KERNEL);

                	pr_info("%p %p", p, p);
                	pr_info("%p|%p|%px", NULL, ERR_PTR(-ENOMEM), p);
                	kfree(p);
                """);
        String[] ids = d.get(0).split(" ");
        assertThat(ids[0]).matches("00000000[0-9a-f]{8}").isEqualTo(ids[1]);
        String[] raw = d.get(1).split("\\|");
        assertThat(raw[0]).isEqualTo("0000000000000000");
        assertThat(raw[1]).isEqualTo("fffffffffffffff4");
        assertThat(raw[2]).isNotEqualTo(ids[0]).matches("ffff[0-9a-f]{12}");
    }

    @Test
    void sizeofAStringLiteralIsAConstantAtFileScope() {
        // LKMPG hello-debugfs-file.c: static size_t len = sizeof("...") - 1;
        assertThat(Lab.dmesgOfInit("static size_t len = sizeof(\"hello\\n\") - 1;", "\tpr_info(\"%zu\", len);"))
                .containsExactly("6");
    }

    @Test
    void aCallToAnUndeclaredFunctionIsACompileErrorAsInAKernelBuild() {
        Lab lab = Lab.init("", """
                	int *p = kzalloc(sizeof(*p), GFP_KERNEL);
                	mystery_helper(p, 3);
                	kfre(p);
                """);
        assertThatThrownBy(() -> lab.run("insmod lab"))
                .isInstanceOf(CompileException.class)
                .message()
                .contains(
                        "lab.c:6:2: error: implicit declaration of function 'mystery_helper' "
                                + "[-Werror=implicit-function-declaration]",
                        "lab.c:7:2: error: implicit declaration of function 'kfre'; did you mean 'kfree'? "
                                + "[-Werror=implicit-function-declaration]");
    }

    @Test
    void aDeclaredFunctionNothingDefinesIsModpostsUndefinedSymbol() {
        // a header declares what another module exports (LKMPG's vkbd.c and vinput.h): the module compiles, but
        // modpost finds the symbol nowhere
        Lab lab = Lab.init("int other_module_register(int id);\n", """
                	other_module_register(3);
                """);
        assertThatThrownBy(() -> lab.run("insmod lab"))
                .isInstanceOf(CompileException.class)
                .message()
                .contains("error: 'other_module_register' is declared but defined in no file of the module and not by"
                        + " the kernel (modpost: \"other_module_register\" [lab.ko] undefined!)")
                .doesNotContain("implicit declaration");
    }

    // ---- compile errors ----

    @Test
    void aSyntaxErrorIsACompileErrorNamingTheModuleFileAndLine() {
        Lab lab = Lab.driver("""
                #include <linux/module.h>
                static int __init lab_init(void)
                {
                	int x = 1
                	return x;
                }
                module_init(lab_init);
                """);
        assertThatThrownBy(() -> lab.run("insmod lab")).isInstanceOfSatisfying(CompileException.class, e -> {
            assertThat(e.diagnostics()).isNotEmpty();
            assertThat(e.diagnostics().get(0).file()).isEqualTo("lab.c");
            assertThat(e.diagnostics().get(0).line()).isEqualTo(5);
            assertThat(e.format()).contains("lab.c:5:");
        });
    }

    @Test
    void anUndeclaredVariableIsACompileError() {
        Lab lab = Lab.init("", "\tpr_info(\"%d\", undeclared_thing);");
        assertThatThrownBy(() -> lab.run("insmod lab"))
                .isInstanceOfSatisfying(
                        CompileException.class,
                        e -> assertThat(e.format()).contains("lab.c:").contains("undeclared_thing"));
    }
}

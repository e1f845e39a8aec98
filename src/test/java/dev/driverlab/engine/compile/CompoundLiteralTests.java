package dev.driverlab.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.kernel.Lab;
import org.junit.jupiter.api.Test;

/** C99 compound literals: unnamed objects of the enclosing block, as values, lvalues and initializers. */
class CompoundLiteralTests {

    @Test
    void structAndArrayLiteralsAsValuesLvaluesAndInitializers() {
        String src = """
                struct pt { int x, y; };
                static struct pt origin = (struct pt){ .x = 1, .y = 2 };
                static int sum(const int *v, int n) { int s = 0; while (n--) s += v[n]; return s; }
                static int dist(const struct pt *p) { return p->x + p->y; }
                static int __init lab_init(void)
                {
                	struct pt p = (struct pt){ .y = 5 };
                	struct pt q;
                	int *arr = (int[]){ 1, 2, 3, 4 };
                	q = (struct pt){ 7, 8 };
                	pr_info("%d %d %d %d", p.x, p.y, q.x + q.y, sum(arr, 4));
                	pr_info("%d %d %d", dist(&(struct pt){ 3, 4 }), origin.y, (struct pt){ .x = 9 }.x);
                	pr_info("%zu %d", sizeof((int[]){ 1, 2, 3 }), sum((int[]){ 10, 20 }, 2));
                	return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        assertThat(Lab.driverLog(Lab.driver(src).run("insmod lab"))).containsExactly("0 5 15 10", "7 2 9", "12 30");
    }

    @Test
    void eachLiteralIsAStackObjectOfItsOwnThatKasanGuards() {
        String src = """
                static int __init lab_init(void)
                {
                	int *a = (int[]){ 1, 2 };
                	int *b = (int[]){ 3, 4 };
                	pr_info("%d %d", a[1], b[0]);
                	return a[2];
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        var r = Lab.driver(src).run("insmod lab");
        assertThat(Lab.driverLog(r)).contains("2 3");
        assertThat(Lab.report(r).title()).contains("stack-out-of-bounds");
    }
}

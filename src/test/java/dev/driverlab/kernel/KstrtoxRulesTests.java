package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Strings to integers" (lib/kstrtox.c): the whole string must be the number (one trailing
 * newline allowed, as a sysfs store gets it), the base 0 autodetects, a value that does not fit its type is -ERANGE
 * and leaves the result untouched, and the *_from_user forms copy from the user's buffer first.
 */
class KstrtoxRulesTests {

    private static RunResult init(String body) {
        return Lab.init("", body).run("insmod lab");
    }

    @Test
    void theBaseIsAutodetectedAndOneNewlineIsAllowed() {
        RunResult r = init("""
                unsigned long long u = 0; long long s = 0; unsigned int x = 0; int i = 0;
                pr_info("%d %llu\\n", kstrtoull("0x1F\\n", 0, &u), u);
                pr_info("%d %lld\\n", kstrtoll("-017", 0, &s), s);
                pr_info("%d %u\\n", kstrtouint("+42", 10, &x), x);
                pr_info("%d %d\\n", kstrtoint("ff", 16, &i), i);
                return 0;
                """);
        assertThat(Lab.driverLog(r)).containsExactly("0 31", "0 -15", "0 42", "0 255");
    }

    @Test
    void anythingButTheNumberIsEinvalAndTheResultIsLeftAlone() {
        RunResult r = init("""
                int i = 7; unsigned int u = 7;
                pr_info("%d %d\\n", kstrtoint(" 1", 10, &i), i);
                pr_info("%d %d\\n", kstrtoint("1\\n\\n", 10, &i), i);
                pr_info("%d %d\\n", kstrtoint("", 10, &i), i);
                pr_info("%d %d\\n", kstrtoint("12abc", 10, &i), i);
                pr_info("%d %u\\n", kstrtouint("-1", 10, &u), u);
                pr_info("%d %d\\n", kstrtoint("9", 8, &i), i);
                return 0;
                """);
        assertThat(Lab.driverLog(r)).containsExactly("-22 7", "-22 7", "-22 7", "-22 7", "-22 7", "-22 7");
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsErange() {
        RunResult r = init("""
                u8 b = 1; s8 c = 1; u16 w = 1; s16 h = 1; int i = 1; unsigned long long u = 1; long long s = 1;
                pr_info("%d %u\\n", kstrtou8("256", 0, &b), b);
                pr_info("%d %u\\n", kstrtou8("255", 0, &b), b);
                pr_info("%d %d\\n", kstrtos8("-129", 0, &c), c);
                pr_info("%d %d\\n", kstrtos8("-128", 0, &c), c);
                pr_info("%d %u\\n", kstrtou16("65536", 0, &w), w);
                pr_info("%d %d\\n", kstrtos16("32767", 0, &h), h);
                pr_info("%d %d\\n", kstrtoint("2147483648", 0, &i), i);
                pr_info("%d %d\\n", kstrtoint("-2147483648", 0, &i), i);
                pr_info("%d %llu\\n", kstrtoull("18446744073709551616", 0, &u), u);
                pr_info("%d %llu\\n", kstrtoull("0xffffffffffffffff", 0, &u), u);
                pr_info("%d %lld\\n", kstrtoll("9223372036854775808", 0, &s), s);
                pr_info("%d %lld\\n", kstrtoll("-9223372036854775808", 0, &s), s);
                return 0;
                """);
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "-34 1",
                        "0 255",
                        "-34 1",
                        "0 -128",
                        "-34 1",
                        "0 32767",
                        "-34 1",
                        "0 -2147483648",
                        "-34 1",
                        "0 18446744073709551615",
                        "-34 1",
                        "0 -9223372036854775808");
    }

    @Test
    void theLongAndFixedWidthFormsFollowTheirTypes() {
        RunResult r = init("""
                unsigned long ul = 0; long l = 0; u32 a = 0; s64 b = 0;
                pr_info("%d %lu %d %ld\\n", kstrtoul("4096", 0, &ul), ul, kstrtol("-5", 0, &l), l);
                pr_info("%d %u %d %lld\\n", kstrtou32("4294967296", 0, &a), a, kstrtos64("-0x10", 0, &b), b);
                pr_info("%llu %u %d\\n", div_u64(1000, 7), U8_MAX, S16_MIN);
                return 0;
                """);
        assertThat(Lab.driverLog(r)).containsExactly("0 4096 0 -5", "-34 0 0 -16", "142 255 -32768");
    }

    /** A write handler in the style of a debugfs or proc store: the user's bytes, not NUL-terminated. */
    @Test
    void fromUserCopiesTheUsersBytesFirst() {
        RunResult r = Lab.driver("""
                        #include <linux/module.h>
                        #include <linux/proc_fs.h>

                        static int level;

                        static ssize_t level_write(struct file *f, const char __user *buf, size_t len, loff_t *off)
                        {
                        	int ret = kstrtoint_from_user(buf, len, 0, &level);

                        	if (ret)
                        		return ret;
                        	pr_info("level %d\\n", level);
                        	return len;
                        }

                        static const struct proc_ops level_ops = { .proc_write = level_write };

                        static int __init lab_init(void)
                        {
                        	proc_create("level", 0644, NULL, &level_ops);
                        	return 0;
                        }

                        static void __exit lab_exit(void)
                        {
                        	remove_proc_entry("level", NULL);
                        }

                        module_init(lab_init);
                        module_exit(lab_exit);
                        MODULE_LICENSE("GPL");
                        """).run("""
                        insmod lab
                        open /proc/level as sh
                        write sh "0x20\\n"
                        write sh "twelve"
                        close sh
                        rmmod lab
                        """);
        assertThat(Lab.driverLog(r)).contains("level 32").doesNotContain("level 12");
        assertThat(r.output()).anySatisfy(line -> assertThat(line).contains("EINVAL"));
    }
}

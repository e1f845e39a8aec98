package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Memory" (mm/util.c): the duplicators built on kmalloc. kstrndup and kmemdup_nul terminate
 * what they copy; memdup_user and friends return ERR_PTR(-EFAULT) for user memory that is not there, and
 * strndup_user ERR_PTR(-EINVAL) for a string longer than its limit.
 */
class UtilRulesTests {

    @Test
    void kstrndupAndKmemdupNulCopyAtMostTheirLengthAndTerminate() {
        assertThat(Lab.dmesgOfInit("#include <linux/slab.h>", """
                	char *a = kstrndup("hello world", 5, GFP_KERNEL);
                	char *b = kstrndup("hi", 50, GFP_KERNEL);
                	char *c = kmemdup_nul("abc\\0def", 7, GFP_KERNEL);

                	pr_info("%s|%s|%s|%d %d", a, b, c, kstrndup(NULL, 3, GFP_KERNEL) == NULL, c[4] == 'd');
                	kfree(a);
                	kfree(b);
                	kfree(c);
                	return 0;
                """)).containsExactly("hello|hi|abc|1 1");
    }

    @Test
    void aWriteHandlerTakesTheUsersBytesWithMemdupUserNul() {
        RunResult r = Lab.driver("""
                #include <linux/module.h>
                #include <linux/proc_fs.h>
                #include <linux/slab.h>

                static ssize_t lab_write(struct file *f, const char __user *buf, size_t len, loff_t *off)
                {
                	char *s = memdup_user_nul(buf, len);
                	char *t;

                	if (IS_ERR(s))
                		return PTR_ERR(s);
                	t = strndup_user(buf, 3);
                	pr_info("got '%s' (%zu), strndup_user %ld", s, strlen(s), IS_ERR(t) ? PTR_ERR(t) : 0L);
                	if (!IS_ERR(t))
                		kfree(t);
                	kfree(s);
                	return len;
                }

                static const struct proc_ops lab_ops = { .proc_write = lab_write };

                static int __init lab_init(void)
                {
                	proc_create("lab", 0644, NULL, &lab_ops);
                	return 0;
                }

                static void __exit lab_exit(void)
                {
                	remove_proc_entry("lab", NULL);
                }

                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """).run("insmod lab\nopen /proc/lab as sh\nwrite sh \"hello\"\nclose sh\nrmmod lab");
        // the user's 5 bytes have no NUL within strndup_user's 3: longer than allowed
        assertThat(Lab.driverLog(r)).containsExactly("got 'hello' (5), strndup_user -22");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void userMemoryThatIsNotThereIsEfault() {
        assertThat(Lab.dmesgOfInit("#include <linux/slab.h>", """
                	void *p = memdup_user((const void __user *)0x1000, 8);
                	char *s = strndup_user((const char __user *)0x1000, 8);

                	pr_info("%ld %ld", PTR_ERR(p), PTR_ERR(s));
                	return 0;
                """)).containsExactly("-14 -14");
    }
}

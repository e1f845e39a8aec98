package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.entered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScriptParser;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "ioctl" (fs/ioctl.c, include/uapi/asm-generic/ioctl.h): the {@code ioctl} script command
 * reaches ->unlocked_ioctl (or a /proc file's proc_ioctl) through vfs_ioctl with the argument in the process's
 * memory, and prints what strace prints.
 */
class IoctlRulesTests {

    /** /dev/lab with an ioctl per direction, numbered as _IOW('l', 1, int), _IOR('l', 2, int)... would number them. */
    static final String IOCTLS = """
            struct lab_pair {
            	int in;
            	int out;
            };

            static int val;

            static long lab_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
            {
            	struct lab_pair p;
            	char s[16];

            	switch (cmd) {
            	case 0x40046c01:	/* _IOW('l', 1, int) */
            		if (copy_from_user(&val, (int __user *)arg, sizeof(val)))
            			return -EFAULT;
            		pr_info("set %d", val);
            		return 0;
            	case 0x80046c02:	/* _IOR('l', 2, int) */
            		return copy_to_user((int __user *)arg, &val, sizeof(val)) ? -EFAULT : 0;
            	case 0xc0086c03:	/* _IOWR('l', 3, struct lab_pair) */
            		if (copy_from_user(&p, (void __user *)arg, sizeof(p)))
            			return -EFAULT;
            		p.out = p.in * 2;
            		return copy_to_user((void __user *)arg, &p, sizeof(p)) ? -EFAULT : 0;
            	case 0x6c04:		/* _IO('l', 4): the argument is the value */
            		val = arg;
            		return val + 1;
            	case 0x40086c05:	/* _IOW('l', 5, char *): a string */
            		if (strncpy_from_user(s, (char __user *)arg, sizeof(s)) < 0)
            			return -EFAULT;
            		pr_info("name %s", s);
            		return 0;
            	default:
            		return -ENOIOCTLCMD;
            	}
            }

            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
            	pr_info("nonblock %d", !!(file->f_flags & O_NONBLOCK));
            	return 0;
            }

            static const struct file_operations lab_fops = {
            	.owner = THIS_MODULE,
            	.unlocked_ioctl = lab_ioctl,
            	.read = lab_read,
            };

            static struct miscdevice lab_misc = {
            	.minor = MISC_DYNAMIC_MINOR,
            	.name = "lab",
            	.fops = &lab_fops,
            };
            """;

    static Lab misc(String decls) {
        return Lab.module(decls, "\treturn misc_register(&lab_misc);", "\tmisc_deregister(&lab_misc);");
    }

    private static RunResult run(String decls, String commands) {
        return misc(decls).run("insmod lab\nopen /dev/lab as A\n" + commands);
    }

    @Test
    void anIowCommandHandsTheDriverTheValueThePointerPointsTo() {
        RunResult r = run(IOCTLS, "ioctl A _IOW('l', 1, int) &42");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("set 42");
        assertThat(r.output()).contains("A: ioctl(3, _IOC(_IOC_WRITE, 0x6c, 0x1, 0x4), \"\\x2a\\x00\\x00\\x00\") = 0");
        assertThat(entered(r)).containsSubsequence("ksys_ioctl", "do_vfs_ioctl", "vfs_ioctl", "lab_ioctl");
    }

    @Test
    void anIorCommandFillsTheProcessBufferWhichStraceShowsAfterTheCall() {
        RunResult r = run(IOCTLS, "ioctl A _IOW('l', 1, signed int) &7\nioctl A _IOR('l', 2, unsigned)");
        assertThat(r.output()).contains("A: ioctl(3, _IOC(_IOC_READ, 0x6c, 0x2, 0x4), \"\\x07\\x00\\x00\\x00\") = 0");
    }

    @Test
    void anIowrCommandIsShownBeforeAndAfterWithTheSizeOfTheDriversStruct() {
        RunResult r = run(IOCTLS, "ioctl A _IOWR('l', 3, struct lab_pair) &21");
        assertThat(r.output())
                .contains(
                        "A: ioctl(3, _IOC(_IOC_READ|_IOC_WRITE, 0x6c, 0x3, 0x8), "
                                + "\"\\x15\\x00\\x00\\x00\\x00\\x00\\x00\\x00\" => \"\\x15\\x00\\x00\\x00\\x2a\\x00\\x00\\x00\") = 0");
    }

    @Test
    void anIoCommandPassesItsArgumentByValueAndReturnsWhatTheDriverReturns() {
        RunResult r = run(IOCTLS, "ioctl A _IO('l', 4) 5");
        assertThat(r.output()).contains("A: ioctl(3, _IOC(_IOC_NONE, 0x6c, 0x4, 0), 0x5) = 6");
        RunResult numeric = run(IOCTLS, "ioctl A 0x6c04 5\nioctl A 27652 -1");
        assertThat(numeric.output())
                .contains(
                        "A: ioctl(3, _IOC(_IOC_NONE, 0x6c, 0x4, 0), 0x5) = 6",
                        "A: ioctl(3, _IOC(_IOC_NONE, 0x6c, 0x4, 0), 0xffffffffffffffff) = 0");
    }

    @Test
    void aStringArgumentIsAPointerToTheTextInTheProcesssMemory() {
        RunResult r = run(IOCTLS, "ioctl A _IOW('l', 5, char *) \"sensor\"");
        assertThat(Lab.driverLog(r)).containsExactly("name sensor");
        assertThat(r.output())
                .contains("A: ioctl(3, _IOC(_IOC_WRITE, 0x6c, 0x5, 0x8), "
                        + "\"\\x73\\x65\\x6e\\x73\\x6f\\x72\\x00\\x00\") = 0");
    }

    @Test
    void anUnknownCommandOrAFileWithoutIoctlIsEnotty() {
        RunResult unknown = run(IOCTLS, "ioctl A _IO('l', 9)");
        assertThat(unknown.output())
                .as("-ENOIOCTLCMD from the driver becomes -ENOTTY in vfs_ioctl")
                .contains("A: ioctl(3, _IOC(_IOC_NONE, 0x6c, 0x9, 0), 0) = -1 ENOTTY (Inappropriate ioctl for device)");

        RunResult none = run(IOCTLS.replace(".unlocked_ioctl = lab_ioctl,", ""), "ioctl A _IO('l', 4) 5");
        assertThat(none.output())
                .contains(
                        "A: ioctl(3, _IOC(_IOC_NONE, 0x6c, 0x4, 0), 0x5) = -1 ENOTTY (Inappropriate ioctl for device)");
        assertThat(entered(none)).contains("vfs_ioctl").doesNotContain("lab_ioctl");
    }

    @Test
    void fionbioIsAnsweredByDoVfsIoctlAndNeverReachesTheDriver() {
        RunResult r = run(IOCTLS, "ioctl A 0x5421 &1\nread A\nioctl A 0x5421 &0\nread A");
        assertThat(r.output()).contains("A: ioctl(3, FIONBIO, [1]) = 0", "A: ioctl(3, FIONBIO, [0]) = 0");
        assertThat(Lab.driverLog(r)).containsExactly("nonblock 1", "nonblock 0");
        assertThat(entered(r)).doesNotContain("lab_ioctl");
    }

    @Test
    void aProcFilesProcIoctlIsCalledThroughProcRegUnlockedIoctl() {
        RunResult r = Lab.module(
                        """
                static long lab_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
                {
                	return cmd == 0x6c04 ? arg * 2 : -ENOTTY;
                }

                static const struct proc_ops lab_ops = {
                	.proc_ioctl = lab_ioctl,
                };
                """,
                        "\treturn proc_create(\"lab\", 0666, NULL, &lab_ops) ? 0 : -ENOMEM;",
                        "\tremove_proc_entry(\"lab\", NULL);")
                .run("insmod lab\nopen /proc/lab as A\nioctl A _IO('l', 4) 21");
        assertThat(r.output()).contains("A: ioctl(3, _IOC(_IOC_NONE, 0x6c, 0x4, 0), 0x15) = 42");
        assertThat(entered(r)).containsSubsequence("vfs_ioctl", "proc_reg_unlocked_ioctl", "lab_ioctl");
    }

    @Test
    void theScriptChecksTheCommandsSyntaxAndTheEngineItsType() {
        assertThatThrownBy(() -> ScriptParser.parse("s", "ioctl A"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("usage: ioctl NAME CMD [ARG]");
        assertThatThrownBy(() -> ScriptParser.parse("s", "ioctl A _IOR('l', 1)"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("_IOR takes (type, nr, TYPE)");
        assertThatThrownBy(() -> ScriptParser.parse("s", "ioctl A frob"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("ioctl command expected");
        assertThatThrownBy(() -> ScriptParser.parse("s", "ioctl A 3 &x"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("ioctl argument expected");
        RunResult r = run(IOCTLS, "ioctl A _IOR('l', 2, struct nowhere)");
        assertThat(r.error()).contains("unknown type 'struct nowhere' in _IOR(...)");
    }
}

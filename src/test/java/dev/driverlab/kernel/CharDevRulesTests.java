package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static dev.driverlab.kernel.Lab.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Char devices and files" (fs/char_dev.c, fs/open.c, fs/file_table.c, drivers/char/misc.c,
 * fs/proc/inode.c): the paths drivers create, chrdev_open's references, __fput's order, cdev_del with files open,
 * /proc files; and the script's process commands on bad input.
 */
class CharDevRulesTests {

    /** fops whose open prints the counts it sees, whose release prints the module count, and a read of "hi". */
    private static final String FOPS = """
            static int fail_open;

            static int lab_open(struct inode *inode, struct file *file)
            {
                pr_info("open module %d", module_refcount(THIS_MODULE));
                if (fail_open)
                    return -EBUSY;
                return 0;
            }

            static int lab_release(struct inode *inode, struct file *file)
            {
                pr_info("release module %d", module_refcount(THIS_MODULE));
                return 0;
            }

            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
                if (copy_to_user(buf, "hi", 2))
                    return -EFAULT;
                return 2;
            }

            static const struct file_operations lab_fops = {
                .owner = THIS_MODULE,
                .open = lab_open,
                .read = lab_read,
                .release = lab_release,
            };
            """;

    /** A char region "labregion" with a static cdev (no owner set: only the fops pin the module). */
    private static final Lab REGION = Lab.module(FOPS + """
            static dev_t devt;
            static struct cdev lab_cdev;
            """, """
                int err = alloc_chrdev_region(&devt, 0, 1, "labregion");

                if (err)
                    return err;
                cdev_init(&lab_cdev, &lab_fops);
                return cdev_add(&lab_cdev, devt, 1);
            """, """
                cdev_del(&lab_cdev);
                unregister_chrdev_region(devt, 1);
            """);

    private static String opened(String process, String path) {
        return process + ": open(\"" + path + "\", O_RDWR) = 3";
    }

    /** cat and echo exit with status 1 after a call that failed, as coreutils and the shell do; 0 otherwise. */
    @Test
    void catAndEchoExitWithOneAfterAFailedCall() {
        RunResult r = Lab.init("", "")
                .run(
                        "insmod lab\ncat /proc/nothing\ncat /sys/module/lab/initstate\necho 1 > /sys/module/lab/initstate");
        assertThat(r.output())
                .containsSubsequence(
                        "cat: open(\"/proc/nothing\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                        "cat: +++ exited with 1 +++",
                        "cat: +++ exited with 0 +++")
                .anyMatch(l -> l.matches("echo: open\\(.*\\) = -1 EACCES .*"))
                .last()
                .isEqualTo("echo: +++ exited with 1 +++");
    }

    @Test
    void registerChrdevAllocChrdevRegionMiscRegisterAndProcCreateMakeTheirPaths() {
        Lab lab = Lab.module(FOPS + """
                static int major;
                static dev_t devt;
                static struct cdev lab_cdev;
                static struct miscdevice lab_misc = {
                    .minor = MISC_DYNAMIC_MINOR,
                    .name = "labmisc",
                    .fops = &lab_fops,
                };
                static const struct proc_ops lab_pops = {
                    .proc_open = lab_open,
                    .proc_release = lab_release,
                };
                """, """
                    major = register_chrdev(0, "labchr", &lab_fops);
                    alloc_chrdev_region(&devt, 0, 1, "labregion");
                    cdev_init(&lab_cdev, &lab_fops);
                    cdev_add(&lab_cdev, devt, 1);
                    misc_register(&lab_misc);
                    proc_create("labproc", 0644, NULL, &lab_pops);
                    return 0;
                """, "");
        RunResult r = lab.run("""
                open /dev/labchr as Z
                insmod lab
                open /dev/labchr as A
                open /dev/labregion as B
                open /dev/labmisc as C
                open /proc/labproc as D
                """);
        assertThat(r.output())
                .as(describe(r))
                .containsExactly(
                        "Z: open(\"/dev/labchr\", O_RDWR) = -1 ENOENT (No such file or directory)",
                        opened("A", "/dev/labchr"),
                        opened("B", "/dev/labregion"),
                        opened("C", "/dev/labmisc"),
                        opened("D", "/proc/labproc"));
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void deviceCreateMakesTheDevNodeItNames() {
        Lab lab = Lab.module(FOPS + """
                static dev_t devt;
                static struct cdev lab_cdev;
                static struct class *lab_class;
                """, """
                    alloc_chrdev_region(&devt, 0, 1, "labregion");
                    cdev_init(&lab_cdev, &lab_fops);
                    cdev_add(&lab_cdev, devt, 1);
                    lab_class = class_create("labclass");
                    device_create(lab_class, NULL, devt, NULL, "labnode%d", 0);
                    return 0;
                """, """
                    device_destroy(lab_class, devt);
                    class_destroy(lab_class);
                    cdev_del(&lab_cdev);
                    unregister_chrdev_region(devt, 1);
                """);
        RunResult r =
                lab.run("insmod lab\nopen /dev/labnode0 as A\nread A\nclose A\nrmmod lab\nopen /dev/labnode0 as B");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .containsExactly(
                        opened("A", "/dev/labnode0"),
                        "A: read(3, \"hi\", 4096) = 2",
                        "A: close(3) = 0",
                        "B: open(\"/dev/labnode0\", O_RDWR) = -1 ENOENT (No such file or directory)");
    }

    /** A class and a device in it; EXIT is the exit's body. */
    private static Lab classDevice(String create, String exit) {
        return Lab.module(FOPS + """
                static dev_t devt;
                static struct class *lab_class;
                """, """
                    alloc_chrdev_region(&devt, 0, 1, "labregion");
                    lab_class = CREATE;
                    if (IS_ERR(lab_class))
                        return PTR_ERR(lab_class);
                    device_create(lab_class, NULL, devt, NULL, "labnode");
                    return 0;
                """.replace("CREATE", create), exit + "\n\tunregister_chrdev_region(devt, 1);");
    }

    @Test
    void deviceDestroyFindsTheDeviceThroughItsClassAndClassDestroyFreesTheClassAtOnce() {
        // drivers/base/core.c: device_destroy -> class_find_device_by_devt -> class_find_device (6.1's two-argument
        // class_create as well as 6.4's one-argument form).
        RunResult r = classDevice(
                        "class_create(THIS_MODULE, \"labclass\")",
                        "\tdevice_destroy(lab_class, devt);\n\tclass_destroy(lab_class);")
                .run("insmod lab\nrmmod lab\n" + "open /dev/labnode as A");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.entered(r))
                .containsSubsequence(
                        "device_destroy",
                        "class_find_device",
                        "device_match_devt",
                        "device_unregister",
                        "class_destroy",
                        "class_unregister",
                        "kset_unregister",
                        "class_release",
                        "class_create_release");
        assertThat(r.output())
                .containsExactly("A: open(\"/dev/labnode\", O_RDWR) = -1 ENOENT (No such file or directory)");
    }

    @Test
    void classDestroyBeforeDeviceDestroyIsAUseAfterFreeInClassFindDevice() {
        // class_destroy -> class_unregister -> kset_unregister: the last put runs class_release, which frees the
        // subsys_private and (class_create_release) the class itself; device_destroy then reads class->p in
        // class_find_device. The real 6.1.192 with KASAN: "BUG: KASAN: use-after-free in class_find_device".
        RunResult r = classDevice(
                        "class_create(\"labclass\")", "\tclass_destroy(lab_class);\n\tdevice_destroy(lab_class, devt);")
                .run("insmod lab\nrmmod lab");
        Report report = Lab.report(r);
        assertThat(report.title()).startsWith("BUG: KASAN: use-after-free in class_find_device+");
        assertThat(report.function()).isEqualTo("class_find_device");
        assertThat(report.text())
                .contains("Read of size 8 at addr ")
                .contains(" device_destroy+")
                .contains(" class_create_release+")
                .contains(" kset_unregister+");
    }

    @Test
    void openingAPathThatDoesNotExistPrintsEnoentAndIsNoError() {
        RunResult r = REGION.run("insmod lab\nopen /dev/nothing as A\nopen /proc/nothing as B");
        assertThat(r.output())
                .containsExactly(
                        "A: open(\"/dev/nothing\", O_RDWR) = -1 ENOENT (No such file or directory)",
                        "B: open(\"/proc/nothing\", O_RDWR) = -1 ENOENT (No such file or directory)");
        assertThat(r.error()).isNull();
        assertThat(r.reports()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(events(r, "enter", "lab_open")).isEmpty();
    }

    @Test
    void chrdevOpenTakesACdevKobjectReferenceAndTheFopsOwnerModuleBeforeCallingOpen() {
        RunResult r = REGION.run("insmod lab\nopen /dev/labregion as A\nlsmod");
        assertThat(r.output()).hasSize(3);
        assertThat(r.output().get(2)).matches("lab +\\d+  1");
        assertThat(events(r, "refcount", "module lab"))
                .extracting(TraceEvent::from, TraceEvent::to)
                .containsExactly(tuple(0L, 1L));
        assertThat(events(r, "refcount", "lab_cdev"))
                .extracting(TraceEvent::from, TraceEvent::to)
                .containsExactly(tuple(0L, 1L), tuple(1L, 2L));
        long openEnter = first(r, "enter", "lab_open");
        assertThat(last(r, "refcount", "lab_cdev")).isLessThan(openEnter);
        assertThat(first(r, "refcount", "module lab")).isLessThan(openEnter);
        assertThat(Lab.driverLog(r)).containsExactly("open module 1");
        assertThat(Lab.moduleView(r, "lab").refcount()).isEqualTo(1);
    }

    @Test
    void theLastCloseRunsReleaseBeforeTheModuleCountDrops() {
        RunResult r = REGION.run("insmod lab\nopen /dev/labregion as A\nclose A\nlsmod");
        long releaseReturn = first(r, "return", "lab_release");
        TraceEvent drop = events(r, "refcount", "module lab").stream()
                .filter(e -> e.to() < e.from())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no drop of module lab: " + describe(r)));
        assertThat(releaseReturn).isLessThan(drop.seq());
        assertThat(drop.context()).isEqualTo("A");
        assertThat(Lab.driverLog(r)).containsExactly("open module 1", "release module 1");
        assertThat(events(r, "refcount", "lab_cdev"))
                .extracting(TraceEvent::from, TraceEvent::to)
                .as("the file's cdev reference goes after release too")
                .containsExactly(tuple(0L, 1L), tuple(1L, 2L), tuple(2L, 1L));
        assertThat(last(r, "refcount", "lab_cdev")).isGreaterThan(releaseReturn);
        assertThat(r.output()).contains("A: close(3) = 0");
        assertThat(r.output().get(r.output().size() - 1)).matches("lab +\\d+  0");
    }

    @Test
    void cdevDelWithAFileOpenKeepsThatFileWorkingButANewOpenFailsWithEnxio() {
        String source = Lab.platformDriver(FOPS + """
                static dev_t devt;
                static struct cdev lab_cdev;
                """, """
                	int err = alloc_chrdev_region(&devt, 0, 1, "labregion");

                	if (err)
                		return err;
                	cdev_init(&lab_cdev, &lab_fops);
                	return cdev_add(&lab_cdev, devt, 1);
                """, """
                	cdev_del(&lab_cdev);
                	return 0;
                """);
        RunResult r = Lab.driver(source).device("my_device", null).run("""
                insmod lab
                open /dev/labregion as A
                unbind my_device
                read A
                open /dev/labregion as B
                close A
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .containsExactly(
                        opened("A", "/dev/labregion"),
                        "A: read(3, \"hi\", 4096) = 2",
                        "B: open(\"/dev/labregion\", O_RDWR) = -1 ENXIO (No such device or address)",
                        "A: close(3) = 0");
        assertThat(events(r, "enter", "lab_open"))
                .extracting(TraceEvent::context)
                .containsExactly("A");
        assertThat(events(r, "refcount", "lab_cdev"))
                .extracting(TraceEvent::context, TraceEvent::to)
                .as("cdev_add's reference goes in cdev_del, the file's at its close")
                .containsExactly(tuple("insmod", 1L), tuple("A", 2L), tuple("unbind", 1L), tuple("A", 0L));
    }

    @Test
    void aFailingOpenDropsTheReferencesChrdevOpenTook() {
        RunResult r = REGION.run("insmod lab\nopen /dev/labregion as A\nlsmod");
        RunResult failing = Lab.driver(REGION.source().replace("static int fail_open;", "static int fail_open = 1;"))
                .run("insmod lab\nopen /dev/labregion as A\nlsmod");
        assertThat(r.output().get(2)).matches("lab +\\d+  1");
        assertThat(failing.output()).hasSize(3);
        assertThat(failing.output().get(0))
                .isEqualTo("A: open(\"/dev/labregion\", O_RDWR) = -1 EBUSY (Device or resource busy)");
        assertThat(failing.output().get(2)).matches("lab +\\d+  0");
        assertThat(events(failing, "refcount", "module lab"))
                .extracting(TraceEvent::from, TraceEvent::to)
                .containsExactly(tuple(0L, 1L), tuple(1L, 0L));
        assertThat(events(failing, "refcount", "lab_cdev"))
                .extracting(TraceEvent::from, TraceEvent::to)
                .containsExactly(tuple(0L, 1L), tuple(1L, 2L), tuple(2L, 1L));
        assertThat(events(failing, "enter", "lab_release"))
                .as("release is for opened files only")
                .isEmpty();
        assertThat(failing.reports()).isEmpty();
    }

    private static final Lab PROC = Lab.module("""
            static int p_open(struct inode *inode, struct file *file)
            {
                pr_info("proc open module %d", module_refcount(THIS_MODULE));
                return 0;
            }

            static int p_release(struct inode *inode, struct file *file)
            {
                pr_info("proc release");
                return 0;
            }

            static const struct proc_ops lab_pops = {
                .proc_open = p_open,
                .proc_release = p_release,
            };
            """, """
                if (!proc_create("labproc", 0644, NULL, &lab_pops))
                    return -ENOMEM;
                return 0;
            """, """
                remove_proc_entry("labproc", NULL);
                pr_info("removed");
            """);

    @Test
    void procFilesDoNotPinTheModule() {
        RunResult r = PROC.run("insmod lab\nopen /proc/labproc as A\nlsmod\nrmmod lab\nlsmod");
        assertThat(r.output()).hasSize(4);
        assertThat(r.output().get(0)).isEqualTo(opened("A", "/proc/labproc"));
        assertThat(r.output().get(2)).matches("lab +\\d+  0");
        assertThat(r.output().get(3)).isEqualTo("Module                  Size  Used by");
        assertThat(events(r, "refcount", "module lab")).isEmpty();
        assertThat(Lab.moduleView(r, "lab").state()).isEqualTo("UNLOADED");
        assertThat(Lab.driverLog(r)).startsWith("proc open module 0");
    }

    @Test
    void removeProcEntryRunsProcReleaseForTheFilesStillOpenAndTheLaterCloseDoesNotRunItAgain() {
        RunResult r = PROC.run("insmod lab\nopen /proc/labproc as A\nrmmod lab\nclose A\nopen /proc/labproc as B");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(events(r, "enter", "p_release"))
                .extracting(TraceEvent::context)
                .containsExactly("rmmod");
        assertThat(first(r, "enter", "p_release")).isLessThan(first(r, "module-state", "GOING -> UNLOADED"));
        assertThat(Lab.driverLog(r)).containsExactly("proc open module 0", "proc release", "removed");
        assertThat(r.output())
                .containsExactly(
                        opened("A", "/proc/labproc"),
                        "A: close(3) = 0",
                        "B: open(\"/proc/labproc\", O_RDWR) = -1 ENOENT (No such file or directory)");
    }

    @Test
    void removeProcEntryWaitsForAReleaseInsideTheModuleBeforeTheModuleGoes() {
        // fs/proc/inode.c: proc_entry_rundown waits for callers inside proc_ops and for closes in progress
        RunResult r =
                PROC.run("insmod lab\nopen /proc/labproc as A\nbreak p_release\nclose A\nrmmod lab\n" + "continue A");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(events(r, "enter", "p_release"))
                .extracting(TraceEvent::context)
                .containsExactly("A");
        assertThat(first(r, "module-state", "GOING -> UNLOADED")).isGreaterThan(first(r, "resumed", "A"));
        assertThat(Lab.driverLog(r)).containsExactly("proc open module 0", "proc release", "removed");
    }

    // ---- bad input ----

    @Test
    void closeOfAProcessThatHoldsNoFileStopsTheRunNamingTheScriptLine() {
        RunResult r = REGION.run("insmod lab\nopen /dev/nothing as A\nclose A\nlsmod");
        assertThat(r.error()).isEqualTo("script:3: error: A holds no open file");
        assertThat(r.output())
                .containsExactly("A: open(\"/dev/nothing\", O_RDWR) = -1 ENOENT (No such file or directory)");
        assertThat(r.exitCode()).isEqualTo(2);

        RunResult nobody = REGION.run("insmod lab\nclose B");
        assertThat(nobody.error()).isEqualTo("script:2: error: no process named 'B'");
    }

    @Test
    void killOfAnUnknownProcessStopsTheRunNamingTheScriptLine() {
        RunResult r = REGION.run("insmod lab\nopen /dev/labregion as A\nkill B SIGINT\nclose A");
        assertThat(r.error()).isEqualTo("script:3: error: no process named 'B'");
        assertThat(r.output()).containsExactly(opened("A", "/dev/labregion"));
        assertThat(events(r, "signal")).isEmpty();
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void anOpenSeesTheFlagsTheCallerPassed() {
        RunResult r = Lab.module(
                        """
                        static int lab_open(struct inode *inode, struct file *file)
                        {
                        	pr_info("acc %d trunc %d creat %d append %d nonblock %d", file->f_flags & O_ACCMODE,
                        		!!(file->f_flags & O_TRUNC), !!(file->f_flags & O_CREAT),
                        		!!(file->f_flags & O_APPEND), !!(file->f_flags & O_NONBLOCK));
                        	return 0;
                        }

                        static ssize_t lab_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
                        {
                        	pr_info("write: trunc %d creat %d", !!(file->f_flags & O_TRUNC), !!(file->f_flags & O_CREAT));
                        	return len;
                        }

                        static const struct proc_ops lab_ops = { .proc_open = lab_open, .proc_write = lab_write };
                        """,
                        "\treturn proc_create(\"lab\", 0666, NULL, &lab_ops) ? 0 : -ENOMEM;",
                        "\tremove_proc_entry(\"lab\", NULL);")
                .run("insmod lab\necho x > /proc/lab\ncat /proc/lab\nopen /proc/lab nonblock as B");
        // the shell's > is O_WRONLY|O_CREAT|O_TRUNC (include/uapi/asm-generic/fcntl.h's values); do_dentry_open
        // clears O_CREAT, O_EXCL, O_NOCTTY and O_TRUNC once ->open has seen them
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "acc 1 trunc 1 creat 1 append 0 nonblock 0",
                        "write: trunc 0 creat 0",
                        "acc 0 trunc 0 creat 0 append 0 nonblock 0",
                        "acc 2 trunc 0 creat 0 append 0 nonblock 1");
    }
}

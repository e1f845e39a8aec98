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
 * docs/kernel-model.md, "kref, kobject, refcount_t" (lib/refcount.c, lib/kobject.c, drivers/base/core.c) and the
 * module use count (kernel/module/main.c) as files and drivers move it.
 */
class RefcountRulesTests {

    private static final String OBJ = """
            struct obj {
                struct kref kref;
                int v;
            };

            static void obj_release(struct kref *kref)
            {
                struct obj *o = container_of(kref, struct obj, kref);

                pr_info("release %d", o->v);
                kfree(o);
            }
            """;

    @Test
    void krefInitGetAndPutCountAndTheLastPutCallsRelease() {
        RunResult r = Lab.module(OBJ, """
                    struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

                    o->v = 7;
                    kref_init(&o->kref);
                    kref_get(&o->kref);
                    pr_info("put %d", kref_put(&o->kref, obj_release));
                    pr_info("read %d", kref_read(&o->kref));
                    pr_info("put %d", kref_put(&o->kref, obj_release));
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("put 0", "read 1", "release 7", "put 1");
        assertThat(events(r, "refcount", "struct obj"))
                .extracting(TraceEvent::from, TraceEvent::to)
                .containsExactly(tuple(0L, 1L), tuple(1L, 2L), tuple(2L, 1L), tuple(1L, 0L));
        assertThat(events(r, "enter", "obj_release")).hasSize(1);
        assertThat(first(r, "enter", "obj_release")).isGreaterThan(last(r, "refcount", "struct obj"));
        assertThat(first(r, "free", "kfree")).isGreaterThan(first(r, "enter", "obj_release"));
    }

    @Test
    void krefPutOnACountOfZeroIsARefcountUnderflowAndDoesNotReleaseAgain() {
        RunResult r = Lab.module("""
                static struct kref k;

                static void k_release(struct kref *kref)
                {
                    pr_info("released");
                }
                """, """
                    kref_init(&k);
                    kref_put(&k, k_release);
                    kref_put(&k, k_release);
                    return 0;
                """, "").run("insmod lab");
        assertThat(Lab.driverLog(r)).as("the first put releases").startsWith("released");
        assertThat(events(r, "enter", "k_release")).hasSize(1);
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("refcount");
        assertThat(report.text())
                .contains("------------[ cut here ]------------\nrefcount_t: underflow; use-after-free.")
                .contains("refcount_warn_saturate");
        assertThat(report.title()).isEqualTo("refcount_t: underflow; use-after-free.");
    }

    @Test
    void refcountIncOnZeroIsAnAdditionOnZero() {
        RunResult r = Lab.module("""
                struct thing {
                    refcount_t refs;
                };
                """, """
                    struct thing *t = kzalloc(sizeof(*t), GFP_KERNEL);

                    refcount_set(&t->refs, 1);
                    pr_info("last %d", refcount_dec_and_test(&t->refs));
                    refcount_inc(&t->refs);
                    pr_info("not reached");
                    return 0;
                """, "").run("insmod lab");
        assertThat(Lab.driverLog(r)).startsWith("last 1").doesNotContain("not reached");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("refcount");
        assertThat(report.text())
                .contains("refcount_t: addition on 0; use-after-free.")
                .contains("WARNING: CPU: 0 PID: ")
                .contains("refcount_warn_saturate");
        assertThat(report.title()).isEqualTo("refcount_t: addition on 0; use-after-free.");
    }

    @Test
    void getDeviceAndPutDeviceCountTheDevicesKobjectAndTheLastPutCallsItsRelease() {
        RunResult r = Lab.module("""
                static void lab_dev_release(struct device *dev)
                {
                    pr_info("device release");
                    kfree(dev);
                }
                """, """
                    struct device *d = kzalloc(sizeof(*d), GFP_KERNEL);

                    device_initialize(d);
                    d->release = lab_dev_release;
                    get_device(d);
                    put_device(d);
                    pr_info("one put");
                    put_device(d);
                    pr_info("last put");
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("one put", "device release", "last put");
        assertThat(events(r, "refcount", "struct device"))
                .extracting(TraceEvent::from, TraceEvent::to)
                .containsExactly(tuple(0L, 1L), tuple(1L, 2L), tuple(2L, 1L), tuple(1L, 0L));
        assertThat(first(r, "enter", "lab_dev_release")).isGreaterThan(last(r, "refcount", "struct device"));
    }

    @Test
    void theLastPutOfADeviceWithoutReleaseWarnsThatItIsBroken() {
        RunResult r = Lab.module("", """
                    struct device *d = kzalloc(sizeof(*d), GFP_KERNEL);

                    d->init_name = "labdev";
                    device_initialize(d);
                    put_device(d);
                    pr_info("after");
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as("a WARN, not a crash: " + describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .contains("Device 'labdev' does not have a release() function, it is broken and must be"
                        + " fixed. See Documentation/core-api/kobject.rst.");
        assertThat(Lab.driverLog(r).get(Lab.driverLog(r).size() - 1)).isEqualTo("after");
        assertThat(events(r, "warning", "does not have a release() function")).hasSize(1);
    }

    private static final String MISC = """
            static int lab_open(struct inode *inode, struct file *file)
            {
                if (!try_module_get(THIS_MODULE))
                    return -ENODEV;
                return 0;
            }

            static int lab_release(struct inode *inode, struct file *file)
            {
                module_put(THIS_MODULE);
                return 0;
            }

            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
                if (copy_to_user(buf, "ok", 2))
                    return -EFAULT;
                return 2;
            }

            static const struct file_operations lab_fops = {
                .owner = THIS_MODULE,
                .open = lab_open,
                .read = lab_read,
                .release = lab_release,
            };

            static struct miscdevice lab_misc = {
                .minor = MISC_DYNAMIC_MINOR,
                .name = "lab",
                .fops = &lab_fops,
            };
            """;

    private static final Lab MISC_LAB = Lab.module(
            MISC, "\treturn misc_register(&lab_misc);", "\tmisc_deregister(&lab_misc);\n\tpr_info(\"exit\");");

    @Test
    void tryModuleGetAndModulePutInOpenAndReleaseMoveTheCountLsmodShows() {
        RunResult r = MISC_LAB.run("insmod lab\nopen /dev/lab as A\nlsmod\nclose A\nlsmod");
        assertThat(r.output()).hasSize(6);
        assertThat(r.output().get(2))
                .as("misc_open's fops_get and the driver's own get")
                .matches("lab +\\d+  2");
        assertThat(r.output().get(3)).isEqualTo("A: close(3) = 0");
        assertThat(r.output().get(5)).matches("lab +\\d+  0");
        assertThat(events(r, "refcount", "module lab"))
                .extracting(TraceEvent::context, TraceEvent::function, TraceEvent::to)
                .containsExactly(
                        tuple("A", "fops_get", 1L),
                        tuple("A", "lab_open", 2L),
                        tuple("A", "lab_release", 1L),
                        tuple("A", "fops_put", 0L));
    }

    @Test
    void rmmodWhileAFileIsOpenFailsAsInUseAndLeavesTheModuleLive() {
        RunResult r = MISC_LAB.run("insmod lab\nopen /dev/lab as A\nrmmod lab\nread A\nlsmod");
        assertThat(r.output()).hasSize(5);
        assertThat(r.output().get(1)).isEqualTo("rmmod: ERROR: Module lab is in use");
        assertThat(r.output().get(2)).as("the file still works").isEqualTo("A: read(3, \"ok\", 4096) = 2");
        assertThat(r.output().get(4)).matches("lab +\\d+  2");
        assertThat(Lab.moduleView(r, "lab").state()).isEqualTo("LIVE");
        assertThat(events(r, "enter", "lab_exit")).isEmpty();
        assertThat(events(r, "module-state", "GOING")).isEmpty();
        assertThat(r.exitCode()).isZero();

        RunResult after = MISC_LAB.run("insmod lab\nopen /dev/lab as A\nrmmod lab\nclose A\nrmmod lab");
        assertThat(after.output())
                .containsExactly(
                        "A: open(\"/dev/lab\", O_RDWR) = 3", "rmmod: ERROR: Module lab is in use", "A: close(3) = 0");
        assertThat(Lab.driverLog(after)).containsExactly("exit");
        assertThat(Lab.moduleView(after, "lab").state()).isEqualTo("UNLOADED");
    }

    @Test
    void aModuleCountNoProcessCanEverDropIsARefcountReportNamingTheModule() {
        String leaky = MISC.replace("\n    module_put(THIS_MODULE);\n", "\n");
        Lab lab = Lab.module(leaky, "\treturn misc_register(&lab_misc);", "\tmisc_deregister(&lab_misc);");
        RunResult r = lab.run("insmod lab\nopen /dev/lab as A\nopen /dev/lab as B\nclose A\nexit A\nlsmod\nkill B");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("refcount");
        assertThat(report.title()).contains("module lab").contains("2");
        assertThat(report.text()).contains("rmmod: ERROR: Module lab is in use");
        assertThat(report.context())
                .as("raised when the last user process exits")
                .isEqualTo("B");
        assertThat(report.seq()).isGreaterThan(first(r, "signal", "B"));
        assertThat(r.output()).contains("A: +++ exited with 0 +++", "B: +++ killed by SIGTERM +++");

        RunResult stillOpen = lab.run("insmod lab\nopen /dev/lab as A\nopen /dev/lab as B\nclose A\nexit A");
        assertThat(stillOpen.reports()).as("B still holds the device").isEmpty();
    }
}

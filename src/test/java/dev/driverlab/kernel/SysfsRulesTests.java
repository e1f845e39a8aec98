package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.entered;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "sysfs and kobjects" (lib/kobject.c, fs/sysfs/file.c, group.c, fs/kernfs): kobjects as
 * directories, kobj_attribute files through kobj_sysfs_ops, attribute groups, kernfs' open checks and active
 * references.
 */
class SysfsRulesTests {

    /** A kobject "knob" under kernel_kobj with a read-write "level" (__ATTR), a read-only "ro" and a group "stats". */
    private static final String KNOB = """
            #include <linux/kobject.h>
            #include <linux/sysfs.h>

            static struct kobject *knob;
            static int level = 3;

            static ssize_t level_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
            {
                return sysfs_emit(buf, "%d\\n", level);
            }

            static ssize_t level_store(struct kobject *kobj, struct kobj_attribute *attr, const char *buf, size_t count)
            {
                pr_info("store \\"%s\\" %zu", buf, count);
                if (sscanf(buf, "%d", &level) != 1)
                    return -EINVAL;
                return count;
            }

            static ssize_t ro_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
            {
                return sysfs_emit(buf, "%s\\n", kobject_name(kobj));
            }

            static ssize_t hidden_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
            {
                return sysfs_emit(buf, "hidden\\n");
            }

            static struct kobj_attribute level_attr = __ATTR(level, 0660, level_show, level_store);
            static struct kobj_attribute ro_attr = __ATTR_RO(ro);
            static struct kobj_attribute hidden_attr = __ATTR_RO(hidden);
            static struct attribute *stats_attrs[] = { &ro_attr.attr, &hidden_attr.attr, 0 };

            static umode_t stats_visible(struct kobject *kobj, struct attribute *attr, int n)
            {
                return attr == &hidden_attr.attr ? 0 : attr->mode;
            }

            static const struct attribute_group stats_group = {
                .name = "stats",
                .attrs = stats_attrs,
                .is_visible = stats_visible,
            };
            """;

    private static Lab knob(String init, String exit) {
        return Lab.module(KNOB, init, exit);
    }

    private static final Lab HELLO = knob("""
                knob = kobject_create_and_add("knob", kernel_kobj);
                if (!knob)
                    return -ENOMEM;
                return sysfs_create_file(knob, &level_attr.attr);
            """, "kobject_put(knob);");

    @Test
    void kobjectCreateAndAddUnderKernelKobjMakesADirectoryWhoseAttributeFilesShowAndStore() {
        RunResult r = HELLO.run("""
                cat /sys/kernel/knob/level
                insmod lab
                cat /sys/kernel/knob/level
                open /sys/kernel/knob/level as P
                write P 42
                close P
                cat /sys/kernel/knob/level
                rmmod lab
                cat /sys/kernel/knob/level
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .filteredOn(l -> l.contains("open(") || l.contains("read(") || l.contains("write("))
                .containsExactly(
                        "cat: open(\"/sys/kernel/knob/level\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                        "cat: open(\"/sys/kernel/knob/level\", O_RDONLY) = 3",
                        "cat: read(3, \"3\\n\", 4096) = 2",
                        "cat: read(3, \"\", 4096) = 0",
                        "P: open(\"/sys/kernel/knob/level\", O_RDWR) = 3",
                        "P: write(3, \"42\", 2) = 2",
                        "cat: open(\"/sys/kernel/knob/level\", O_RDONLY) = 3",
                        "cat: read(3, \"42\\n\", 4096) = 3",
                        "cat: read(3, \"\", 4096) = 0",
                        "cat: open(\"/sys/kernel/knob/level\", O_RDONLY) = -1 ENOENT (No such file or directory)");
        assertThat(Lab.driverLog(r)).containsExactly("store \"42\" 2");
    }

    @Test
    void showAndStoreGoThroughKobjAttrShowAndKobjAttrStore() {
        RunResult r = HELLO.run("insmod lab\ncat /sys/kernel/knob/level\nopen /sys/kernel/knob/level as P\nwrite P 7");
        assertThat(entered(r))
                .containsSubsequence(
                        "kernfs_fop_read",
                        "sysfs_kf_seq_show",
                        "kobj_attr_show",
                        "level_show",
                        "kernfs_fop_write",
                        "sysfs_kf_write",
                        "kobj_attr_store",
                        "level_store");
    }

    @Test
    void theLastPutRemovesTheDirectoryAndFreesTheKobjectAndItsName() {
        RunResult r = HELLO.run("insmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(entered(r))
                .containsSubsequence("kobject_put", "kobject_cleanup", "__kobject_del", "dynamic_kobj_release");
        assertThat(events(r, "free", "kfree_const")).hasSize(1);
        assertThat(events(r, "free", "kfree")).isNotEmpty();
    }

    @Test
    void aStoreGetsTheWrittenBytesNulTerminatedInABufferOfCountPlusOne() {
        Lab lab = knob("""
                    knob = kobject_create_and_add("knob", kernel_kobj);
                    return sysfs_create_file(knob, &level_attr.attr);
                """, "kobject_put(knob);");
        RunResult r = lab.run("insmod lab\nopen /sys/kernel/knob/level as P\nwrite P 123");
        assertThat(Lab.driverLog(r)).containsExactly("store \"123\" 3");
        assertThat(events(
                        r,
                        e -> e.kind().equals("alloc")
                                && e.function() != null
                                && e.function().equals("kernfs_fop_write")))
                .singleElement()
                .satisfies(e -> assertThat(e.to()).isEqualTo(4L)); // kmalloc(count + 1)
    }

    @Test
    void aNamedGroupIsASubdirectoryAndIsVisibleCanHideAFile() {
        Lab lab = knob("""
                    knob = kobject_create_and_add("knob", kernel_kobj);
                    return sysfs_create_group(knob, &stats_group);
                """, """
                    sysfs_remove_group(knob, &stats_group);
                    pr_info("group removed");
                    kobject_put(knob);
                """);
        RunResult r = lab.run("""
                insmod lab
                cat /sys/kernel/knob/stats/ro
                cat /sys/kernel/knob/stats/hidden
                rmmod lab
                cat /sys/kernel/knob/stats/ro
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .contains(
                        "cat: read(3, \"knob\\n\", 4096) = 5",
                        "cat: open(\"/sys/kernel/knob/stats/hidden\", O_RDONLY) = -1 ENOENT (No such file or directory)");
        assertThat(r.output().get(r.output().size() - 2))
                .isEqualTo(
                        "cat: open(\"/sys/kernel/knob/stats/ro\", O_RDONLY) = -1 ENOENT (No such file or directory)");
    }

    @Test
    void aReadOnlyAttributeOpenedForWritingIsEacces() {
        Lab lab = knob("""
                    knob = kobject_create_and_add("knob", kernel_kobj);
                    return sysfs_create_file(knob, &ro_attr.attr);
                """, "kobject_put(knob);");
        RunResult r = lab.run("insmod lab\nopen /sys/kernel/knob/ro as W\ncat /sys/kernel/knob/ro");
        assertThat(r.output())
                .contains(
                        "W: open(\"/sys/kernel/knob/ro\", O_RDWR) = -1 EACCES (Permission denied)",
                        "cat: read(3, \"knob\\n\", 4096) = 5");
    }

    @Test
    void aSecondKobjectOfTheSameNameIsADuplicateAndKobjectCreateAndAddReturnsNull() {
        Lab lab = knob("""
                    knob = kobject_create_and_add("knob", kernel_kobj);
                    if (!kobject_create_and_add("knob", kernel_kobj))
                        pr_info("second is NULL");
                    return 0;
                """, "kobject_put(knob);");
        RunResult r = lab.run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .contains(
                        "sysfs: cannot create duplicate filename '/kernel/knob'",
                        "kobject_add_internal failed for knob with -EEXIST, don't try to register things with the same name"
                                + " in the same directory.",
                        "kobject_create_and_add: kobject_add error: -17",
                        "second is NULL");
        assertThat(Lab.driverLog(r)).anyMatch(l -> l.startsWith("Call Trace:"));
    }

    @Test
    void firmwareKobjIsSysFirmwareAndAKobjectUnderADeviceIsInTheDevicesDirectory() {
        String source = Lab.platformDriver(KNOB + """
                static struct kobject *fw, *sub;
                """, """
                	fw = kobject_create_and_add("knob", firmware_kobj);
                	sub = kobject_create_and_add("extra", &pdev->dev.kobj);
                	sysfs_create_file(fw, &level_attr.attr);
                	return sysfs_create_file(sub, &level_attr.attr);
                """, """
                	kobject_put(sub);
                	kobject_put(fw);
                	return 0;
                """);
        RunResult r = Lab.driver(source).device("my_device", 17).run("""
                insmod lab
                cat /sys/firmware/knob/level
                cat /sys/bus/platform/devices/my_device/extra/level
                unbind my_device
                cat /sys/bus/platform/devices/my_device/extra/level
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .contains(
                        "cat: open(\"/sys/firmware/knob/level\", O_RDONLY) = 3",
                        "cat: open(\"/sys/bus/platform/devices/my_device/extra/level\", O_RDONLY) = 3",
                        "cat: open(\"/sys/bus/platform/devices/my_device/extra/level\", O_RDONLY) = -1 ENOENT (No such file or"
                                + " directory)");
    }

    @Test
    void aFileOpenWhenItsKobjectGoesReadsEnodevAndNoLongerCallsTheModule() {
        RunResult r = HELLO.run("insmod lab\nopen /sys/kernel/knob/level as P\nrmmod lab\nread P\nwrite P 1");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .contains(
                        "P: read(3, \"\", 4096) = -1 ENODEV (No such device)",
                        "P: write(3, \"1\", 1) = -1 ENODEV (No such device)");
        assertThat(events(r, "enter", "level_show")).isEmpty();
    }

    @Test
    void removingAFileWaitsForTheShowInProgressKernfsDrain() {
        RunResult r = HELLO.run("insmod lab\nbreak level_show\ncat /sys/kernel/knob/level\nrmmod lab\ncontinue");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        long showReturned = events(r, e -> e.kind().equals("return") && "level_show".equals(e.function()))
                .get(0)
                .seq();
        assertThat(first(r, "enter", "dynamic_kobj_release")).isGreaterThan(showReturned);
        assertThat(r.output()).contains("cat: read(3, \"3\\n\", 4096) = 2");
    }
}

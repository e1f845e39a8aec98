package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.entered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Input devices" (drivers/input/input.c, include/linux/input.h): allocating and registering
 * an input device, the events it reports through input_event and the key state the core keeps, and class
 * attributes (a class's own sysfs files) a driver controls it with.
 */
class InputRulesTests {

    /**
     * A virtual keyboard: KEY_A and KEY_ENTER declared; writing a key code to /sys/class/vkey/press reports it pressed
     * (a negative code: released) and prints whether the core holds KEY_A down.
     */
    private static final String VKEY = """
            #include <linux/input.h>

            static struct input_dev *kbd;

            static ssize_t press_store(struct class *class, struct class_attribute *attr, const char *buf, size_t len)
            {
                long code;
                int err = kstrtol(buf, 10, &code);

                if (err)
                    return err;
                input_report_key(kbd, code < 0 ? -code : code, code > 0);
                input_sync(kbd);
                pr_info("vkey: A %s, B %s\\n", test_bit(KEY_A, kbd->key) ? "down" : "up",
                        test_bit(KEY_B, kbd->key) ? "down" : "up");
                return len;
            }
            static CLASS_ATTR_WO(press);

            static struct attribute *vkey_class_attrs[] = {
                &class_attr_press.attr,
                NULL,
            };
            ATTRIBUTE_GROUPS(vkey_class);

            static struct class vkey_class = {
                .name = "vkey",
                .class_groups = vkey_class_groups,
            };
            """;

    private static final Lab KBD = Lab.module(VKEY, """
                int err = class_register(&vkey_class);

                if (err)
                    return err;
                kbd = input_allocate_device();
                if (!kbd) {
                    class_unregister(&vkey_class);
                    return -ENOMEM;
                }
                kbd->name = "Lab Keyboard";
                kbd->id.bustype = BUS_VIRTUAL;
                kbd->evbit[0] = BIT_MASK(EV_KEY);
                set_bit(KEY_A, kbd->keybit);
                set_bit(KEY_ENTER, kbd->keybit);
                err = input_register_device(kbd);
                if (err) {
                    input_free_device(kbd);
                    class_unregister(&vkey_class);
                }
                return err;
            """, """
                input_unregister_device(kbd);
                class_unregister(&vkey_class);
            """);

    @Test
    void registeringAnInputDevicePrintsItsNameAndItsPathUnderTheInputClass() {
        RunResult r = KBD.run("insmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("input: Lab Keyboard as /devices/virtual/input/input0");
        assertThat(entered(r))
                .containsSubsequence(
                        "input_allocate_device",
                        "input_register_device",
                        "input_cleanse_bitmasks",
                        "device_add",
                        "kobject_get_path",
                        "input_unregister_device",
                        "device_del",
                        "input_dev_release");
    }

    @Test
    void anInputDeviceWithAParentHasItsDirectoryUnderTheParentsAndAClassDeviceWithoutParentUnderVirtual() {
        RunResult r = Lab.module(VKEY, """
                    struct device *holder;
                    int err = class_register(&vkey_class);

                    if (err)
                        return err;
                    holder = device_create(&vkey_class, NULL, 0, NULL, "vkey%d", 0);
                    kbd = input_allocate_device();
                    kbd->name = "Lab Keyboard";
                    kbd->dev.parent = holder;
                    kbd->evbit[0] = BIT_MASK(EV_KEY);
                    err = input_register_device(kbd);
                    pr_info("holder at %s\\n", kobject_get_path(&holder->kobj, GFP_KERNEL));
                    return err;
                """, """
                    input_unregister_device(kbd);
                    device_destroy(&vkey_class, 0);
                    class_unregister(&vkey_class);
                """).run("insmod lab\nrmmod lab");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "input: Lab Keyboard as /devices/virtual/vkey/vkey0/input0",
                        "holder at /devices/virtual/vkey/vkey0");
    }

    @Test
    void eachAllocatedDeviceTakesTheNextInputNumber() {
        RunResult r = KBD.run("insmod lab\nrmmod lab\ninsmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "input: Lab Keyboard as /devices/virtual/input/input0",
                        "input: Lab Keyboard as /devices/virtual/input/input1");
    }

    @Test
    void aClassAttributeStoreRunsThroughTheClassSysfsOpsAndAKeyPressChangesTheKeyState() {
        RunResult r = KBD.run("""
                insmod lab
                echo 30 > /sys/class/vkey/press
                echo -30 > /sys/class/vkey/press
                rmmod lab
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsSubsequence("vkey: A down, B up", "vkey: A up, B up");
        assertThat(entered(r))
                .containsSubsequence(
                        "class_attr_store",
                        "press_store",
                        "input_event",
                        "input_handle_event",
                        "input_get_disposition",
                        "input_event",
                        "input_handle_event",
                        "input_pass_values");
    }

    @Test
    void aKeyTheDeviceDidNotDeclareIsIgnored() {
        RunResult r = KBD.run("insmod lab\necho 48 > /sys/class/vkey/press\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).contains("vkey: A up, B up");
        assertThat(entered(r)).doesNotContain("input_pass_values");
    }

    @Test
    void aKeyStillDownWhenTheDeviceGoesAwayIsReleased() {
        RunResult r = KBD.run("insmod lab\necho 30 > /sys/class/vkey/press\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(entered(r))
                .containsSubsequence(
                        "input_unregister_device",
                        "input_disconnect_device",
                        "input_dev_release_keys",
                        "input_handle_event",
                        "input_pass_values");
    }

    @Test
    void theClassFilesGoWithTheClass() {
        RunResult r = KBD.run("insmod lab\nrmmod lab\necho 30 > /sys/class/vkey/press");
        assertThat(r.output()).anyMatch(l -> l.contains("open(\"/sys/class/vkey/press\"") && l.contains("ENOENT"));
    }
}

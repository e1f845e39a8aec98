package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "Driver core": device removal (device_unregister) and USB unplug. */
class DeviceRemovalRulesTests {

    @Test
    void unplugOfABoundPlatformDeviceRunsRemoveThenDevresThenTheDevicesRelease() {
        String src = Lab.platformDriver("", """
                	struct lab_dev *ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);

                	if (!ld)
                		return -ENOMEM;
                	platform_set_drvdata(pdev, ld);
                	return 0;
                """, "\tpr_info(\"remove\");\n\treturn 0;");
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nunplug my_device");
        assertThat(r.error()).isNull();
        assertThat(r.reports()).isEmpty();
        long removeReturned = first(r, "return", "lab_remove");
        long released = first(r, "devres-release", "devm_kzalloc");
        long unbound = first(r, "unbound", "my_device");
        long release = first(r, "enter", "platform_device_release");
        assertThat(first(r, "enter", "device_del")).isLessThan(first(r, "enter", "lab_remove"));
        assertThat(removeReturned).isLessThan(released);
        assertThat(released).isLessThan(unbound);
        assertThat(unbound).isLessThan(release);
        assertThat(Lab.driverLog(r)).contains("remove");
    }

    private static final String OWN_DEVICE = """
            #include <linux/module.h>
            #include <linux/device.h>

            static struct device *ldev;

            static void lab_release(struct device *dev)
            {
            	pr_info("release %s", dev_name(dev));
            	kfree(dev);
            }

            static int __init lab_init(void)
            {
            	ldev = kzalloc(sizeof(*ldev), GFP_KERNEL);
            	if (!ldev)
            		return -ENOMEM;
            	ldev->init_name = "lab_dev";
            	SET_RELEASE
            	device_register(ldev);
            	get_device(ldev);
            	device_unregister(ldev);
            	pr_info("unregistered");
            	put_device(ldev);
            	pr_info("put");
            	return 0;
            }

            module_init(lab_init);
            MODULE_LICENSE("GPL");
            """;

    @Test
    void aDeviceIsReleasedAtItsLastPutNotAtUnregister() {
        RunResult r = Lab.driver(OWN_DEVICE.replace("SET_RELEASE", "ldev->release = lab_release;"))
                .run("insmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("unregistered", "release lab_dev", "put");
    }

    @Test
    void aDeviceWithoutAReleaseFunctionWarnsAtItsLastPut() {
        RunResult r = Lab.driver(OWN_DEVICE.replace("SET_RELEASE", "")).run("insmod lab");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsSubsequence(
                        "unregistered",
                        "------------[ cut here ]------------",
                        "Device 'lab_dev' does not have a release() function, it is broken and must be fixed. "
                                + "See Documentation/core-api/kobject.rst.",
                        "put");
        assertThat(events(r, "warning")).hasSize(1);
    }

    @Test
    void usbUnplugLogsTheDisconnectCallsDisconnectThenReleasesTheInterfacesDevres() {
        String src = """
                #include <linux/module.h>
                #include <linux/usb.h>

                struct lab_usb {
                	int n;
                };

                static int lab_probe(struct usb_interface *intf, const struct usb_device_id *id)
                {
                	struct lab_usb *lu = devm_kzalloc(&intf->dev, sizeof(*lu), GFP_KERNEL);

                	if (!lu)
                		return -ENOMEM;
                	usb_set_intfdata(intf, lu);
                	pr_info("probe");
                	return 0;
                }

                static void lab_disconnect(struct usb_interface *intf)
                {
                	pr_info("disconnect data %s", usb_get_intfdata(intf) ? "set" : "null");
                }

                static struct usb_driver lab_driver = {
                	.name = "lab_usb",
                	.probe = lab_probe,
                	.disconnect = lab_disconnect,
                };
                module_usb_driver(lab_driver);
                MODULE_LICENSE("GPL");
                """;
        RunResult r = Lab.driver(src).usbDevice("lab_usb").run("insmod lab\nunplug lab_usb");
        assertThat(r.error()).isNull();
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsSubsequence("probe", "usb 1-1: USB disconnect, device number 2", "disconnect data set");
        long disconnectReturned = first(r, "return", "lab_disconnect");
        assertThat(first(r, "dmesg", "USB disconnect")).isLessThan(first(r, "enter", "lab_disconnect"));
        assertThat(disconnectReturned).isLessThan(first(r, "devres-release", "devm_kzalloc"));
        assertThat(first(r, "devres-release", "devm_kzalloc")).isLessThan(first(r, "unbound", "lab_usb"));
    }
}

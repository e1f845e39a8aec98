package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "USB" (drivers/usb/core/driver.c, hub.c): binding a usb_driver by name, disconnect
 * on unplug, and open files outliving the device (seed 004).
 */
class UsbRulesTests {

    /**
     * usb-skeleton's shape: a kref'd struct with a cdev_alloc'd cdev (or an embedded one, EMBEDDED), the kref taken
     * by open and dropped by release and by disconnect; read fails with -ENODEV once disconnected.
     */
    private static final String SKEL = """
            #include <linux/module.h>
            #include <linux/usb.h>

            struct skel {
                struct kref kref;
                struct cdev *cdev;
                struct usb_interface *intf;
                dev_t devt;
                bool gone;
            };

            static struct skel *the_skel;

            static void skel_delete(struct kref *kref)
            {
                struct skel *dev = container_of(kref, struct skel, kref);

                pr_info("skel_delete");
                kfree(dev);
            }

            static int skel_open(struct inode *inode, struct file *file)
            {
                struct skel *dev = the_skel;

                kref_get(&dev->kref);
                file->private_data = dev;
                return 0;
            }

            static ssize_t skel_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
                struct skel *dev = file->private_data;

                if (dev->gone)
                    return -ENODEV;
                if (copy_to_user(buf, "usb", 3))
                    return -EFAULT;
                return 3;
            }

            static int skel_release(struct inode *inode, struct file *file)
            {
                struct skel *dev = file->private_data;

                kref_put(&dev->kref, skel_delete);
                return 0;
            }

            static const struct file_operations skel_fops = {
                .owner = THIS_MODULE,
                .open = skel_open,
                .read = skel_read,
                .release = skel_release,
            };

            static int skel_probe(struct usb_interface *interface, const struct usb_device_id *id)
            {
                struct skel *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
                int err;

                if (!dev)
                    return -ENOMEM;
                kref_init(&dev->kref);
                dev->intf = interface;
                pr_info("probe %s", dev_name(&interface->dev));
                err = alloc_chrdev_region(&dev->devt, 0, 1, "skel");
                if (err)
                    goto fail;
                dev->cdev = cdev_alloc();
                dev->cdev->ops = &skel_fops;
                dev->cdev->owner = THIS_MODULE;
                err = cdev_add(dev->cdev, dev->devt, 1);
                if (err)
                    goto fail;
                usb_set_intfdata(interface, dev);
                the_skel = dev;
                return 0;
            fail:
                kfree(dev);
                return err;
            }

            static void skel_disconnect(struct usb_interface *interface)
            {
                struct skel *dev = usb_get_intfdata(interface);

                pr_info("disconnect %s", dev == the_skel && dev->intf == interface ? "own data" : "??");
                cdev_del(dev->cdev);
                dev->gone = true;
                kref_put(&dev->kref, skel_delete);
            }

            static struct usb_driver skel_driver = {
                .name = "skel",
                .probe = skel_probe,
                .disconnect = skel_disconnect,
            };
            module_usb_driver(skel_driver);
            MODULE_LICENSE("GPL");
            """;

    private static Lab skel() {
        return Lab.driver(SKEL).usbDevice("skel");
    }

    @Test
    void moduleUsbDriverBindsTheUsbDeviceOfItsNameAndProbeGetsTheInterface() {
        RunResult r = Lab.driver(SKEL).usbDevice("other").usbDevice("skel").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(events(r, "enter", "skel_probe")).hasSize(1);
        assertThat(Lab.driverLog(r)).containsExactly("probe skel");
        assertThat(events(r, "bound")).extracting(TraceEvent::text).containsExactly("skel bound to driver skel");
        assertThat(r.state().devices())
                .filteredOn(d -> d.name().equals("skel"))
                .singleElement()
                .matches(d -> "usb".equals(d.bus()) && "skel".equals(d.driver()));
        assertThat(r.state().devices())
                .filteredOn(d -> d.name().equals("other"))
                .singleElement()
                .matches(d -> d.driver() == null);
    }

    @Test
    void unplugLogsTheDisconnectThenRunsTheDriversDisconnectWithItsInterface() {
        RunResult r = skel().run("insmod lab\nunplug skel");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).hasSize(4);
        assertThat(Lab.driverLog(r).get(1)).matches("usb \\S+: USB disconnect, device number \\d+");
        assertThat(Lab.driverLog(r).subList(2, 4)).containsExactly("disconnect own data", "skel_delete");
        assertThat(events(r, "enter", "skel_disconnect"))
                .extracting(TraceEvent::context)
                .containsExactly("unplug");
        assertThat(first(r, "dmesg", "USB disconnect")).isLessThan(first(r, "enter", "skel_disconnect"));
        assertThat(first(r, "enter", "skel_disconnect")).isLessThan(first(r, "unbound", "skel"));
        assertThat(r.state().devices()).noneMatch(d -> d.name().equals("skel"));
    }

    @Test
    void filesOpenAtUnplugStayOpenAndTheLastCloseFreesTheDriversState() {
        RunResult r = skel().run("""
                insmod lab
                open /dev/skel as A
                read A
                unplug skel
                read A
                open /dev/skel as B
                close A
                rmmod lab
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .containsExactly(
                        "A: open(\"/dev/skel\", O_RDWR) = 3",
                        "A: read(3, \"usb\", 4096) = 3",
                        "A: read(3, \"\", 4096) = -1 ENODEV (No such device)",
                        "B: open(\"/dev/skel\", O_RDWR) = -1 ENXIO (No such device or address)",
                        "A: close(3) = 0");
        assertThat(events(r, "enter", "skel_delete"))
                .extracting(TraceEvent::context)
                .as("the last user frees it")
                .containsExactly("A");
        assertThat(Lab.moduleView(r, "lab").state()).isEqualTo("UNLOADED");
    }

    @Test
    void anEmbeddedCdevFreedByTheLastKrefPutInReleaseIsAUseAfterFreeInCdevPut() {
        String embedded = SKEL.replace("struct cdev *cdev;", "struct cdev cdev;")
                .replace("""
                        dev->cdev = cdev_alloc();
                            dev->cdev->ops = &skel_fops;
                            dev->cdev->owner = THIS_MODULE;
                            err = cdev_add(dev->cdev, dev->devt, 1);""", """
                        cdev_init(&dev->cdev, &skel_fops);
                            dev->cdev.owner = THIS_MODULE;
                            err = cdev_add(&dev->cdev, dev->devt, 1);""")
                .replace("cdev_del(dev->cdev);", "cdev_del(&dev->cdev);");
        assertThat(embedded).contains("cdev_init(&dev->cdev").contains("cdev_del(&dev->cdev)");
        RunResult r =
                Lab.driver(embedded).usbDevice("skel").run("insmod lab\nopen /dev/skel as A\nunplug skel\nclose A");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("use-after-free");
        assertThat(report.title()).startsWith("BUG: KASAN: use-after-free in cdev_put+");
        assertThat(report.text())
                .contains("Freed by task")
                .contains("skel_delete")
                .contains("skel_release");
        assertThat(report.seq()).isGreaterThan(first(r, "return", "skel_release"));
    }
}

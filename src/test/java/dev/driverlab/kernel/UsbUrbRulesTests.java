package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "USB" (drivers/usb/core/driver.c, file.c, urb.c, hcd.c, message.c, hub.c): id tables,
 * usb_register_dev minors, URBs given back by the host controller's interrupt, and unplug with a transfer in flight.
 */
class UsbUrbRulesTests {

    /** A bulk driver in usb-skeleton's style: an id table, a class driver minor, one bulk IN URB per read. */
    private static final String BULK = """
            #include <linux/module.h>
            #include <linux/usb.h>

            static const struct usb_device_id bulk_ids[] = {
                { USB_DEVICE(0x1234, 0x5678) },
                { }
            };
            MODULE_DEVICE_TABLE(usb, bulk_ids);

            struct bulk {
                struct usb_device *udev;
                struct urb *in_urb;
                char *in_buf;
                size_t in_size;
                __u8 in_ep, out_ep;
                struct completion done;
                int status;
            };

            static struct usb_driver bulk_driver;

            static void bulk_in_done(struct urb *urb)
            {
                struct bulk *b = urb->context;

                pr_info("in done %d len %u irq %d", urb->status, urb->actual_length, in_interrupt() != 0);
                b->status = urb->status;
                complete(&b->done);
            }

            static int bulk_open(struct inode *inode, struct file *file)
            {
                struct usb_interface *intf = usb_find_interface(&bulk_driver, iminor(inode));

                if (!intf)
                    return -ENODEV;
                file->private_data = usb_get_intfdata(intf);
                return 0;
            }

            static ssize_t bulk_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
            {
                struct bulk *b = file->private_data;
                int rv;

                reinit_completion(&b->done);
                usb_fill_bulk_urb(b->in_urb, b->udev, usb_rcvbulkpipe(b->udev, b->in_ep), b->in_buf,
                                  min(b->in_size, count), bulk_in_done, b);
                rv = usb_submit_urb(b->in_urb, GFP_KERNEL);
                if (rv)
                    return rv;
                wait_for_completion(&b->done);
                if (b->status)
                    return b->status;
                if (copy_to_user(buf, b->in_buf, b->in_urb->actual_length))
                    return -EFAULT;
                return b->in_urb->actual_length;
            }

            static const struct file_operations bulk_fops = {
                .owner = THIS_MODULE,
                .open = bulk_open,
                .read = bulk_read,
            };

            static struct usb_class_driver bulk_class = {
                .name = "usb/bulk%d",
                .fops = &bulk_fops,
                .minor_base = 192,
            };

            static int bulk_probe(struct usb_interface *intf, const struct usb_device_id *id)
            {
                struct usb_endpoint_descriptor *in, *out;
                struct bulk *b;
                int rv;

                rv = usb_find_common_endpoints(intf->cur_altsetting, &in, &out, NULL, NULL);
                if (rv)
                    return rv;
                b = kzalloc(sizeof(*b), GFP_KERNEL);
                if (!b)
                    return -ENOMEM;
                b->udev = usb_get_dev(interface_to_usbdev(intf));
                b->in_ep = in->bEndpointAddress;
                b->out_ep = out->bEndpointAddress;
                b->in_size = usb_endpoint_maxp(in);
                b->in_buf = kmalloc(b->in_size, GFP_KERNEL);
                b->in_urb = usb_alloc_urb(0, GFP_KERNEL);
                init_completion(&b->done);
                usb_set_intfdata(intf, b);
                pr_info("probe id %04x:%04x in %02x out %02x maxp %zu", id->idVendor, id->idProduct, b->in_ep,
                        b->out_ep, b->in_size);
                return usb_register_dev(intf, &bulk_class);
            }

            static void bulk_disconnect(struct usb_interface *intf)
            {
                struct bulk *b = usb_get_intfdata(intf);

                usb_deregister_dev(intf, &bulk_class);
                usb_kill_urb(b->in_urb);
                usb_free_urb(b->in_urb);
                usb_put_dev(b->udev);
                kfree(b->in_buf);
                kfree(b);
            }

            static struct usb_driver bulk_driver = {
                .name = "bulk",
                .id_table = bulk_ids,
                .probe = bulk_probe,
                .disconnect = bulk_disconnect,
            };
            module_usb_driver(bulk_driver);
            MODULE_LICENSE("GPL");
            """;

    @Test
    void anIdTableMatchesTheDeviceByVendorAndProductNotByName() {
        RunResult r = Lab.driver(BULK)
                .usbDevice("bulk", 0x1234, 0x9999, null)
                .usbDevice("stick", 0x1234, 0x5678, null)
                .run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("probe id 1234:5678 in 81 out 02 maxp 512");
        assertThat(events(r, "bound")).extracting(TraceEvent::text).containsExactly("stick bound to driver bulk");
    }

    @Test
    void usbRegisterDevMakesTheClassNodeAndOpenGoesThroughUsbOpen() {
        RunResult r =
                Lab.driver(BULK).usbDevice("stick", 0x1234, 0x5678, "abc").run("insmod lab\nopen /dev/bulk0 as A");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output()).containsExactly("A: open(\"/dev/bulk0\", O_RDWR) = 3");
        assertThat(events(r, "enter", "usb_open")).hasSize(1);
        assertThat(events(r, "enter", "bulk_open")).hasSize(1);
    }

    @Test
    void aBulkInUrbCompletesInTheHostControllersInterruptWithTheDevicesBytes() {
        RunResult r =
                Lab.driver(BULK).usbDevice("stick", 0x1234, 0x5678, "hello").run("""
                insmod lab
                open /dev/bulk0 as A
                read A 3
                read A 64
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .containsExactly(
                        "A: open(\"/dev/bulk0\", O_RDWR) = 3",
                        "A: read(3, \"hel\", 3) = 3",
                        "A: read(3, \"lo\", 64) = 2");
        assertThat(Lab.driverLog(r)).contains("in done 0 len 3 irq 1", "in done 0 len 2 irq 1");
        assertThat(events(r, "enter", "bulk_in_done"))
                .extracting(TraceEvent::context)
                .containsOnly("irq24");
    }

    @Test
    void unplugWithAReadInFlightCompletesItWithEprotoThenDisconnects() {
        RunResult r = Lab.driver(BULK).usbDevice("stick", 0x1234, 0x5678, null).run("""
                insmod lab
                open /dev/bulk0 as A
                read A 64
                unplug stick
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output()).contains("A: read(3, \"\", 64) = -1 EPROTO (Protocol error)");
        assertThat(Lab.driverLog(r)).contains("in done -71 len 0 irq 1");
        assertThat(Lab.first(r, "enter", "bulk_in_done")).isLessThan(Lab.first(r, "enter", "bulk_disconnect"));
    }

    @Test
    void usbBulkMsgTimesOutByKillingItsUrbWhichComesBackWithEnoent() {
        int from = BULK.indexOf("reinit_completion(&b->done);");
        int to = BULK.indexOf("return b->in_urb->actual_length;") + "return b->in_urb->actual_length;".length();
        String sync = BULK.substring(0, from) + "int len;\n"
                + "    rv = usb_bulk_msg(b->udev, usb_rcvbulkpipe(b->udev, b->in_ep), b->in_buf, min(b->in_size, count),"
                + " &len, 100);\n"
                + "    pr_info(\"bulk_msg %d\", rv);\n"
                + "    return rv ? rv : len;" + BULK.substring(to);
        assertThat(sync).contains("usb_bulk_msg(");
        RunResult r = Lab.driver(sync).usbDevice("stick", 0x1234, 0x5678, null).run("""
                insmod lab
                open /dev/bulk0 as A
                read A 64
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).contains("bulk_msg -110");
        assertThat(r.output()).contains("A: read(3, \"\", 64) = -1 ETIMEDOUT (Connection timed out)");
        assertThat(events(r, "enter", "usb_kill_urb")).hasSize(1);
        assertThat(events(r, "enter", "usb_api_blocking_completion"))
                .extracting(TraceEvent::context)
                .containsExactly("irq24");
    }

    /**
     * Two bulk IN URBs on an anchor, driven by what the test writes to /dev/lab0: {@code s} anchors and submits both,
     * {@code k} kills the anchored ones, {@code w} waits 100 ms for the anchor to empty, {@code p} submits the
     * first after poisoning it (then unpoisons it and submits again), {@code u} unlinks the first.
     */
    private static final String ANCHOR = """
            #include <linux/module.h>
            #include <linux/usb.h>

            struct lab {
                struct usb_device *udev;
                struct usb_anchor anchor;
                struct urb *urb[2];
                char *buf[2];
                __u8 in_ep;
            };

            static const struct usb_device_id lab_ids[] = {
                { USB_DEVICE(0x1234, 0x5678) },
                { }
            };

            static struct lab *lab;
            static struct usb_driver lab_driver;

            static void lab_done(struct urb *urb)
            {
                pr_info("urb %ld done %d len %u", (long)urb->context, urb->status, urb->actual_length);
            }

            static int lab_submit(int i)
            {
                usb_fill_bulk_urb(lab->urb[i], lab->udev, usb_rcvbulkpipe(lab->udev, lab->in_ep), lab->buf[i], 4,
                                  lab_done, (void *)(long)i);
                usb_anchor_urb(lab->urb[i], &lab->anchor);
                return usb_submit_urb(lab->urb[i], GFP_KERNEL);
            }

            static ssize_t lab_write(struct file *file, const char __user *ubuf, size_t count, loff_t *ppos)
            {
                char cmd;
                int rv;

                if (copy_from_user(&cmd, ubuf, 1))
                    return -EFAULT;
                if (cmd == 's') {
                    rv = lab_submit(0);
                    pr_info("submit 0: %d", rv);
                    rv = lab_submit(1);
                    pr_info("submit 1: %d", rv);
                } else if (cmd == 'k') {
                    usb_kill_anchored_urbs(&lab->anchor);
                    pr_info("killed, anchor empty %d", usb_anchor_empty(&lab->anchor));
                } else if (cmd == 'w') {
                    rv = usb_wait_anchor_empty_timeout(&lab->anchor, 100);
                    pr_info("wait %s", rv ? "emptied" : "timed out");
                } else if (cmd == 'p') {
                    usb_poison_urb(lab->urb[0]);
                    rv = lab_submit(0);
                    pr_info("submit after poison: %d", rv);
                    usb_unanchor_urb(lab->urb[0]);
                    usb_unpoison_urb(lab->urb[0]);
                    rv = lab_submit(0);
                    pr_info("submit after unpoison: %d", rv);
                } else if (cmd == 'u') {
                    rv = usb_unlink_urb(lab->urb[0]);
                    pr_info("unlink: %d", rv);
                }
                return count;
            }

            static int lab_open(struct inode *inode, struct file *file)
            {
                return 0;	/* usb_open takes a NULL ->open for "no device" */
            }

            static const struct file_operations lab_fops = {
                .owner = THIS_MODULE,
                .open = lab_open,
                .write = lab_write,
            };

            static struct usb_class_driver lab_class = {
                .name = "lab%d",
                .fops = &lab_fops,
            };

            static int lab_probe(struct usb_interface *intf, const struct usb_device_id *id)
            {
                struct usb_endpoint_descriptor *in;
                int i;

                if (usb_find_bulk_in_endpoint(intf->cur_altsetting, &in))
                    return -ENODEV;
                lab = kzalloc(sizeof(*lab), GFP_KERNEL);
                lab->udev = usb_get_dev(interface_to_usbdev(intf));
                lab->in_ep = in->bEndpointAddress;
                init_usb_anchor(&lab->anchor);
                for (i = 0; i < 2; i++) {
                    lab->urb[i] = usb_alloc_urb(0, GFP_KERNEL);
                    lab->buf[i] = kmalloc(4, GFP_KERNEL);
                }
                return usb_register_dev(intf, &lab_class);
            }

            static void lab_disconnect(struct usb_interface *intf)
            {
                int i;

                usb_deregister_dev(intf, &lab_class);
                usb_kill_anchored_urbs(&lab->anchor);
                for (i = 0; i < 2; i++) {
                    usb_free_urb(lab->urb[i]);
                    kfree(lab->buf[i]);
                }
                usb_put_dev(lab->udev);
                kfree(lab);
            }

            static struct usb_driver lab_driver = {
                .name = "stick",
                .id_table = lab_ids,
                .probe = lab_probe,
                .disconnect = lab_disconnect,
            };
            module_usb_driver(lab_driver);
            MODULE_LICENSE("GPL");
            """;

    private static RunResult anchor(String data, String writes) {
        StringBuilder script = new StringBuilder("insmod lab\nopen /dev/lab0 as A\n");
        for (char c : writes.toCharArray()) script.append("write A ").append(c).append('\n');
        script.append("close A\n");
        return Lab.driver(ANCHOR).usbDevice("stick", 0x1234, 0x5678, data).run(script.toString());
    }

    @Test
    void usbKillAnchoredUrbsKillsEveryAnchoredUrbWithEnoentAndEmptiesTheAnchor() {
        RunResult r = anchor(null, "sk");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        // the last anchored is killed first (usb_kill_anchored_urbs takes urb_list.prev)
        assertThat(Lab.driverLog(r))
                .containsSubsequence(
                        "submit 0: 0",
                        "submit 1: 0",
                        "urb 1 done -2 len 0",
                        "urb 0 done -2 len 0",
                        "killed, anchor empty 1");
        assertThat(events(r, "enter", "usb_kill_urb")).hasSize(2);
    }

    @Test
    void usbWaitAnchorEmptyTimeoutReturnsOnceTheAnchoredUrbsCompleteOrTimesOut() {
        RunResult done = anchor("abcdefgh", "sw");
        assertThat(done.reports()).as(describe(done)).isEmpty();
        assertThat(Lab.driverLog(done)).containsSubsequence("urb 0 done 0 len 4", "urb 1 done 0 len 4", "wait emptied");

        RunResult nak = anchor(null, "swk");
        assertThat(nak.reports()).as(describe(nak)).isEmpty();
        assertThat(Lab.driverLog(nak))
                .containsSubsequence(
                        "submit 1: 0",
                        "wait timed out",
                        "urb 1 done -2 len 0",
                        "urb 0 done -2 len 0",
                        "killed, anchor empty 1");
    }

    @Test
    void aSubmitAfterUsbPoisonUrbFailsWithEpermUntilUnpoisoned() {
        RunResult r = anchor(null, "pk");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsSubsequence(
                        "submit after poison: -1",
                        "submit after unpoison: 0",
                        "urb 0 done -2 len 0",
                        "killed, anchor empty 1");
        assertThat(Lab.driverLog(r)).doesNotContain("urb 0 done -1 len 0");
    }

    @Test
    void usbUnlinkUrbReturnsAtOnceAndTheUrbCompletesWithEconnresetInTheInterrupt() {
        RunResult r = anchor(null, "su");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        // -EINPROGRESS: the unlink is under way; the controller's interrupt (on the other CPU here) gives the URB back
        assertThat(Lab.driverLog(r)).contains("unlink: -115", "urb 0 done -104 len 0");
        assertThat(Lab.first(r, "enter", "usb_unlink_urb")).isLessThan(Lab.first(r, "enter", "lab_done"));
        assertThat(events(r, "enter", "lab_done"))
                .extracting(TraceEvent::context)
                .contains("irq24");
        assertThat(Lab.driverLog(r)).doesNotContain("urb 1 done -104 len 0");
    }

    @Test
    void unbindingTerminatesTheInterfacesUrbsWithEshutdownBeforeTheDriversDisconnect() {
        // the device stays plugged in: nothing fails the read but usb_unbind_interface's usb_disable_interface
        RunResult r = Lab.driver(BULK).usbDevice("stick", 0x1234, 0x5678, null).run("""
                insmod lab
                open /dev/bulk0 as A
                read A 64
                unbind stick
                """);
        assertThat(Lab.driverLog(r)).contains("in done -108 len 0 irq 1");
        assertThat(r.output())
                .contains("A: read(3, \"\", 64) = -1 ESHUTDOWN (Cannot send after transport endpoint shutdown)");
        assertThat(Lab.first(r, "enter", "usb_disable_interface")).isLessThan(Lab.first(r, "enter", "bulk_in_done"));
        assertThat(Lab.first(r, "enter", "bulk_in_done")).isLessThan(Lab.first(r, "enter", "bulk_disconnect"));
    }

    /**
     * A driver that keeps the usb_device for its open files and frees nothing at disconnect (its state lives until
     * rmmod); {@code get} says whether probe takes the reference usb-skeleton takes with usb_get_dev.
     */
    private static String keeper(boolean get) {
        return (get ? "#define TAKE_REF\n" : "") + """
                #include <linux/module.h>
                #include <linux/usb.h>

                struct lab {
                    struct usb_device *udev;
                    struct urb *urb;
                    char buf[8];
                    __u8 in_ep;
                };

                static const struct usb_device_id lab_ids[] = {
                    { USB_DEVICE(0x1234, 0x5678) },
                    { }
                };

                static struct lab *lab;

                static void lab_done(struct urb *urb)
                {
                }

                static ssize_t lab_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
                {
                    int rv;

                    usb_fill_bulk_urb(lab->urb, lab->udev, usb_rcvbulkpipe(lab->udev, lab->in_ep), lab->buf, 8,
                                      lab_done, NULL);
                    rv = usb_submit_urb(lab->urb, GFP_KERNEL);
                    pr_info("submit %d", rv);
                    return rv;
                }

                static int lab_open(struct inode *inode, struct file *file)
                {
                    return 0;	/* usb_open takes a NULL ->open for "no device" */
                }

                static const struct file_operations lab_fops = {
                    .owner = THIS_MODULE,
                    .open = lab_open,
                    .read = lab_read,
                };

                static struct usb_class_driver lab_class = {
                    .name = "lab%d",
                    .fops = &lab_fops,
                };

                static int lab_probe(struct usb_interface *intf, const struct usb_device_id *id)
                {
                    struct usb_endpoint_descriptor *in;

                    if (usb_find_bulk_in_endpoint(intf->cur_altsetting, &in))
                        return -ENODEV;
                    lab = kzalloc(sizeof(*lab), GFP_KERNEL);
                #ifdef TAKE_REF
                    lab->udev = usb_get_dev(interface_to_usbdev(intf));
                #else
                    lab->udev = interface_to_usbdev(intf);
                #endif
                    lab->in_ep = in->bEndpointAddress;
                    lab->urb = usb_alloc_urb(0, GFP_KERNEL);
                    return usb_register_dev(intf, &lab_class);
                }

                static void lab_disconnect(struct usb_interface *intf)
                {
                    usb_deregister_dev(intf, &lab_class);
                }

                static struct usb_driver lab_driver = {
                    .name = "stick",
                    .id_table = lab_ids,
                    .probe = lab_probe,
                    .disconnect = lab_disconnect,
                };

                static int __init lab_init(void)
                {
                    return usb_register(&lab_driver);
                }

                static void __exit lab_exit(void)
                {
                    usb_deregister(&lab_driver);
                    usb_free_urb(lab->urb);
                #ifdef TAKE_REF
                    usb_put_dev(lab->udev);
                #endif
                    kfree(lab);
                }

                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """;
    }

    private static final String UNPLUG_THEN_READ = """
            insmod lab
            open /dev/lab0 as A
            unplug stick
            read A 8
            close A
            rmmod lab
            """;

    @Test
    void aDriverThatForgetsUsbGetDevUsesTheFreedUsbDeviceAfterUnplug() {
        RunResult r = Lab.driver(keeper(false))
                .usbDevice("stick", 0x1234, 0x5678, null)
                .run(UNPLUG_THEN_READ);
        assertThat(Lab.report(r).title()).contains("use-after-free in __create_pipe");
        assertThat(Lab.first(r, "enter", "usb_release_dev")).isLessThan(Lab.first(r, "command", "read A 8"));
    }

    @Test
    void usbGetDevKeepsTheUsbDeviceUntilTheDriversLastUsbPutDevFreesIt() {
        RunResult r = Lab.driver(keeper(true))
                .usbDevice("stick", 0x1234, 0x5678, null)
                .run(UNPLUG_THEN_READ);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        // gone from its port: a submit fails, on memory that is still there
        assertThat(Lab.driverLog(r)).contains("submit -19");
        assertThat(Lab.first(r, "enter", "usb_release_dev")).isGreaterThan(Lab.first(r, "command", "rmmod lab"));
        assertThat(Lab.first(r, "enter", "usb_release_dev")).isGreaterThan(Lab.first(r, "enter", "lab_exit"));
    }
}

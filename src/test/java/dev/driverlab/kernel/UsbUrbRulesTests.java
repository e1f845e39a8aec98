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
        RunResult r = Lab.driver(BULK).usbDevice("bulk", 0x1234, 0x9999, null).usbDevice("stick", 0x1234, 0x5678, null)
                .run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.dmesg()).containsExactly("probe id 1234:5678 in 81 out 02 maxp 512");
        assertThat(events(r, "bound")).extracting(TraceEvent::text).containsExactly("stick bound to driver bulk");
    }

    @Test
    void usbRegisterDevMakesTheClassNodeAndOpenGoesThroughUsbOpen() {
        RunResult r = Lab.driver(BULK).usbDevice("stick", 0x1234, 0x5678, "abc").run("insmod lab\nopen /dev/bulk0 as A");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output()).containsExactly("A: open(\"/dev/bulk0\", O_RDWR) = 3");
        assertThat(events(r, "enter", "usb_open")).hasSize(1);
        assertThat(events(r, "enter", "bulk_open")).hasSize(1);
    }

    @Test
    void aBulkInUrbCompletesInTheHostControllersInterruptWithTheDevicesBytes() {
        RunResult r = Lab.driver(BULK).usbDevice("stick", 0x1234, 0x5678, "hello").run("""
                insmod lab
                open /dev/bulk0 as A
                read A 3
                read A 64
                """);
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output()).containsExactly("A: open(\"/dev/bulk0\", O_RDWR) = 3", "A: read(3, \"hel\", 3) = 3",
                "A: read(3, \"lo\", 64) = 2");
        assertThat(r.dmesg()).contains("in done 0 len 3 irq 1", "in done 0 len 2 irq 1");
        assertThat(events(r, "enter", "bulk_in_done")).extracting(TraceEvent::context).containsOnly("irq24");
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
        assertThat(r.dmesg()).contains("in done -71 len 0 irq 1");
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
        assertThat(r.dmesg()).contains("bulk_msg -110");
        assertThat(r.output()).contains("A: read(3, \"\", 64) = -1 ETIMEDOUT (Connection timed out)");
        assertThat(events(r, "enter", "usb_kill_urb")).hasSize(1);
        assertThat(events(r, "enter", "usb_api_blocking_completion")).extracting(TraceEvent::context)
                .containsExactly("irq24");
    }
}

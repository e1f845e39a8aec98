package dev.driverlab.engine;

import dev.driverlab.engine.compile.Unit;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.Bus;
import dev.driverlab.kernel.Device;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.GpioSpec;
import dev.driverlab.kernel.KernelState;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.Memory;
import dev.driverlab.kernel.Site;
import dev.driverlab.kernel.UsbPrimitives;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the world's devices on their buses at boot, as firmware and the hub driver would have: a registered
 * {@code struct platform_device}, or a {@code struct usb_device} with one {@code struct usb_interface} named after
 * the driver that wants it. Each holds the one reference its bus keeps until it is unplugged.
 */
final class WorldBuilder {
    private final Machine m;
    private final Unit k;
    private final Memory mem;
    private final Site boot = new Site(1, "swapper/0", 0, List.of("device_add", "do_initcalls"));
    private int usbDevnum = 2;

    WorldBuilder(Machine m) {
        this.m = m;
        this.k = m.program().kernel();
        this.mem = m.kernel().memory();
    }

    void add(DeviceSpec spec) {
        switch (Bus.of(spec.bus())) {
            case USB -> usb(spec);
            case I2C -> i2c(spec);
            case PLATFORM -> platform(spec);
        }
    }

    /**
     * The world's GPIO controller, as gpiochip_add_data would leave it: its gpio_device on gpio_devices with base,
     * line count and one descriptor per line, every line an input at the level the world holds it (low, or high for
     * the lines {@code high} lists). A world with no lines has no chip.
     */
    void gpio(GpioSpec spec) {
        if (spec.lines() == 0) return;
        long gdev = global("gpio_sim_gdev0");
        long chip = global("gpio_sim_chip0");
        long gc = chip + off("gpio_sim_chip", "gc");
        mem.write(gdev + off("gpio_device", "base"), 4, spec.base());
        mem.write(gdev + off("gpio_device", "ngpio"), 2, spec.lines());
        mem.write(gc + off("gpio_chip", "base"), 4, spec.base());
        mem.write(gc + off("gpio_chip", "ngpio"), 2, spec.lines());
        mem.write(gc + off("gpio_chip", "gpiodev"), 8, gdev);
        mem.write(chip + off("gpio_sim_chip", "irq_base"), 4, GpioSpec.IRQ_BASE);
        long descs = mem.read(gdev + off("gpio_device", "descs"), 8, false);
        int descSize = k.struct("gpio_desc").size();
        for (int i = 0; i < spec.lines(); i++) {
            mem.write(descs + (long) i * descSize + off("gpio_desc", "gdev"), 8, gdev);
            setBit(chip + off("gpio_sim_chip", "direction_map"), i);
        }
        for (int g : spec.high()) {
            setBit(chip + off("gpio_sim_chip", "value_map"), g - spec.base());
            setBit(chip + off("gpio_sim_chip", "pull_map"), g - spec.base());
        }
        long dev = gdev + off("gpio_device", "dev");
        long kobj = dev + off("device", "kobj");
        long name = string("gpiochip0");
        mem.write(dev + off("device", "init_name"), 8, name);
        mem.write(kobj + off("kobject", "name"), 8, name);
        mem.write(kobj + off("kobject", "kref"), 4, 1);
        mem.write(kobj + off("kobject", "ktype"), 8, global("device_ktype"));
        mem.write(kobj + off("kobject", "state_initialized"), 1, 1);
        mem.write(kobj + off("kobject", "state_in_sysfs"), 1, 1);
        mem.write(dev + off("device", "registered"), 1, 1);
        long head = global("gpio_devices");
        long list = gdev + off("gpio_device", "list");
        mem.write(list + off("list_head", "next"), 8, head);
        mem.write(list + off("list_head", "prev"), 8, head);
        mem.write(head + off("list_head", "next"), 8, list);
        mem.write(head + off("list_head", "prev"), 8, list);
    }

    private void setBit(long bitmap, int bit) {
        long word = bitmap + 8L * (bit / 64);
        mem.write(word, 8, mem.read(word, 8, false) | (1L << (bit % 64)));
    }

    private void platform(DeviceSpec spec) {
        long name = string(spec.name());
        MemObject pdev = object("platform_device", spec.name());
        long dev = pdev.base + off("platform_device", "dev");
        mem.write(pdev.base + off("platform_device", "name"), 8, name);
        mem.write(pdev.base + off("platform_device", "id"), 4, -1);
        mem.write(pdev.base + off("platform_device", "irq"), 4, spec.irq() == null ? 0 : spec.irq());
        // One 4 KiB register window per device, as a device tree "reg" property would give.
        MemObject res = object("resource", spec.name() + " registers");
        long phys = 0xfe000000L + 0x1000L * m.kernel().devices().size();
        mem.write(res.base + off("resource", "start"), 8, phys);
        mem.write(res.base + off("resource", "end"), 8, phys + 0xfff);
        mem.write(res.base + off("resource", "flags"), 8, 0x200);
        mem.write(pdev.base + off("platform_device", "resource"), 8, res.base);
        mem.write(pdev.base + off("platform_device", "num_resources"), 4, 1);
        if (spec.hasOfNode()) mem.write(dev + off("device", "of_node"), 8, ofNode(spec));
        device(dev, name, "platform_bus_type", "platform_device_release", 1, 0);
        m.kernel().addDevice(new Device(spec.name(), Bus.of(spec.bus()), spec.irq(), pdev.base, dev));
    }

    /**
     * The device's devicetree node, as of_platform_populate would have it from the flattened tree: named after the
     * device, its "compatible" property first, then the world's properties in order:
     * a string with its NUL, integers as big-endian 32-bit cells, true as an empty property.
     */
    private long ofNode(DeviceSpec spec) {
        MemObject np = object("device_node", spec.name() + " of_node");
        long name = string(spec.name()); // a world name has no "@unit": name and full_name are the same
        mem.write(np.base + off("device_node", "full_name"), 8, name);
        mem.write(np.base + off("device_node", "name"), 8, name);
        Map<String, Object> props = new LinkedHashMap<>();
        if (spec.compatible() != null) props.put("compatible", spec.compatible());
        if (spec.properties() != null) props.putAll(spec.properties());
        long link = np.base + off("device_node", "properties");
        for (Map.Entry<String, Object> e : props.entrySet()) {
            byte[] value = propertyValue(e.getValue());
            MemObject pp = object("property", spec.name() + " " + e.getKey());
            mem.write(pp.base + off("property", "name"), 8, string(e.getKey()));
            mem.write(pp.base + off("property", "length"), 4, value.length);
            MemObject v = mem.allocate(Math.max(1, value.length), MemObject.Kind.KERNEL_OBJECT, "u8[]", boot);
            for (int i = 0; i < value.length; i++) mem.write(v.base + i, 1, value[i]);
            mem.write(pp.base + off("property", "value"), 8, v.base);
            mem.write(link, 8, pp.base);
            link = pp.base + off("property", "next");
        }
        return np.base;
    }

    private static byte[] propertyValue(Object v) {
        if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return Arrays.copyOf(b, b.length + 1);
        }
        List<?> cells = v instanceof List<?> l ? l : v instanceof Number ? List.of(v) : List.of();
        ByteBuffer b = ByteBuffer.allocate(4 * cells.size()).order(ByteOrder.BIG_ENDIAN);
        for (Object c : cells) b.putInt((int) ((Number) c).longValue());
        return b.array();
    }

    /** An i2c client at address 0x50 + its index, as a board file or device tree would declare it. */
    private void i2c(DeviceSpec spec) {
        MemObject client = object("i2c_client", spec.name());
        long dev = client.base + off("i2c_client", "dev");
        for (int i = 0; i < spec.name().length() && i < 19; i++) {
            mem.write(
                    client.base + off("i2c_client", "name") + i, 1, spec.name().charAt(i));
        }
        mem.write(
                client.base + off("i2c_client", "addr"),
                2,
                0x50 + m.kernel().devices().size());
        mem.write(client.base + off("i2c_client", "irq"), 4, spec.irq() == null ? 0 : spec.irq());
        device(dev, string(spec.name()), "i2c_bus_type", "i2c_client_dev_release", 1, 0);
        m.kernel().addDevice(new Device(spec.name(), Bus.of(spec.bus()), spec.irq(), client.base, dev));
    }

    /**
     * A USB device on the root hub of the one host controller, configured: the device descriptor (with the world's
     * vendor/product ids), one interface with one altsetting of two bulk endpoints (0x81 IN, 0x02 OUT, 512-byte
     * packets), the interface named after the world device, and the device side the controller talks to.
     */
    private void usb(DeviceSpec spec) {
        if (usbDevnum == 2) hostController();
        int devnum = usbDevnum++;
        MemObject udev = object("usb_device", "usb " + (devnum - 1) + "-1");
        long udevDev = udev.base + off("usb_device", "dev");
        mem.write(udev.base + off("usb_device", "devnum"), 4, devnum);
        mem.write(udev.base + off("usb_device", "state"), 4, 7); // USB_STATE_CONFIGURED
        mem.write(udev.base + off("usb_device", "can_submit"), 4, 1);
        mem.write(udev.base + off("usb_device", "bus"), 8, global("usb_hcd0") + off("usb_hcd", "self"));
        String devpath = "1";
        for (int i = 0; i < devpath.length(); i++)
            mem.write(udev.base + off("usb_device", "devpath") + i, 1, devpath.charAt(i));
        long desc = udev.base + off("usb_device", "descriptor");
        mem.write(desc + off("usb_device_descriptor", "bLength"), 1, 18);
        mem.write(desc + off("usb_device_descriptor", "bDescriptorType"), 1, 1);
        mem.write(desc + off("usb_device_descriptor", "bcdUSB"), 2, 0x200);
        mem.write(desc + off("usb_device_descriptor", "bMaxPacketSize0"), 1, 64);
        mem.write(desc + off("usb_device_descriptor", "idVendor"), 2, spec.vendor() == null ? 0 : spec.vendor());
        mem.write(desc + off("usb_device_descriptor", "idProduct"), 2, spec.product() == null ? 0 : spec.product());
        mem.write(desc + off("usb_device_descriptor", "bNumConfigurations"), 1, 1);
        // The interface holds a reference to its device (dropped in usb_release_interface), the hub the other.
        device(udevDev, string((devnum - 1) + "-1"), "usb_bus_type", null, 2, 0);
        mem.write(udevDev + off("device", "type"), 8, global("usb_device_type"));

        int epSize = k.struct("usb_host_endpoint").size();
        MemObject eps = mem.allocate(2 * epSize, MemObject.Kind.KMALLOC, "struct usb_host_endpoint[]", boot);
        mem.setLabel(eps, spec.name() + " endpoints");
        int[][] endpoints = {{0x81, 1}, {0x02, 2}}; // bEndpointAddress, and where it goes in ep_in/ep_out
        for (int i = 0; i < endpoints.length; i++) {
            long ep = eps.base + (long) i * epSize;
            long d = ep + off("usb_host_endpoint", "desc");
            mem.write(d + off("usb_endpoint_descriptor", "bLength"), 1, 7);
            mem.write(d + off("usb_endpoint_descriptor", "bDescriptorType"), 1, 5);
            mem.write(d + off("usb_endpoint_descriptor", "bEndpointAddress"), 1, endpoints[i][0]);
            mem.write(d + off("usb_endpoint_descriptor", "bmAttributes"), 1, 2); // USB_ENDPOINT_XFER_BULK
            mem.write(d + off("usb_endpoint_descriptor", "wMaxPacketSize"), 2, 512);
            long list = ep + off("usb_host_endpoint", "urb_list");
            mem.write(list + off("list_head", "next"), 8, list);
            mem.write(list + off("list_head", "prev"), 8, list);
            mem.write(ep + off("usb_host_endpoint", "enabled"), 4, 1);
            boolean in = (endpoints[i][0] & 0x80) != 0;
            mem.write(udev.base + off("usb_device", in ? "ep_in" : "ep_out") + 8L * endpoints[i][1], 8, ep);
        }
        MemObject alt = object("usb_host_interface", spec.name() + " altsetting 0");
        long idesc = alt.base + off("usb_host_interface", "desc");
        mem.write(idesc + off("usb_interface_descriptor", "bLength"), 1, 9);
        mem.write(idesc + off("usb_interface_descriptor", "bDescriptorType"), 1, 4);
        mem.write(idesc + off("usb_interface_descriptor", "bNumEndpoints"), 1, endpoints.length);
        mem.write(idesc + off("usb_interface_descriptor", "bInterfaceClass"), 1, 0xff);
        mem.write(alt.base + off("usb_host_interface", "endpoint"), 8, eps.base);

        MemObject intf = object("usb_interface", spec.name());
        long dev = intf.base + off("usb_interface", "dev");
        mem.write(intf.base + off("usb_interface", "altsetting"), 8, alt.base);
        mem.write(intf.base + off("usb_interface", "cur_altsetting"), 8, alt.base);
        mem.write(intf.base + off("usb_interface", "num_altsetting"), 4, 1);
        mem.write(intf.base + off("usb_interface", "minor"), 4, -1);
        device(dev, string(spec.name()), "usb_bus_type", null, 1, udevDev);
        mem.write(dev + off("device", "type"), 8, global("usb_if_device_type"));
        mem.write(udev.base + off("usb_device", "intf"), 8, intf.base);

        byte[] data = spec.data() == null ? new byte[0] : spec.data().getBytes(StandardCharsets.UTF_8);
        MemObject world =
                mem.allocate(24 + Math.max(data.length, 1), MemObject.Kind.KERNEL_OBJECT, "usb device side", boot);
        mem.setLabel(world, spec.name() + " (the device)");
        mem.write(world.base, 8, 1); // present
        mem.write(world.base + 16, 8, data.length);
        for (int i = 0; i < data.length; i++) mem.write(world.base + 24 + i, 1, data[i]);
        m.kernel().addUsbPort(new KernelState.UsbPort(udev.base, world.base));
        m.kernel().addDevice(new Device(spec.name(), Bus.of(spec.bus()), spec.irq(), udev.base, dev));
    }

    /** The host controller's interrupt handler on its line, as its driver's request_irq(IRQF_SHARED) left it. */
    private void hostController() {
        MemObject action = object("irqaction", "xhci_hcd irqaction");
        mem.write(
                action.base + off("irqaction", "handler"),
                8,
                m.kernelImage().functionAddress(k.function("usb_hcd_irq").index));
        mem.write(action.base + off("irqaction", "dev_id"), 8, global("usb_hcd0"));
        mem.write(action.base + off("irqaction", "name"), 8, string("xhci_hcd"));
        mem.write(action.base + off("irqaction", "irq"), 4, UsbPrimitives.HCD_IRQ);
        mem.write(action.base + off("irqaction", "flags"), 8, 0x80); // IRQF_SHARED
        m.kernel().irqLine(UsbPrimitives.HCD_IRQ).actions().add(action.base);
    }

    private void device(long dev, long name, String bus, String release, int refs, long parent) {
        long kobj = dev + off("device", "kobj");
        mem.write(dev + off("device", "init_name"), 8, name);
        mem.write(kobj + off("kobject", "name"), 8, name);
        mem.write(kobj + off("kobject", "kref"), 4, refs);
        mem.write(kobj + off("kobject", "ktype"), 8, global("device_ktype"));
        mem.write(kobj + off("kobject", "state_initialized"), 1, 1);
        mem.write(kobj + off("kobject", "state_in_sysfs"), 1, 1);
        mem.write(dev + off("device", "bus"), 8, global(bus));
        mem.write(dev + off("device", "parent"), 8, parent);
        if (release != null) {
            mem.write(dev + off("device", "release"), 8, m.kernelImage().functionAddress(k.function(release).index));
        }
        mem.write(dev + off("device", "registered"), 1, 1);
    }

    private MemObject object(String struct, String label) {
        MemObject o = mem.allocate(k.struct(struct).size(), MemObject.Kind.KMALLOC, "struct " + struct, boot);
        mem.setLabel(o, label);
        return o;
    }

    private long string(String s) {
        MemObject o = mem.allocate(s.length() + 1, MemObject.Kind.KERNEL_OBJECT, "char[]", boot);
        for (int i = 0; i < s.length(); i++) mem.write(o.base + i, 1, s.charAt(i));
        return o.base;
    }

    private long global(String name) {
        return Addresses.KERNEL_DATA + k.global(name).offset();
    }

    private int off(String struct, String field) {
        return m.kernelOffset(struct, field);
    }
}

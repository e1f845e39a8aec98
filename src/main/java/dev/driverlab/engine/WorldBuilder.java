package dev.driverlab.engine;

import dev.driverlab.engine.compile.Unit;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.Device;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.Memory;
import dev.driverlab.kernel.Site;
import java.util.List;

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
        this.k = m.program.kernel();
        this.mem = m.kernel.memory();
    }

    void add(DeviceSpec spec) {
        if (spec.bus().equals("usb")) usb(spec);
        else if (spec.bus().equals("i2c")) i2c(spec);
        else platform(spec);
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
        long phys = 0xfe000000L + 0x1000L * m.kernel.devices().size();
        mem.write(res.base + off("resource", "start"), 8, phys);
        mem.write(res.base + off("resource", "end"), 8, phys + 0xfff);
        mem.write(res.base + off("resource", "flags"), 8, 0x200);
        mem.write(pdev.base + off("platform_device", "resource"), 8, res.base);
        mem.write(pdev.base + off("platform_device", "num_resources"), 4, 1);
        device(dev, name, "platform_bus_type", "platform_device_release", 1, 0);
        m.kernel.addDevice(new Device(spec.name(), spec.bus(), spec.irq(), pdev.base, dev));
    }

    /** An i2c client at address 0x50 + its index, as a board file or device tree would declare it. */
    private void i2c(DeviceSpec spec) {
        MemObject client = object("i2c_client", spec.name());
        long dev = client.base + off("i2c_client", "dev");
        for (int i = 0; i < spec.name().length() && i < 19; i++) {
            mem.write(client.base + off("i2c_client", "name") + i, 1, spec.name().charAt(i));
        }
        mem.write(client.base + off("i2c_client", "addr"), 2, 0x50 + m.kernel.devices().size());
        mem.write(client.base + off("i2c_client", "irq"), 4, spec.irq() == null ? 0 : spec.irq());
        device(dev, string(spec.name()), "i2c_bus_type", "i2c_client_dev_release", 1, 0);
        m.kernel.addDevice(new Device(spec.name(), spec.bus(), spec.irq(), client.base, dev));
    }

    private void usb(DeviceSpec spec) {
        int devnum = usbDevnum++;
        MemObject udev = object("usb_device", "usb " + (devnum - 1) + "-1");
        long udevDev = udev.base + off("usb_device", "dev");
        mem.write(udev.base + off("usb_device", "devnum"), 4, devnum);
        // The interface holds a reference to its device (dropped in usb_release_interface), the hub the other.
        device(udevDev, string((devnum - 1) + "-1"), "usb_bus_type", "usb_release_dev", 2, 0);
        MemObject intf = object("usb_interface", spec.name());
        long dev = intf.base + off("usb_interface", "dev");
        mem.write(intf.base + off("usb_interface", "usb_dev"), 8, udev.base);
        mem.write(intf.base + off("usb_interface", "minor"), 4, -1);
        device(dev, string(spec.name()), "usb_bus_type", "usb_release_interface", 1, udevDev);
        m.kernel.addDevice(new Device(spec.name(), spec.bus(), spec.irq(), intf.base, dev));
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
        mem.write(dev + off("device", "release"), 8, m.kernelImage.functionAddress(k.function(release).index));
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

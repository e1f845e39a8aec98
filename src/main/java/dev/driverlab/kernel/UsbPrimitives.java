package dev.driverlab.kernel;

/**
 * The model's USB host controller hardware and the world's USB devices behind it (drivers/usb/core/hcd.c calls
 * these): which devices sit on the root hub, what a device answers to a queued transfer, and the controller's
 * interrupt. The device side is a kernel object per device ({@link KernelState.UsbPort#world()}): present,
 * bytes consumed, length, then the bytes it answers bulk IN with.
 */
public final class UsbPrimitives {
    private UsbPrimitives() {}

    /** The controller's interrupt line (include/linux/usb/hcd.h's USB_HCD_IRQ). */
    public static final int HCD_IRQ = 24;

    static final int PRESENT = 0;
    static final int CONSUMED = 8;
    static final int LENGTH = 16;
    static final int DATA = 24;

    static void register(Primitives p) {
        // The root hub's next device after prev whose struct usb_device is still registered.
        p.add("__usb_hcd_next_device", (e, a) -> {
            boolean after = a[0] == 0;
            for (KernelState.UsbPort port : e.kernel().usbPorts) {
                if (after) {
                    MemObject o = e.memory().find(port.udev());
                    if (o != null
                            && o.live
                            && e.readField(port.udev() + e.offset("usb_device", "dev"), "device", "registered", 1)
                                    != 0) {
                        return port.udev();
                    }
                }
                if (port.udev() == a[0]) after = true;
            }
            return 0;
        });
        p.add("__usb_hcd_kick", (e, a) -> {
            e.raiseIrq(HCD_IRQ, e.kernel().cpus() - 1);
            return 0;
        });
        // The device's answer to the first transfer of an endpoint queue: 0 (done, actual_length set),
        // -EINPROGRESS (NAK: nothing to send yet) or -EPROTO (the device is gone).
        p.add("__usb_device_transfer", (e, a) -> {
            long urb = a[0];
            long udev = e.readField(urb, "urb", "dev", 8);
            KernelState.UsbPort port = null;
            for (KernelState.UsbPort q : e.kernel().usbPorts) if (q.udev() == udev) port = q;
            if (port == null || e.memory().read(port.world() + PRESENT, 8, false) == 0) return -Errno.EPROTO.number;
            long pipe = e.readField(urb, "urb", "pipe", 4);
            long len = e.readField(urb, "urb", "transfer_buffer_length", 4);
            long buf = e.readField(urb, "urb", "transfer_buffer", 8);
            if ((pipe & 0x80) == 0) { // OUT: the device takes it all
                if (len > 0) e.memory().checkRange(buf, len, false);
                e.writeField(urb, "urb", "actual_length", 4, len);
                return 0;
            }
            long consumed = e.memory().read(port.world() + CONSUMED, 8, false);
            long length = e.memory().read(port.world() + LENGTH, 8, false);
            if (consumed >= length) return -Errno.EINPROGRESS.number; // NAKed until the device has data
            long n = Math.min(len, length - consumed);
            if (n > 0) e.memory().copy(buf, port.world() + DATA + consumed, n);
            e.memory().write(port.world() + CONSUMED, 8, consumed + n);
            e.writeField(urb, "urb", "actual_length", 4, n);
            return 0;
        });
    }
}

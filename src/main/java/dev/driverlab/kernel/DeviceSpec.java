package dev.driverlab.kernel;

import java.util.regex.Pattern;

/**
 * A device present at boot: its name, its bus (a {@link Bus}'s id) and its IRQ line (null: none). A USB device may
 * declare its descriptor's {@code idVendor}/{@code idProduct} (then drivers match it by id table, else by name)
 * and the bytes it answers bulk IN transfers with ({@code data}, at most {@link #MAX_DATA} characters).
 */
public record DeviceSpec(String name, String bus, Integer irq, Integer vendor, Integer product, String data) {
    /** IRQ lines 1..MAX_IRQ (NR_IRQS-sized, as a small x86 machine has). */
    public static final int MAX_IRQ = 1023;
    /** What a USB device holds for bulk IN, at most. */
    public static final int MAX_DATA = 4096;
    /** A device name becomes dev_name() and a sysfs directory: no '/', no spaces, at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public DeviceSpec(String name, String bus, Integer irq) {
        this(name, bus, irq, null, null, null);
    }

    /** What is wrong with a device's name, or null when nothing is. */
    public static String nameProblem(String name) {
        return NAME.matcher(name).matches()
                ? null
                : "must be 1 to 64 letters, digits, '_', '.', ':' or '-' (it becomes a sysfs directory name)";
    }

    /**
     * What is wrong with the USB-only keys ({@code where} names the device), or null: they need bus usb, ids are
     * 16-bit (1..0xffff), and vendor and product come together.
     */
    public String usbProblem(String where) {
        boolean any = vendor != null || product != null || data != null;
        if (any && Bus.of(bus) != Bus.USB) return where + ": vendor, product and data need bus \"usb\"";
        if ((vendor == null) != (product == null)) return where + ": vendor and product go together";
        if (vendor != null && (vendor < 1 || vendor > 0xffff))
            return where + ".vendor must be between 0x0001 and 0xffff";
        if (product != null && (product < 0 || product > 0xffff))
            return where + ".product must be between 0 and 0xffff";
        if (data != null && data.length() > MAX_DATA)
            return where + ".data may hold at most " + MAX_DATA + " characters";
        return null;
    }
}

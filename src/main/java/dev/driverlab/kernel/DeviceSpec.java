package dev.driverlab.kernel;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A device present at boot: its name, its bus (a {@link Bus}'s id) and its IRQ line (null: none). A USB device may
 * declare its descriptor's {@code idVendor}/{@code idProduct} (then drivers match it by id table, else by name)
 * and the bytes it answers bulk IN transfers with ({@code data}, at most {@link #MAX_DATA} characters). A platform
 * device may come from the devicetree: its node's {@code compatible} string and other {@code properties} (a string,
 * a 32-bit integer, a list of them as cells, or {@code true} for an empty property), in the order given.
 */
public record DeviceSpec(
        String name,
        String bus,
        Integer irq,
        Integer vendor,
        Integer product,
        String data,
        String compatible,
        Map<String, Object> properties) {
    /** IRQ lines 1..MAX_IRQ (NR_IRQS-sized, as a small x86 machine has). */
    public static final int MAX_IRQ = 1023;
    /** What a USB device holds for bulk IN, at most. */
    public static final int MAX_DATA = 4096;
    /** A device name becomes dev_name() and a sysfs directory: no '/', no spaces, at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /** The most properties a devicetree node may carry here. */
    public static final int MAX_PROPERTIES = 32;

    public DeviceSpec(String name, String bus, Integer irq) {
        this(name, bus, irq, null, null, null);
    }

    public DeviceSpec(String name, String bus, Integer irq, Integer vendor, Integer product, String data) {
        this(name, bus, irq, vendor, product, data, null, null);
    }

    /** Whether the device has a devicetree node (of_node): a compatible string or properties. */
    public boolean hasOfNode() {
        return compatible != null || properties != null;
    }

    /**
     * What is wrong with the devicetree keys, or null: they need bus platform; compatible is a non-empty string;
     * each property is named and holds a string, a 32-bit unsigned integer, a non-empty list of them, or true.
     */
    public String ofProblem(String where) {
        if (!hasOfNode()) return null;
        if (Bus.of(bus) != Bus.PLATFORM) return where + ": compatible and properties need bus \"platform\"";
        if (compatible != null && (compatible.isEmpty() || compatible.length() > 127))
            return where + ".compatible must be 1 to 127 characters";
        if (properties == null) return null;
        if (properties.size() > MAX_PROPERTIES)
            return where + ".properties may hold at most " + MAX_PROPERTIES + " properties";
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            String key = where + ".properties." + p.getKey();
            if (p.getKey().isEmpty() || p.getKey().length() > 64 || p.getKey().equals("compatible"))
                return where + ".properties: a property name is 1 to 64 characters, and not \"compatible\"";
            Object v = p.getValue();
            boolean ok = v instanceof String str && str.length() <= MAX_DATA
                    || Boolean.TRUE.equals(v)
                    || isCell(v)
                    || v instanceof List<?> l
                            && !l.isEmpty()
                            && l.size() <= 64
                            && l.stream().allMatch(DeviceSpec::isCell);
            if (!ok) return key + " must be a string, an integer between 0 and 0xffffffff, a list of them, or true";
        }
        return null;
    }

    private static boolean isCell(Object v) {
        return (v instanceof Integer || v instanceof Long)
                && ((Number) v).longValue() >= 0
                && ((Number) v).longValue() <= 0xffffffffL;
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

package dev.driverlab.kernel;

import java.util.List;
import java.util.regex.Pattern;

/** A device present at boot: its name, its bus ({@link #BUSES}) and its IRQ line (null: none). */
public record DeviceSpec(String name, String bus, Integer irq) {
    /** The buses a world's devices can sit on. */
    public static final List<String> BUSES = List.of("platform", "usb", "i2c");
    /** IRQ lines 1..MAX_IRQ (NR_IRQS-sized, as a small x86 machine has). */
    public static final int MAX_IRQ = 1023;
    /** A device name becomes dev_name() and a sysfs directory: no '/', no spaces, at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /** What is wrong with a device's name, or null when nothing is. */
    public static String nameProblem(String name) {
        return NAME.matcher(name).matches() ? null
                : "must be 1 to 64 letters, digits, '_', '.', ':' or '-' (it becomes a sysfs directory name)";
    }
}

package dev.driverlab.kernel;

import java.util.List;

/**
 * The world's GPIO controller (drivers/gpio/gpio-sim.c): its first global GPIO number, how many lines it has (0: the
 * machine has none) and the global numbers of the input lines the world holds high at boot (the others are low).
 * Line {@code base + i} is interrupt {@link #IRQ_BASE}{@code + i} once a driver asks {@code gpio_to_irq} for it.
 */
public record GpioSpec(int base, int lines, List<Integer> high) {
    /** What a board without a {@code gpio:} key has: one 64-line controller at GPIO 0, as a SoC's pin controller. */
    public static final GpioSpec DEFAULT = new GpioSpec(0, 64, List.of());

    /** gpio-sim.c's GPIO_SIM_NGPIO_MAX: the most lines the chip's bitmaps hold. */
    public static final int MAX_LINES = 256;

    /** include/asm-generic/gpio.h's ARCH_NR_GPIOS: global GPIO numbers are 0..511. */
    public static final int ARCH_NR_GPIOS = 512;

    /** The chip's first interrupt number (its irq domain's first virq). */
    public static final int IRQ_BASE = 200;

    public GpioSpec {
        high = high == null ? List.of() : List.copyOf(high);
    }

    /** What is wrong with this chip, or null; {@code irqs} are the world's devices' IRQ lines. */
    String problem() {
        if (lines < 0 || lines > MAX_LINES) return "world.gpio.lines must be an integer between 0 and " + MAX_LINES;
        if (base < 0 || base + lines > ARCH_NR_GPIOS) {
            return "world.gpio.base must be an integer between 0 and " + (ARCH_NR_GPIOS - lines)
                    + " (GPIO numbers stop at ARCH_NR_GPIOS, " + ARCH_NR_GPIOS + ")";
        }
        for (Integer g : high) {
            if (g == null || g < base || g >= base + lines) {
                return "world.gpio.high lists GPIO " + g + ", not a line of the chip (" + base + ".."
                        + (base + lines - 1) + ")";
            }
        }
        return null;
    }

    /** Whether IRQ line {@code irq} is one of the chip's. */
    public boolean ownsIrq(int irq) {
        return irq >= IRQ_BASE && irq < IRQ_BASE + lines;
    }
}

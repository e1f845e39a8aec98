package dev.driverlab.engine;

import dev.driverlab.engine.compile.Unit;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.GpioSpec;
import dev.driverlab.kernel.IrqLine;
import dev.driverlab.kernel.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * The world's GPIO controller seen from outside the kernel: its lines' bits in {@code struct gpio_sim_chip}
 * (drivers/gpio/gpio-sim.c) and the descriptors gpiolib keeps for them. The hardware's side of a line: the world
 * pulls it ({@link #pull}: an input follows and its edge detector raises the line's interrupt), and the state view
 * shows every line a driver has touched.
 */
public final class GpioLines {
    /** IRQF_TRIGGER_RISING and IRQF_TRIGGER_FALLING (include/linux/interrupt.h). */
    private static final int RISING = 1;

    private static final int FALLING = 2;
    /** gpiolib.h's FLAG_REQUESTED and FLAG_ACTIVE_LOW bits of a descriptor's flags. */
    private static final int FLAG_REQUESTED = 0;

    private static final int FLAG_ACTIVE_LOW = 6;

    private final Machine m;
    private final Memory mem;
    private final GpioSpec spec;
    private final long chip;

    public GpioLines(Machine m) {
        this.m = m;
        this.mem = m.kernel().memory();
        this.spec = m.program().world().gpio();
        Unit k = m.program().kernel();
        this.chip = Addresses.KERNEL_DATA + k.global("gpio_sim_chip0").offset();
    }

    /** Whether global GPIO {@code gpio} is a line of the world's controller. */
    boolean has(int gpio) {
        return gpio >= spec.base() && gpio < spec.base() + spec.lines();
    }

    String range() {
        return spec.lines() == 0
                ? "this world has no GPIO controller (world: gpio: lines: 0)"
                : "the GPIO controller has lines " + spec.base() + ".." + (spec.base() + spec.lines() - 1);
    }

    /**
     * The world pulls line {@code gpio} to {@code value}, as gpio-sim's "pull" attribute does: an input's level
     * follows (a line the driver drives as an output keeps its own). Returns the interrupt to raise, or -1: the
     * line's, if its level changed, a driver mapped it with gpio_to_irq, a handler is set up on it and the edge is
     * one its IRQF_TRIGGER_* flags ask for.
     */
    int pull(int gpio, boolean value) {
        int offset = gpio - spec.base();
        assign("pull_map", offset, value);
        if (!bit("direction_map", offset)) return -1;
        boolean old = bit("value_map", offset);
        assign("value_map", offset, value);
        if (old == value || !bit("irq_mapped", offset)) return -1;
        int irq = GpioSpec.IRQ_BASE + offset;
        IrqLine line = m.kernel().irq(irq);
        if (line == null || line.actions().isEmpty()) return -1; // irq_sim: a line shut down loses the edge
        return (line.trigger() & (value ? RISING : FALLING)) != 0 ? irq : -1;
    }

    /** A line a driver requested, or one that is not where the world left it: number, label, direction, level. */
    public record Line(int gpio, String label, boolean output, int value, boolean activeLow) {}

    public List<Line> lines() {
        List<Line> result = new ArrayList<>();
        if (spec.lines() == 0) return result;
        Unit k = m.program().kernel();
        long gdev = Addresses.KERNEL_DATA + k.global("gpio_sim_gdev0").offset();
        long descs = mem.read(gdev + m.kernelOffset("gpio_device", "descs"), 8, false);
        int size = k.struct("gpio_desc").size();
        for (int i = 0; i < spec.lines(); i++) {
            long desc = descs + (long) i * size;
            long flags = mem.read(desc + m.kernelOffset("gpio_desc", "flags"), 8, false);
            boolean requested = (flags & (1L << FLAG_REQUESTED)) != 0;
            boolean output = !bit("direction_map", i);
            if (!requested && !output) continue;
            long label = mem.read(desc + m.kernelOffset("gpio_desc", "label"), 8, false);
            result.add(new Line(
                    spec.base() + i,
                    requested && label != 0 ? mem.readString(label, 64) : null,
                    output,
                    bit("value_map", i) ? 1 : 0,
                    (flags & (1L << FLAG_ACTIVE_LOW)) != 0));
        }
        return result;
    }

    private long word(String map, int bit) {
        return chip + m.kernelOffset("gpio_sim_chip", map) + 8L * (bit / 64);
    }

    private boolean bit(String map, int bit) {
        return (mem.read(word(map, bit), 8, false) & (1L << (bit % 64))) != 0;
    }

    private void assign(String map, int bit, boolean value) {
        long w = word(map, bit);
        long old = mem.read(w, 8, false);
        mem.write(w, 8, value ? old | (1L << (bit % 64)) : old & ~(1L << (bit % 64)));
    }
}

package dev.driverlab.kernel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated machine a scenario runs on: CPUs, the devices present on its buses, the kernel version and its GPIO
 * controller.
 */
public record World(int cpus, List<DeviceSpec> devices, KernelVersion kernel, GpioSpec gpio) {
    public static final World DEFAULT = new World(2, List.of());
    /** The most CPUs and devices a world may have: each device is booted, bound and drawn. */
    public static final int MAX_CPUS = 64;

    public static final int MAX_DEVICES = 64;

    public World {
        devices = List.copyOf(devices);
        kernel = kernel == null ? KernelVersion.V6_1 : kernel;
        gpio = gpio == null ? GpioSpec.DEFAULT : gpio;
    }

    public World(int cpus, List<DeviceSpec> devices, KernelVersion kernel) {
        this(cpus, devices, kernel, GpioSpec.DEFAULT);
    }

    public World(int cpus, List<DeviceSpec> devices) {
        this(cpus, devices, KernelVersion.V6_1);
    }

    public World withKernel(KernelVersion version) {
        return new World(cpus, devices, version, gpio);
    }

    /**
     * What is wrong with a world: {@code pointer} is the JSON pointer of the value at fault, as in a scenario file
     * ({@code /world/devices/1/bus}); {@code earlier}, for a duplicate device name, the pointer of the device that
     * has it first.
     */
    public record Problem(String pointer, String message, String earlier) {}

    /**
     * The one set of rules a world follows, whoever wrote it (a scenario file, a request's JSON): 1 to MAX_CPUS
     * CPUs, at most MAX_DEVICES devices, each with a name that can be a sysfs directory and unique, a {@link Bus},
     * an IRQ line in 1..MAX_IRQ outside the GPIO controller's, a GPIO controller within ARCH_NR_GPIOS, and USB-only keys only on USB. Returns the first problem, or null. A reader checks
     * the types of what it reads (a YAML mapping, a string) itself, then this.
     */
    public Problem problem() {
        if (cpus < 1 || cpus > MAX_CPUS) {
            return new Problem("/world/cpus", "world.cpus must be an integer between 1 and " + MAX_CPUS, null);
        }
        if (devices.size() > MAX_DEVICES) {
            return new Problem(
                    "/world/devices",
                    "world.devices may list at most " + MAX_DEVICES + " devices, not " + devices.size(),
                    null);
        }
        if (gpio.problem() != null) return new Problem("/world/gpio", gpio.problem(), null);
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceSpec d = devices.get(i);
            String pointer = "/world/devices/" + i;
            String where = "world.devices[" + i + "]";
            if (d == null || d.name() == null || d.name().isBlank()) {
                return new Problem(pointer + "/name", where + ".name must be a non-empty string", null);
            }
            if (DeviceSpec.nameProblem(d.name()) != null) {
                return new Problem(pointer + "/name", where + ".name " + DeviceSpec.nameProblem(d.name()), null);
            }
            if (Bus.of(d.bus()) == null) {
                return new Problem(
                        pointer + "/bus", where + ".bus must be " + Bus.choices() + ", not '" + d.bus() + "'", null);
            }
            if (d.irq() != null && (d.irq() < 1 || d.irq() > DeviceSpec.MAX_IRQ)) {
                return new Problem(
                        pointer + "/irq", where + ".irq must be an integer between 1 and " + DeviceSpec.MAX_IRQ, null);
            }
            if (d.irq() != null && gpio.ownsIrq(d.irq())) {
                return new Problem(
                        pointer + "/irq",
                        where + ".irq " + d.irq() + " is the GPIO controller's (IRQs " + GpioSpec.IRQ_BASE + ".."
                                + (GpioSpec.IRQ_BASE + gpio.lines() - 1) + ")",
                        null);
            }
            Integer earlier = first.putIfAbsent(d.name(), i);
            if (earlier != null) {
                return new Problem(
                        pointer + "/name",
                        "duplicate device name '" + d.name() + "' in world.devices",
                        "/world/devices/" + earlier);
            }
            if (d.usbProblem(where) != null) return new Problem(pointer, d.usbProblem(where), null);
            if (d.ofProblem(where) != null) return new Problem(pointer, d.ofProblem(where), null);
        }
        return null;
    }
}

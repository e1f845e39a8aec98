package dev.driverlab.kernel;

import java.util.List;

/** The simulated machine a scenario runs on: CPUs, the devices present on its buses, and the kernel version. */
public record World(int cpus, List<DeviceSpec> devices, KernelVersion kernel) {
    public static final World DEFAULT = new World(2, List.of());
    /** The most CPUs and devices a world may have: each device is booted, bound and drawn. */
    public static final int MAX_CPUS = 64;

    public static final int MAX_DEVICES = 64;

    public World {
        devices = List.copyOf(devices);
        kernel = kernel == null ? KernelVersion.V6_1 : kernel;
    }

    public World(int cpus, List<DeviceSpec> devices) {
        this(cpus, devices, KernelVersion.V6_1);
    }

    public World withKernel(KernelVersion version) {
        return new World(cpus, devices, version);
    }
}

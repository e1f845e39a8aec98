package dev.driverlab.kernel;

import java.util.List;

/** The simulated machine a scenario runs on: CPUs and the devices present on its buses. */
public record World(int cpus, List<DeviceSpec> devices) {
    public static final World DEFAULT = new World(2, List.of());
    /** The most CPUs and devices a world may have: each device is booted, bound and drawn. */
    public static final int MAX_CPUS = 64;

    public static final int MAX_DEVICES = 64;

    public World {
        devices = List.copyOf(devices);
    }
}

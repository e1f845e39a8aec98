package dev.driverlab.kernel;

import java.util.List;

/** The simulated machine a scenario runs on: CPUs and the devices present on its buses. */
public record World(int cpus, List<DeviceSpec> devices) {
    public static final World DEFAULT = new World(2, List.of());

    public World {
        devices = List.copyOf(devices);
    }
}

package dev.driverlab.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.GpioSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which scenario a session runs, as the client named it: exactly one of a built-in {@code scenario} id, a whole
 * {@code yaml} scenario file, or an inline driver {@code source} (with optional {@code world} and {@code module}).
 * Stored as JSON with session records and shares, so a session or link keeps naming the scenario the same way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioSpec(String scenario, String yaml, String source, WorldSpec world, String module) {
    /** The largest scenario file or driver source accepted (64 KiB of UTF-8). */
    public static final int MAX_SOURCE_BYTES = 64 * 1024;

    /**
     * The machine of an inline driver; null fields take the defaults (2 CPUs, no devices, kernel "6.1", the default
     * GPIO controller). {@code kernel} is what a scenario file's {@code kernel:} key says, checked the same way
     * (KernelVersion.problem); {@code gpio} what its {@code world: gpio:} says.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorldSpec(Integer cpus, List<DeviceSpec> devices, String kernel, GpioWorld gpio) {
        public WorldSpec(Integer cpus, List<DeviceSpec> devices, String kernel) {
            this(cpus, devices, kernel, null);
        }

        public WorldSpec(Integer cpus, List<DeviceSpec> devices) {
            this(cpus, devices, null);
        }
    }

    /** The GPIO controller of an inline driver's machine; null fields take GpioSpec.DEFAULT's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GpioWorld(Integer base, Integer lines, List<Integer> high) {
        public GpioSpec spec() {
            return new GpioSpec(
                    base == null ? GpioSpec.DEFAULT.base() : base,
                    lines == null ? GpioSpec.DEFAULT.lines() : lines,
                    high == null ? List.of() : high);
        }
    }

    public static ScenarioSpec builtIn(String id) {
        return new ScenarioSpec(id, null, null, null, null);
    }

    public static ScenarioSpec ofYaml(String yaml) {
        return new ScenarioSpec(null, yaml, null, null, null);
    }

    /** Throws unless exactly one form is given and it is within the size limit. */
    public void check() {
        int forms = (scenario != null ? 1 : 0) + (yaml != null ? 1 : 0) + (source != null ? 1 : 0);
        if (forms != 1) {
            throw new InvalidRequest("give exactly one of \"scenario\" (a built-in id), \"yaml\" (a scenario "
                    + "file) or \"source\" (a driver, with optional \"world\" and \"module\")");
        }
        if (source == null && (world != null || module != null)) {
            throw new InvalidRequest("\"world\" and \"module\" go with \"source\" only");
        }
        String text = yaml != null ? yaml : source;
        if (text != null && text.getBytes(StandardCharsets.UTF_8).length > MAX_SOURCE_BYTES) {
            throw new LimitExceeded((yaml != null ? "the scenario file" : "the driver source") + " is "
                    + text.getBytes(StandardCharsets.UTF_8).length + " bytes; the limit is " + MAX_SOURCE_BYTES
                    + " bytes (64 KiB)");
        }
    }
}

package dev.driverlab.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.GpioSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Which scenario a session runs, as the client named it: exactly one of a built-in {@code scenario} id, a whole
 * {@code yaml} scenario file, or an inline driver: its {@code source} and/or its files {@code sources} (file name
 * → text, as a scenario file's {@code sources:}), with optional {@code world}, {@code module} and {@code modules}
 * (module name → its C files, as a scenario file's {@code modules:}). Stored as JSON with session records and
 * shares, so a session or link keeps naming the scenario the same way, every file and module included.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioSpec(
        String scenario,
        String yaml,
        String source,
        WorldSpec world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules) {
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

    /** An inline driver of one file. */
    public ScenarioSpec(String scenario, String yaml, String source, WorldSpec world, String module) {
        this(scenario, yaml, source, world, module, null, null);
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

    /** Whether this is the inline form (a driver's files rather than a built-in id or a scenario file). */
    public boolean inline() {
        return source != null || sources != null;
    }

    /** Throws unless exactly one form is given and it is within the size limit. */
    public void check() {
        int forms = (scenario != null ? 1 : 0) + (yaml != null ? 1 : 0) + (inline() ? 1 : 0);
        if (forms != 1) {
            throw new InvalidRequest("give exactly one of \"scenario\" (a built-in id), \"yaml\" (a scenario "
                    + "file) or \"source\"/\"sources\" (a driver, with optional \"world\", \"module\" and "
                    + "\"modules\")");
        }
        if (!inline() && (world != null || module != null || modules != null)) {
            throw new InvalidRequest("\"world\", \"module\" and \"modules\" go with \"source\" or \"sources\" only");
        }
        int bytes = yaml != null ? utf8(yaml) : source != null ? utf8(source) : 0;
        if (sources != null) {
            for (Map.Entry<String, String> f : sources.entrySet()) {
                if (f.getKey() == null || f.getValue() == null) {
                    throw new InvalidRequest("\"sources\" maps each file name to its text");
                }
                bytes += utf8(f.getValue());
            }
        }
        if (bytes > MAX_SOURCE_BYTES) {
            String what = yaml != null
                    ? "the scenario file is "
                    : sources != null ? "the driver's files are " : "the driver source is ";
            throw new LimitExceeded(what + bytes + " bytes; the limit is " + MAX_SOURCE_BYTES + " bytes (64 KiB)");
        }
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

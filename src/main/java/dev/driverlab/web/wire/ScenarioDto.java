package dev.driverlab.web.wire;

import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.GpioSpec;
import dev.driverlab.kernel.World;
import dev.driverlab.scenario.ExploreSpec;
import dev.driverlab.scenario.Scenario;
import java.util.List;
import java.util.Map;

/**
 * A scenario on the wire ({@code GET /api/scenarios/{id}}, a session's scenario): its text ({@code title},
 * {@code summary}, {@code seed}, {@code lesson}, {@code tags}), the driver ({@code module}, {@code source} and the
 * other {@code sources}; {@code modules}: the modules built together, each with its files), the machine ({@code world}), its {@code script} and named {@code scripts}, the search it
 * declares ({@code explore}) and the one "Find the race" runs ({@code search}: the declared one, else one derived
 * from the script). Mapped from {@link Scenario}.
 */
public record ScenarioDto(
        String id,
        String title,
        String summary,
        String seed,
        String module,
        WorldDto world,
        String script,
        Map<String, String> scripts,
        String source,
        String lesson,
        List<String> tags,
        SearchDto explore,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        SearchDto search) {

    public static ScenarioDto of(Scenario s) {
        return new ScenarioDto(
                s.id(),
                s.title(),
                s.summary(),
                s.seed(),
                s.module(),
                WorldDto.of(s.world()),
                s.script(),
                s.scripts(),
                s.source(),
                s.lesson(),
                s.tags(),
                SearchDto.of(s.explore()),
                s.sources(),
                s.modules(),
                SearchDto.of(s.search()));
    }

    /**
     * The machine: its CPUs, its devices, the kernel release it simulates ({@code V6_1}, {@code V6_6}) and its GPIO
     * controller.
     */
    public record WorldDto(int cpus, List<DeviceDto> devices, String kernel, GpioDto gpio) {
        static WorldDto of(World w) {
            return new WorldDto(
                    w.cpus(),
                    StateDto.map(w.devices(), DeviceDto::of),
                    w.kernel() == null ? null : w.kernel().name(),
                    w.gpio() == null ? null : GpioDto.of(w.gpio()));
        }
    }

    /** The GPIO controller: its first GPIO number, its line count and the inputs held high at boot. */
    public record GpioDto(int base, int lines, List<Integer> high) {
        static GpioDto of(GpioSpec g) {
            return new GpioDto(g.base(), g.lines(), g.high());
        }
    }

    /**
     * A device present at boot: its name, bus and IRQ line, a USB device's ids and bulk IN data, a platform device's
     * devicetree {@code compatible} string and {@code properties}.
     */
    public record DeviceDto(
            String name,
            String bus,
            Integer irq,
            Integer vendor,
            Integer product,
            String data,
            String compatible,
            Map<String, Object> properties) {
        static DeviceDto of(DeviceSpec d) {
            return new DeviceDto(
                    d.name(), d.bus(), d.irq(), d.vendor(), d.product(), d.data(), d.compatible(), d.properties());
        }

        /** The kernel's form of a device a request names (null stays null: the world's check reports it). */
        static DeviceSpec spec(DeviceDto d) {
            return d == null
                    ? null
                    : new DeviceSpec(
                            d.name(),
                            d.bus(),
                            d.irq(),
                            d.vendor(),
                            d.product(),
                            d.data(),
                            d.compatible(),
                            d.properties());
        }
    }

    /**
     * A race search: the {@code setup} commands, the {@code events} to interleave, the {@code depth} bound, whether
     * events may come in any order ({@code permute}) and on any CPU ({@code cpus}); {@code empty} when it has no
     * events.
     */
    public record SearchDto(
            String setup, List<String> events, int depth, boolean permute, boolean cpus, boolean empty) {
        static SearchDto of(ExploreSpec e) {
            return new SearchDto(e.setup(), e.events(), e.depth(), e.permute(), e.cpus(), e.isEmpty());
        }
    }
}

package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.share.ShareContent;
import java.util.List;
import java.util.Map;

/**
 * Which scenario a session runs, as its creator named it: exactly one of a built-in {@code scenario} id, a whole
 * {@code yaml} scenario file, or a driver's {@code source}/{@code sources} with its {@code world}, {@code module}
 * and {@code modules}. Mapped from {@link ScenarioSpec}; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpecDto(
        String scenario,
        String yaml,
        String source,
        WorldSpecDto world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules) {

    public static SpecDto of(ScenarioSpec s) {
        return new SpecDto(
                s.scenario(), s.yaml(), s.source(), WorldSpecDto.of(s.world()), s.module(), s.sources(), s.modules());
    }

    /**
     * An inline driver's machine as the client gave it: absent fields take the defaults. Read from request bodies
     * too, and mapped into the sessions' {@link ScenarioSpec.WorldSpec} by {@link #spec} (checked there, by the
     * rules every world follows).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorldSpecDto(Integer cpus, List<ScenarioDto.DeviceDto> devices, String kernel, GpioWorldDto gpio) {
        public static WorldSpecDto of(ScenarioSpec.WorldSpec w) {
            return w == null
                    ? null
                    : new WorldSpecDto(
                            w.cpus(),
                            StateDto.map(w.devices(), ScenarioDto.DeviceDto::of),
                            w.kernel(),
                            GpioWorldDto.of(w.gpio()));
        }

        /** The session's form of {@code w} (null stays null, in the list too: the world's check reports it). */
        public static ScenarioSpec.WorldSpec spec(WorldSpecDto w) {
            return w == null
                    ? null
                    : new ScenarioSpec.WorldSpec(
                            w.cpus(),
                            StateDto.map(w.devices(), ScenarioDto.DeviceDto::spec),
                            w.kernel(),
                            GpioWorldDto.spec(w.gpio()));
        }
    }

    /** An inline driver's GPIO controller as the client gave it: absent fields take the defaults. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GpioWorldDto(Integer base, Integer lines, List<Integer> high) {
        static GpioWorldDto of(ScenarioSpec.GpioWorld g) {
            return g == null ? null : new GpioWorldDto(g.base(), g.lines(), g.high());
        }

        static ScenarioSpec.GpioWorld spec(GpioWorldDto g) {
            return g == null ? null : new ScenarioSpec.GpioWorld(g.base(), g.lines(), g.high());
        }
    }

    /**
     * What a share link carries, flat: one scenario form, the {@code commands} in order, the {@code cuts} a rewind
     * left and the {@code step} that was shown. Mapped from {@link ShareContent}; empty fields are left out.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record LinkDto(
            String scenario,
            String yaml,
            String source,
            WorldSpecDto world,
            String module,
            Map<String, String> sources,
            Map<String, List<String>> modules,
            List<String> commands,
            List<HistoryDto.CutDto> cuts,
            Long step) {
        public static LinkDto of(ShareContent c) {
            return new LinkDto(
                    c.scenario(),
                    c.yaml(),
                    c.source(),
                    WorldSpecDto.of(c.world()),
                    c.module(),
                    c.sources(),
                    c.modules(),
                    c.commands(),
                    HistoryDto.CutDto.of(c.cuts()),
                    c.step());
        }
    }
}

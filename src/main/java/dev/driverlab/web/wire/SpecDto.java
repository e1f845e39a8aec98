package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.share.ShareContent;
import java.util.List;

/**
 * Which scenario a session runs, as its creator named it: exactly one of a built-in {@code scenario} id, a whole
 * {@code yaml} scenario file, or a driver {@code source} with its {@code world} and {@code module}. Mapped from
 * {@link ScenarioSpec}; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpecDto(String scenario, String yaml, String source, WorldSpecDto world, String module) {

    public static SpecDto of(ScenarioSpec s) {
        return new SpecDto(s.scenario(), s.yaml(), s.source(), WorldSpecDto.of(s.world()), s.module());
    }

    /** An inline driver's machine as the client gave it: absent fields take the defaults. */
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
    }

    /** An inline driver's GPIO controller as the client gave it: absent fields take the defaults. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GpioWorldDto(Integer base, Integer lines, List<Integer> high) {
        static GpioWorldDto of(ScenarioSpec.GpioWorld g) {
            return g == null ? null : new GpioWorldDto(g.base(), g.lines(), g.high());
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
                    c.commands(),
                    HistoryDto.CutDto.of(c.cuts()),
                    c.step());
        }
    }
}

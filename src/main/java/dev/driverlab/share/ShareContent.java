package dev.driverlab.share;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.session.History;
import dev.driverlab.session.ScenarioSpec;
import java.util.List;
import java.util.Map;

/**
 * What a share link carries, flat as clients send it: one scenario form ({@code scenario} | {@code yaml} |
 * {@code source}/{@code sources} + {@code world} + {@code module} + {@code modules}), the {@code commands} in order, the {@code cuts} a rewind left
 * (see {@link History}) and the {@code step} that was shown (null: the last one). This is also the JSON inside a
 * {@code #z=} fragment (see {@link FragmentCodec}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ShareContent(
        String scenario,
        String yaml,
        String source,
        ScenarioSpec.WorldSpec world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        List<String> commands,
        List<History.Cut> cuts,
        Long step) {

    public ShareContent {
        commands = commands == null ? List.of() : List.copyOf(commands);
        cuts = cuts == null ? List.of() : List.copyOf(cuts);
    }

    public static ShareContent of(ScenarioSpec spec, History history, Long step) {
        return new ShareContent(
                spec.scenario(),
                spec.yaml(),
                spec.source(),
                spec.world(),
                spec.module(),
                spec.sources(),
                spec.modules(),
                history.commands(),
                history.cuts(),
                step);
    }

    @JsonIgnore
    public ScenarioSpec spec() {
        return new ScenarioSpec(scenario, yaml, source, world, module, sources, modules);
    }

    @JsonIgnore
    public History history() {
        return new History(commands, cuts);
    }
}

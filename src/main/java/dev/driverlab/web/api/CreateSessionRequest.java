package dev.driverlab.web.api;

import dev.driverlab.session.History;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.web.wire.SpecDto.WorldSpecDto;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/sessions}: exactly one of {@code scenario} (a built-in id), {@code yaml} (a scenario file),
 * {@code source}/{@code sources} (a driver's files, with optional {@code world}, {@code module} and {@code modules}), {@code share} (a share id) or
 * {@code z} (a {@code #z=} payload). Optional {@code commands} are applied at once (not with share or z, which
 * carry their own), and {@code step} rewinds to that step afterwards (for a share: overrides the shared step).
 */
public record CreateSessionRequest(
        String scenario,
        String yaml,
        String source,
        WorldSpecDto world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        String share,
        String z,
        List<String> commands,
        Long step) {

    ScenarioSpec spec() {
        return new ScenarioSpec(scenario, yaml, source, WorldSpecDto.spec(world), module, sources, modules);
    }

    boolean fromLink() {
        int links = (share != null ? 1 : 0) + (z != null ? 1 : 0);
        boolean scenarioForm = scenario != null
                || yaml != null
                || source != null
                || sources != null
                || world != null
                || module != null
                || modules != null;
        if (links > 1 || (links == 1 && scenarioForm)) {
            throw new InvalidRequest("give exactly one of \"scenario\", \"yaml\", \"source\", \"share\" or \"z\"");
        }
        if (links == 1 && commands != null) {
            throw new InvalidRequest("\"commands\" cannot go with \"share\" or \"z\": a link carries its own");
        }
        return links == 1;
    }

    History history() {
        return commands == null ? null : History.of(commands);
    }
}

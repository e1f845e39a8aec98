package dev.driverlab.web.api;

import dev.driverlab.session.InvalidRequest;
import dev.driverlab.share.ShareContent;
import dev.driverlab.web.wire.HistoryDto.CutDto;
import dev.driverlab.web.wire.SpecDto.WorldSpecDto;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/shares} and {@code POST /api/links}: either {@code sessionId} (that session as it is now), or
 * a scenario as for {@code POST /api/sessions} with {@code commands} (and {@code cuts} left by a rewind); optional
 * {@code step} is the step to open at.
 */
public record ShareRequest(
        String sessionId,
        String scenario,
        String yaml,
        String source,
        WorldSpecDto world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        List<String> commands,
        List<CutDto> cuts,
        Long step) {

    boolean fromSession() {
        boolean other = scenario != null
                || yaml != null
                || source != null
                || sources != null
                || world != null
                || module != null
                || modules != null
                || commands != null
                || cuts != null;
        if (sessionId != null && other) {
            throw new InvalidRequest("give either \"sessionId\" or a scenario with \"commands\", not both");
        }
        return sessionId != null;
    }

    ShareContent content() {
        return new ShareContent(
                scenario,
                yaml,
                source,
                WorldSpecDto.spec(world),
                module,
                sources,
                modules,
                commands,
                CutDto.cuts(cuts),
                step);
    }
}

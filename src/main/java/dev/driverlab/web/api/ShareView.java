package dev.driverlab.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.share.StoredShare;
import dev.driverlab.web.wire.HistoryDto;
import dev.driverlab.web.wire.SpecDto;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/shares/{id}}: what the link opens (scenario, commands and cuts, step) and when it was made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShareView(
        String id,
        String url,
        Instant createdAt,
        String scenario,
        String yaml,
        String source,
        SpecDto.WorldSpecDto world,
        String module,
        Map<String, String> sources,
        Map<String, List<String>> modules,
        List<String> commands,
        List<HistoryDto.CutDto> cuts,
        Long step) {

    static ShareView of(StoredShare s, String url) {
        var c = s.content();
        return new ShareView(
                s.id(),
                url,
                s.createdAt(),
                c.scenario(),
                c.yaml(),
                c.source(),
                SpecDto.WorldSpecDto.of(c.world()),
                c.module(),
                c.sources(),
                c.modules(),
                c.commands(),
                HistoryDto.CutDto.of(c.cuts()),
                c.step());
    }
}

package dev.driverlab.web.api;

import dev.driverlab.engine.trace.Trace;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.trace.TraceText;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.SessionService;
import dev.driverlab.web.wire.EventDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "sessions")
class TraceController {
    /** Events per JSON page: a client pages on with {@code from=next}. */
    static final int MAX_PAGE = 100_000;

    private final SessionService sessions;

    TraceController(SessionService sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/api/sessions/{id}/trace")
    @Operation(
            summary = "The trace from a seq on: JSON pages (default), the CLI's text, or Chrome Trace Event "
                    + "Format for Perfetto UI and chrome://tracing")
    ResponseEntity<?> trace(
            @PathVariable String id,
            @RequestParam(defaultValue = "0") long from,
            @RequestParam(defaultValue = "" + MAX_PAGE) int limit,
            @Parameter(description = "json, text or chrome") @RequestParam(defaultValue = "json") String format) {
        if (from < 0) throw new InvalidRequest("from must be 0 or more, not " + from);
        if (limit < 1 || limit > MAX_PAGE) throw new InvalidRequest("limit must be 1.." + MAX_PAGE);
        switch (format) {
            case "json":
                return ResponseEntity.ok(page(id, from, limit));
            case "text":
                return ResponseEntity.ok()
                        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                        .body(text(id, from));
            case "chrome":
                return ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Content-Disposition", "attachment; filename=\"driverlab-" + id + ".json\"")
                        .body(sessions.read(
                                id,
                                s -> ChromeTrace.of(
                                        s.scenario().title(),
                                        s.engine().machine().trace().events(0),
                                        s.engine().machine().reports())));
            default:
                throw new InvalidRequest("format must be json, text or chrome, not '" + format + "'");
        }
    }

    private TracePage page(String id, long from, int limit) {
        return sessions.read(id, s -> {
            Trace trace = s.engine().machine().trace();
            int start = (int) Math.min(from, trace.size());
            List<TraceEvent> events = trace.events(start);
            List<TraceEvent> page = List.copyOf(events.subList(0, Math.min(limit, events.size())));
            return new TracePage(start, start + page.size(), trace.size(), EventDto.of(page));
        });
    }

    private String text(String id, long from) {
        return sessions.read(id, s -> {
            TraceText printer = new TraceText(s.engine().machine().program());
            StringBuilder sb = new StringBuilder();
            for (TraceEvent e : s.engine().machine().trace().events((int) Math.min(from, Integer.MAX_VALUE))) {
                sb.append(printer.line(e)).append('\n');
            }
            return sb.toString();
        });
    }
}

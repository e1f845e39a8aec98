package dev.driverlab.web.api;

import dev.driverlab.engine.Verb;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event-script language's commands, from {@link Verb}: the lab builds its toolbar, completions and timeline
 * flags from this list instead of keeping a copy of its own.
 */
@RestController
@Tag(name = "scenarios", description = "Scenarios, their scripts and the script language")
class ScriptCommandsController {
    /**
     * One command: its verb, synopsis and one-line summary, its toolbar group, whether it changes the world (an
     * event: drawn as an injection, searched by "Find the race") and whether the shell forks a process for it.
     */
    record ScriptCommand(String verb, String usage, String summary, String group, boolean event, boolean forks) {}

    private static final List<ScriptCommand> COMMANDS = Arrays.stream(Verb.values())
            .map(v -> new ScriptCommand(
                    v.word(), v.usage(), v.summary(), v.group().name().toLowerCase(Locale.ROOT), v.event(), v.forks()))
            .toList();

    @GetMapping("/api/script/commands")
    @Operation(summary = "Every command of the event-script language, with its synopsis, summary and kind")
    ResponseEntity<List<ScriptCommand>> commands() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noCache())
                .eTag(ETAG)
                .body(COMMANDS);
    }

    // weak: Tomcat compresses no response with a strong ETag (gzip changes the bytes it would name)
    private static final String ETAG = "W/\"" + Integer.toHexString(COMMANDS.hashCode()) + "\"";
}

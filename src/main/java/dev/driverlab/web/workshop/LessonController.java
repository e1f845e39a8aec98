package dev.driverlab.web.workshop;

import dev.driverlab.lesson.LessonLibrary;
import dev.driverlab.room.Questions;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.SessionService;
import dev.driverlab.web.wire.LessonDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lessons as files, and the choices of a "predict the next step" question read off a session now. */
@RestController
@Tag(name = "lessons", description = "Step-by-step lessons beside scenarios; predict-the-next-step choices")
class LessonController {
    private final SessionService sessions;

    LessonController(SessionService sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/api/lessons")
    @Operation(summary = "The lessons of the library")
    List<LessonDto> list() {
        return LessonLibrary.builtIn().all().stream().map(LessonDto::of).toList();
    }

    @GetMapping("/api/lessons/{scenario}")
    @Operation(summary = "The lesson of a built-in scenario")
    LessonDto get(@PathVariable String scenario) {
        return LessonLibrary.builtIn()
                .find(scenario)
                .map(LessonDto::of)
                .orElseThrow(() -> new NotFoundException("no lesson for scenario '" + scenario + "'"));
    }

    @GetMapping("/api/sessions/{id}/choices")
    @Operation(summary = "The choices of a question of this kind (next, freed, refcount) at the session's step")
    List<String> choices(@PathVariable String id, @RequestParam String kind) {
        Questions.Kind k = Questions.Kind.of(kind);
        if (k == null) throw new InvalidRequest("kind is one of next, freed, refcount, dmesg, text");
        return sessions.read(id, s -> Questions.choices(k, s.state()));
    }
}

package dev.driverlab.web.workshop;

import dev.driverlab.engine.Engine;
import dev.driverlab.exercise.Exercise;
import dev.driverlab.exercise.ExerciseLibrary;
import dev.driverlab.exercise.Grade;
import dev.driverlab.exercise.Grader;
import dev.driverlab.room.RoomService;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.web.api.ExploreJobs;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.ClientAddress;
import dev.driverlab.web.http.RateLimited;
import dev.driverlab.web.wire.ExerciseDto;
import dev.driverlab.web.wire.GradeDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exercises that grade themselves. A grading runs on the request's thread within the explorer's budget
 * ({@link ExploreJobs}: one search per client address, 429 beyond; a few on the server, 503 beyond).
 */
@RestController
@Tag(name = "exercises", description = "Fix a buggy driver; the grader compiles, runs the scripts and searches races")
class ExerciseController {
    static final long SEARCH_MILLIS = 20_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExploreJobs jobs;
    private final RoomService rooms;

    ExerciseController(ExploreJobs jobs, RoomService rooms) {
        this.jobs = jobs;
        this.rooms = rooms;
    }

    /**
     * A submission: the edited driver ({@code source}, the main module's file, and/or {@code sources}, all its files;
     * without {@code sources} the exercise's other files and modules are kept); with {@code room}, {@code member}
     * and {@code token} the room keeps the grade.
     */
    record GradeRequest(String source, Map<String, String> sources, String room, String member, String token) {}

    @GetMapping("/api/exercises")
    @Operation(summary = "The exercises of the library")
    List<ExerciseDto> list() {
        return ExerciseLibrary.builtIn().all().stream().map(ExerciseDto::of).toList();
    }

    @GetMapping("/api/exercises/{id}")
    @Operation(summary = "One exercise, with the buggy driver to start from")
    ExerciseDto get(@PathVariable String id) {
        return ExerciseDto.of(find(id));
    }

    @PostMapping("/api/exercises/{id}/grade")
    @RateLimited(Budget.EXPLORE)
    @Operation(
            summary = "Grade a fix: compile, run each script, search the races; which checks pass, the shortest "
                    + "crashing schedule if any")
    GradeDto grade(@PathVariable String id, @RequestBody GradeRequest request, HttpServletRequest http) {
        Exercise e = find(id);
        if (request == null || (request.source() == null && request.sources() == null)) {
            throw new InvalidRequest("give the driver as \"source\" (or its files as \"sources\")");
        }
        if (request.room() != null) rooms.member(request.room(), request.member(), request.token());
        Grade g;
        try (ExploreJobs.Running job = jobs.start(null, ClientAddress.of(http.getRemoteAddr()), SEARCH_MILLIS)) {
            g = Grader.grade(
                    e,
                    request.source(),
                    request.sources(),
                    new Grader.Limits(Engine.DEFAULT_MAX_STEPS, 200_000, SEARCH_MILLIS, job.cancelled()));
        }
        if (request.room() != null) {
            rooms.graded(
                    request.room(),
                    request.member(),
                    request.token(),
                    JSON.writeValueAsString(new RoomGrade(e.id(), g.passed(), g.summary())));
        }
        return GradeDto.of(g);
    }

    /** What a room keeps of a member's grade. */
    record RoomGrade(String exercise, boolean passed, String checks) {}

    private static Exercise find(String id) {
        return ExerciseLibrary.builtIn().find(id).orElseThrow(() -> new NotFoundException("no exercise '" + id + "'"));
    }
}

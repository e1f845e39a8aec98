package dev.driverlab.web.page;

import dev.driverlab.exercise.ExerciseLibrary;
import dev.driverlab.lesson.LessonLibrary;
import dev.driverlab.room.Room;
import dev.driverlab.room.RoomGoneException;
import dev.driverlab.room.RoomService;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.RateLimited;
import dev.driverlab.web.push.PushProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The workshop's pages: a lesson alone, and the room's pages: {@code /r/{code}} for students, {@code /r/{code}/teach}
 * for the teacher (token in the fragment). A room that was closed or expired gets a page saying so (410), an unknown
 * code one saying there is no such room (404).
 */
@Controller
class RoomPageController {
    private final RoomService rooms;
    private final PushProperties push;

    RoomPageController(RoomService rooms, PushProperties push) {
        this.rooms = rooms;
        this.push = push;
    }

    @GetMapping("/r/{code}")
    String student(@PathVariable String code, Model model, HttpServletResponse response) {
        return page(code, model, "student", "StudentPage", response);
    }

    @GetMapping("/r/{code}/teach")
    String teacher(@PathVariable String code, Model model, HttpServletResponse response) {
        return page(code, model, "teacher", "TeacherPage", response);
    }

    /**
     * "Start a room" on a catalog card: a plain form (no script needed) that creates the room and opens the
     * teacher's page, the teacher's token in the fragment (which the server never sees again).
     */
    @PostMapping("/rooms")
    @RateLimited(Budget.CREATE)
    ResponseEntity<Void> start(@RequestParam String scenario, @RequestParam(required = false) String exercise) {
        RoomService.Created c = rooms.create(scenario, exercise == null || exercise.isBlank() ? null : exercise);
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create("/r/" + c.room().code() + "/teach#t=" + c.teacherToken()))
                .build();
    }

    /** A lesson walked through alone: Next / Back, its questions asked before the key steps. */
    @GetMapping("/lessons/{scenario}")
    String lesson(@PathVariable String scenario, Model model) {
        var lesson = LessonLibrary.builtIn()
                .find(scenario)
                .orElseThrow(() -> new NotFoundException("no lesson for '" + scenario + "'"));
        return workshop(model, "LessonPage", "lesson-page", scenario, lesson.title());
    }

    /** An exercise alone: the task, the driver to fix, Submit, the checklist. */
    @GetMapping("/exercises/{id}")
    String exercise(@PathVariable String id, Model model) {
        var e = ExerciseLibrary.builtIn().find(id).orElseThrow(() -> new NotFoundException("no exercise '" + id + "'"));
        return workshop(model, "ExercisePage", "exercise-page", e.id(), e.title());
    }

    private static String workshop(Model model, String module, String pageClass, String id, String title) {
        model.addAttribute("module", module);
        model.addAttribute("pageClass", pageClass);
        model.addAttribute("id", id);
        model.addAttribute("title", title);
        return "workshop";
    }

    /** The room's page for one role: the same markup, the role's module. */
    private String page(String code, Model model, String role, String module, HttpServletResponse response) {
        Room room;
        try {
            room = rooms.room(code);
        } catch (RoomGoneException | NotFoundException e) {
            boolean gone = e instanceof RoomGoneException;
            response.setStatus(gone ? HttpStatus.GONE.value() : HttpStatus.NOT_FOUND.value());
            model.addAttribute("code", code);
            model.addAttribute("reason", gone ? ((RoomGoneException) e).code() : "not-found");
            model.addAttribute("detail", e.getMessage());
            return "room-gone";
        }
        model.addAttribute("code", room.code());
        model.addAttribute("topic", push.roomTopic(room.code()));
        model.addAttribute(
                "scenarioTitle",
                ScenarioLibrary.builtIn()
                        .find(room.scenario())
                        .map(s -> s.title())
                        .orElse(room.scenario()));
        model.addAttribute("exercise", room.exercise());
        model.addAttribute("role", role);
        model.addAttribute("module", module);
        return "room";
    }
}

package dev.driverlab.web.page;

import dev.driverlab.exercise.Exercise;
import dev.driverlab.exercise.ExerciseLibrary;
import dev.driverlab.lesson.Lesson;
import dev.driverlab.lesson.LessonLibrary;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The front page: the built-in scenarios by topic, each opening the lab; "New scenario" opens a blank editor. A
 * scenario with a lesson or an exercise also links to them and can start a workshop room.
 */
@Controller
class CatalogController {
    private static final Logger log = LoggerFactory.getLogger(CatalogController.class);

    @GetMapping("/")
    String catalog(Model model) {
        try {
            List<Scenario> all = ScenarioLibrary.builtIn().all();
            model.addAttribute("scenarios", all);
            model.addAttribute("groups", CatalogTopics.group(all, ScenarioLibrary.builtIn()::scriptReportsBug));
            model.addAttribute(
                    "lessons",
                    LessonLibrary.builtIn().all().stream().map(Lesson::scenario).collect(Collectors.toSet()));
            model.addAttribute(
                    "exercises",
                    ExerciseLibrary.builtIn().all().stream().map(Exercise::id).collect(Collectors.toSet()));
        } catch (ScenarioException e) {
            // A broken built-in file is a packaging bug: show its gcc-style line rather than a bare 500, so the
            // author sees which file and line to fix.
            log.error("built-in scenario library failed to load: {}", e.getMessage());
            model.addAttribute("scenarios", List.of());
            model.addAttribute("groups", List.of());
            model.addAttribute("lessons", Set.of());
            model.addAttribute("exercises", Set.of());
            model.addAttribute("libraryError", e.getMessage());
        }
        return "catalog";
    }
}

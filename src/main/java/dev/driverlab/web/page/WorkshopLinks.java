package dev.driverlab.web.page;

import dev.driverlab.exercise.ExerciseLibrary;
import dev.driverlab.lesson.LessonLibrary;
import org.springframework.stereotype.Component;

/**
 * What a workshop can do with a built-in scenario, wherever a page offers one (the catalog's cards, the lab's
 * toolbar; both render templates/fragments/workshop.html): walk its lesson, try its exercise, start a room with it.
 * A scenario with neither a lesson nor an exercise offers nothing; nor does a page without a built-in scenario (an
 * edited one, a blank editor).
 */
@Component("workshop")
class WorkshopLinks {
    public boolean lesson(String scenario) {
        return scenario != null && LessonLibrary.builtIn().find(scenario).isPresent();
    }

    public boolean exercise(String scenario) {
        return scenario != null && ExerciseLibrary.builtIn().find(scenario).isPresent();
    }

    /** Whether the scenario has a lesson or an exercise, so a room can be started with it. */
    public boolean any(String scenario) {
        return lesson(scenario) || exercise(scenario);
    }
}

package dev.driverlab.web.wire;

import dev.driverlab.exercise.Exercise;
import java.util.List;
import java.util.Map;

/**
 * An exercise as listed ({@code GET /api/exercises}, {@code GET /api/exercises/{id}}): what to fix ({@code task}),
 * the scenario's title, the checks (the {@code scripts} run, the {@code searchEvents} searched, the report kinds it
 * must {@code forbid}), and the driver to start from ({@code source}, with its other files and modules). Mapped from {@link Exercise}.
 */
public record ExerciseDto(
        String id,
        String title,
        String task,
        String scenario,
        List<String> scripts,
        List<String> searchEvents,
        List<String> forbid,
        String source,
        Map<String, String> sources,
        Map<String, List<String>> modules) {
    public static ExerciseDto of(Exercise e) {
        return new ExerciseDto(
                e.id(),
                e.title(),
                e.task(),
                e.scenario().title(),
                e.scripts(),
                e.search().events(),
                e.forbid(),
                e.scenario().source(),
                e.scenario().sources(),
                e.scenario().modules());
    }
}

package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.lesson.Lesson;
import java.util.List;

/**
 * A lesson on the wire ({@code GET /api/lessons}, {@code GET /api/lessons/{scenario}}): the scenario it goes with,
 * its title and its steps. Mapped from {@link Lesson}.
 */
public record LessonDto(String scenario, String title, List<StepDto> steps) {

    public static LessonDto of(Lesson l) {
        return new LessonDto(l.scenario(), l.title(), StateDto.map(l.steps(), StepDto::of));
    }

    /**
     * A step: the {@code text} to read, the {@code command} it runs (absent: none), the {@code question} asked before
     * it runs (absent: none), and whether to {@code pause} there.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepDto(String text, String command, QuestionDto question, boolean pause) {
        static StepDto of(Lesson.Step s) {
            return new StepDto(s.text(), s.command(), QuestionDto.of(s.question()), s.pause());
        }
    }

    /** A question: its {@code kind} (next, freed, refcount, dmesg, text), {@code prompt} and fixed {@code choices}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record QuestionDto(String kind, String prompt, List<String> choices) {
        static QuestionDto of(Lesson.Question q) {
            return q == null ? null : new QuestionDto(q.kind(), q.prompt(), q.choices());
        }
    }
}

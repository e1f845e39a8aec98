package dev.driverlab.lesson;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A lesson beside a scenario ({@code lessons/<scenario>.yaml}): steps, each with text to read, the command to run
 * (or none), a question asked before the command runs (the student predicts, then the step reveals) and whether to
 * pause there.
 */
public record Lesson(String scenario, String title, List<Step> steps) {
    public Lesson {
        steps = List.copyOf(steps);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String text, String command, Question question, boolean pause) {}

    /** {@code kind}: next, freed, refcount, dmesg or text (as in a room); {@code choices} fixed, else generated. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Question(String kind, String prompt, List<String> choices) {
        public Question {
            choices = choices == null ? List.of() : List.copyOf(choices);
        }
    }
}

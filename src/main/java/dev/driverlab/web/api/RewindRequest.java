package dev.driverlab.web.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * {@code POST /api/sessions/{id}/rewind}: the machine step to go back to (the state after that step), and
 * optionally {@code keep}: at most that many commands stay (commands that take no step, such as {@code break},
 * finish at the step they start: this drops them too, to go back to "after command {@code keep}").
 */
public record RewindRequest(
        @NotNull @PositiveOrZero Long step, @PositiveOrZero Integer keep) {}

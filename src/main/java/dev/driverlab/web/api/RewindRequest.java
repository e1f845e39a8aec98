package dev.driverlab.web.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** {@code POST /api/sessions/{id}/rewind}: the machine step to go back to (the state after that step). */
public record RewindRequest(@NotNull @PositiveOrZero Long step) {}

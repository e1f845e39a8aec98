package dev.driverlab.web.push;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/** {@code POST /api/sessions/{id}/commands} and STOMP {@code /app/sessions/{id}/commands}: event-script lines. */
public record CommandsRequest(@NotNull List<String> commands) {}

package dev.driverlab.engine.trace;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One trace event as consumers see it. {@code object} is a memory object id (or an IRQ number / module slot for
 * IRQ and module events), {@code from}/{@code to} carry the kind's values (refcount from→to, addresses, ids).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceEvent(
        long seq,
        long step,
        int cpu,
        String context,
        String function,
        int line,
        String kind,
        Long object,
        Long from,
        Long to,
        String text) {}

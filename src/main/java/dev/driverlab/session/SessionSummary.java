package dev.driverlab.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.Context;
import dev.driverlab.engine.Frame;
import dev.driverlab.engine.Machine;
import java.util.ArrayList;
import java.util.List;

/**
 * The small state pushed after every batch: where the session is, whether the kernel crashed, and each live
 * context with where it stands. Cheap to build and to send to a room of watchers many times a second; the whole
 * {@link SessionState} (objects, devices, devres, IRQ lines) is one {@code GET /api/sessions/{id}} away.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionSummary(String id, long steps, long next, boolean stopped, int commands, Long cut, int reports,
                             List<ContextSummary> contexts) {

    /** A context, its top frame, and why it is not running when it is not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContextSummary(String name, int cpu, String status, String function, Integer line,
                                 String waitingOn, String pausedAt) {}

    static SessionSummary of(String id, Machine m, int commands, Long cut) {
        List<ContextSummary> contexts = new ArrayList<>();
        for (Context c : m.contexts()) {
            Frame top = c.depth() == 0 ? null : c.frame(c.depth() - 1);
            contexts.add(new ContextSummary(c.name(), c.cpu(), c.status().name().toLowerCase(),
                    top == null ? null : top.function().name, top == null ? null : top.line(),
                    c.waitingOn() == null ? null : c.waitingOn().describe(),
                    c.status() == Context.Status.PAUSED ? c.pauseReason() : null));
        }
        return new SessionSummary(id, m.steps(), m.trace().size(), m.stopped(), commands, cut, m.reports().size(),
                contexts);
    }
}

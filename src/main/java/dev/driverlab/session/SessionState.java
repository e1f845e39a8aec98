package dev.driverlab.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.view.StateView;
import java.util.List;

/**
 * A session now, renderable on its own: where it is ({@code steps}; {@code next} is the seq the next trace event
 * will get, i.e. the trace's length), whether the kernel has crashed, how many commands made it, the machine
 * (contexts with call stacks and waits, modules, devices with devres, IRQ lines, objects, breakpoints), every
 * report so far, the last value of every refcount seen in the trace and the deferred work still pending.
 *
 * @param cut the step limit of the last command when a rewind stopped it part-way, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionState(
        String id,
        String scenario,
        long steps,
        long next,
        boolean stopped,
        int commands,
        Long cut,
        StateView machine,
        List<Report> reports,
        List<Refcount> refcounts,
        List<PendingWork> pending) {

    /**
     * The last value of one refcount (a kref, refcount_t or a module's reference count), with the event that set it
     * and who ran it, so a UI can show "held by" next to the object.
     */
    public record Refcount(long object, String name, long value, long seq, String context, String function) {}

    /**
     * A tasklet, work item, timer or RCU callback queued and not yet run: {@code kind} is tasklet, work, timer or
     * rcu; {@code since} the step it was queued at, {@code seq} that event.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PendingWork(String kind, String label, long since, long seq, Long object) {}
}

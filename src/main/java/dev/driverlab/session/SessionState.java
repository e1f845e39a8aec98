package dev.driverlab.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.view.StateView;
import java.util.List;

/**
 * A session now, renderable on its own: where it is ({@code steps}; {@code next} is the seq the next trace event
 * will get, i.e. the trace's length), whether the kernel has crashed, how many commands made it, the machine
 * (contexts with call stacks and waits, modules, devices with devres, IRQ lines, objects, breakpoints), every
 * report so far and the last value of every refcount seen in the trace. The deferred work still pending is the
 * machine's ({@link StateView#deferred}).
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
        List<Refcount> refcounts) {

    /**
     * The last value of one refcount (a kref, refcount_t or a module's reference count), with the event that set it
     * and who ran it, so a UI can show "held by" next to the object.
     */
    public record Refcount(long object, String name, long value, long seq, String context, String function) {}
}

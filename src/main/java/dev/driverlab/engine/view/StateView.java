package dev.driverlab.engine.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A self-contained picture of the machine after some step, for the CLI's JSON, the API and the lab's state view
 * (any step renders on its own, as in Python Tutor's trace format). Ordering is stable so views do not jump.
 * {@code deferred} is the deferred work queued and not yet run, read off the kernel's queues. {@code gpio} lists the
 * GPIO lines a driver requested or drives (absent when there are none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateView(
        long steps,
        boolean tainted,
        List<ContextView> contexts,
        List<ModuleView> modules,
        List<DeviceView> devices,
        List<IrqView> irqs,
        List<ObjectView> objects,
        List<String> breakpoints,
        List<DeferredView> deferred,
        List<GpioView> gpio) {

    /**
     * A context. For a script's user process also {@code syscall}, the system call it is in (null: none, it is at
     * user level and takes commands), and {@code file}, whether it holds its open file (fd 3).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContextView(
            String name,
            String kind,
            int cpu,
            int pid,
            String status,
            String waitingOn,
            String pausedAt,
            List<FrameView> stack,
            String syscall,
            Boolean file) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** A frame: its function, the line about to run and the source file that line is in (a kernel file's path). */
    public record FrameView(String function, int line, String module, boolean kernel, String symbol, String file) {}

    /** A module as lsmod shows it: its use count and the modules that use it ("Used by"). */
    public record ModuleView(
            String name,
            String state,
            long refcount,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> usedBy) {
        public ModuleView(String name, String state, long refcount) {
            this(name, state, refcount, List.of());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceView(String name, String bus, Integer irq, String driver, List<DevresView> devres) {}

    public record DevresView(int id, String name, long object, String address) {}

    public record IrqView(int irq, List<String> handlers, int depth, int running, long fired) {}

    /**
     * A GPIO line: its global number, the label it was requested with (absent: not requested), its direction
     * ({@code in}/{@code out}), its level on the wire (0/1) and whether the driver treats it as active-low.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GpioView(int gpio, String label, String direction, int value, boolean activeLow) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObjectView(
            int id,
            String address,
            int size,
            String kind,
            String type,
            String label,
            boolean live,
            Long allocatedAt,
            Long freedAt,
            List<String> allocatedBy,
            List<String> freedBy) {}

    /**
     * A tasklet, work item, timer or RCU callback queued and not yet taken to run: {@code kind} is tasklet, work,
     * timer or rcu; {@code label} as its tracepoint names it; {@code address} the tasklet, work_struct, timer_list
     * or rcu_head, {@code object} the id of the memory object holding it (null: static data). {@code since} is the
     * step it was queued at and {@code seq} that event (null when the trace is not recorded).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeferredView(String kind, String label, String address, Long object, Long since, Long seq) {}
}

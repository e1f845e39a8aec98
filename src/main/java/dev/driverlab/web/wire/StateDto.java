package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.view.StateView;
import java.util.List;
import java.util.function.Function;

/**
 * The machine after some step on the wire (a session's {@code machine}, a stateless run's {@code state}): its
 * {@code steps}, whether the kernel is {@code tainted}, the {@code contexts} with their call stacks, {@code modules},
 * {@code devices} with their devres, {@code irqs}, heap {@code objects}, {@code breakpoints}, and the
 * {@code deferred} work queued and not yet run, and the {@code gpio} lines drivers use. Mapped from the engine's {@link StateView} field for field; absent
 * fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateDto(
        long steps,
        boolean tainted,
        List<ContextDto> contexts,
        List<ModuleDto> modules,
        List<DeviceDto> devices,
        List<IrqDto> irqs,
        List<ObjectDto> objects,
        List<String> breakpoints,
        List<DeferredDto> deferred,
        List<GpioDto> gpio) {

    public static StateDto of(StateView v) {
        if (v == null) return null;
        return new StateDto(
                v.steps(),
                v.tainted(),
                map(v.contexts(), ContextDto::of),
                map(v.modules(), ModuleDto::of),
                map(v.devices(), DeviceDto::of),
                map(v.irqs(), IrqDto::of),
                map(v.objects(), ObjectDto::of),
                v.breakpoints(),
                map(v.deferred(), DeferredDto::of),
                map(v.gpio(), GpioDto::of));
    }

    static <A, B> List<B> map(List<A> list, Function<A, B> f) {
        return list == null ? null : list.stream().map(f).toList();
    }

    /**
     * A task, hardirq or softirq run: its {@code kind} (process, hardirq, softirq), {@code status} (runnable,
     * blocked, paused, idle, done), what it waits on or where it is paused, its {@code stack} innermost first. For a
     * script's user process also {@code syscall}, the system call it is in (absent: at user level), and {@code file},
     * whether it holds its open file.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContextDto(
            String name,
            String kind,
            int cpu,
            int pid,
            String status,
            String waitingOn,
            String pausedAt,
            List<FrameDto> stack,
            String syscall,
            Boolean file) {
        static ContextDto of(StateView.ContextView c) {
            return new ContextDto(
                    c.name(),
                    c.kind(),
                    c.cpu(),
                    c.pid(),
                    c.status(),
                    c.waitingOn(),
                    c.pausedAt(),
                    map(c.stack(), FrameDto::of),
                    c.syscall(),
                    c.file());
        }
    }

    /** A frame: its function, the line about to run, its module, and the source file that line is in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FrameDto(String function, int line, String module, boolean kernel, String symbol, String file) {
        static FrameDto of(StateView.FrameView f) {
            return new FrameDto(f.function(), f.line(), f.module(), f.kernel(), f.symbol(), f.file());
        }
    }

    /** A module as lsmod shows it: its state ({@code LIVE}, {@code COMING}... as {@code MODULE_STATE_*}), use count, users. */
    public record ModuleDto(
            String name,
            String state,
            long refcount,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> usedBy) {
        static ModuleDto of(StateView.ModuleView m) {
            return new ModuleDto(m.name(), m.state(), m.refcount(), m.usedBy());
        }
    }

    /** A device: its bus, IRQ line, the driver bound to it and its managed resources. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceDto(String name, String bus, Integer irq, String driver, List<DevresDto> devres) {
        static DeviceDto of(StateView.DeviceView d) {
            return new DeviceDto(d.name(), d.bus(), d.irq(), d.driver(), map(d.devres(), DevresDto::of));
        }
    }

    /** One managed resource of a device: its release function's name and the object it holds. */
    public record DevresDto(int id, String name, long object, String address) {
        static DevresDto of(StateView.DevresView d) {
            return new DevresDto(d.id(), d.name(), d.object(), d.address());
        }
    }

    /** An IRQ line: its handlers, disable depth, handlers running and times fired. */
    public record IrqDto(int irq, List<String> handlers, int depth, int running, long fired) {
        static IrqDto of(StateView.IrqView i) {
            return new IrqDto(i.irq(), i.handlers(), i.depth(), i.running(), i.fired());
        }
    }

    /** A GPIO line a driver uses: number, request label (absent: not requested), direction, level, active-low. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GpioDto(int gpio, String label, String direction, int value, boolean activeLow) {
        static GpioDto of(StateView.GpioView g) {
            return new GpioDto(g.gpio(), g.label(), g.direction(), g.value(), g.activeLow());
        }
    }

    /** A heap object: where and what it is, whether it is live, and the seqs and call stacks of its allocation and free. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ObjectDto(
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
            List<String> freedBy) {
        static ObjectDto of(StateView.ObjectView o) {
            return new ObjectDto(
                    o.id(),
                    o.address(),
                    o.size(),
                    o.kind(),
                    o.type(),
                    o.label(),
                    o.live(),
                    o.allocatedAt(),
                    o.freedAt(),
                    o.allocatedBy(),
                    o.freedBy());
        }
    }

    /**
     * A tasklet, work item, timer or RCU callback queued and not yet run ({@code kind}), as its tracepoint names it
     * ({@code label}), where it is, and the step ({@code since}) and event ({@code seq}) that queued it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeferredDto(String kind, String label, String address, Long object, Long since, Long seq) {
        static DeferredDto of(StateView.DeferredView d) {
            return new DeferredDto(d.kind(), d.label(), d.address(), d.object(), d.since(), d.seq());
        }
    }
}

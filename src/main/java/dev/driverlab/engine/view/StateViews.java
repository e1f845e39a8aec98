package dev.driverlab.engine.view;

import dev.driverlab.engine.Context;
import dev.driverlab.engine.Frame;
import dev.driverlab.engine.GpioLines;
import dev.driverlab.engine.Machine;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.Device;
import dev.driverlab.kernel.DevresEntry;
import dev.driverlab.kernel.IrqLine;
import dev.driverlab.kernel.KernelState;
import dev.driverlab.kernel.LoadedModule;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.MemoryFault;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link StateView} of a machine. */
public final class StateViews {
    private StateViews() {}

    public static StateView of(Machine m) {
        KernelState k = m.kernel();
        List<StateView.ContextView> contexts = new ArrayList<>();
        for (Context c : m.contexts()) {
            List<StateView.FrameView> stack = new ArrayList<>();
            for (int i = c.depth() - 1; i >= 0; i--) {
                Frame f = c.frame(i);
                stack.add(new StateView.FrameView(
                        f.function().name,
                        f.line(),
                        f.image().moduleName(),
                        f.function().kernel,
                        m.symbolOfFrame(f),
                        f.function().file == null ? null : f.function().file.name()));
            }
            contexts.add(new StateView.ContextView(
                    c.name(),
                    c.kind().name().toLowerCase(),
                    c.cpu(),
                    c.pid(),
                    c.status().name().toLowerCase(),
                    c.waitingOn() == null ? null : c.waitingOn().describe(),
                    c.status() == Context.Status.PAUSED ? c.pauseReason() : null,
                    stack,
                    c.persistent() && c.status() != Context.Status.IDLE && c.status() != Context.Status.DONE
                            ? c.syscall()
                            : null,
                    c.persistent() ? k.vfs().file(c.id()) != null : null));
        }
        List<StateView.ModuleView> modules = new ArrayList<>();
        for (LoadedModule mod : k.modules()) {
            long count = mod.unloaded()
                    ? 0
                    : k.memory()
                            .read(
                                    mod.moduleStruct
                                            + m.program()
                                                    .kernel()
                                                    .struct("module")
                                                    .layout()
                                                    .field("refcnt")
                                                    .offset(),
                                    4,
                                    true);
            boolean linked = mod.state() != LoadedModule.State.UNFORMED && !mod.unloaded();
            modules.add(
                    new StateView.ModuleView(mod.name, mod.state().name(), count, linked ? m.holders(mod) : List.of()));
        }
        List<StateView.DeviceView> devices = new ArrayList<>();
        for (Device d : k.devices()) {
            String driver = null;
            try {
                long drv = k.memory()
                        .read(
                                d.dev()
                                        + m.program()
                                                .kernel()
                                                .struct("device")
                                                .layout()
                                                .field("driver")
                                                .offset(),
                                8,
                                false);
                if (drv != 0) {
                    long name = k.memory().read(drv, 8, false);
                    driver = name == 0 ? "?" : k.memory().readString(name);
                }
            } catch (MemoryFault f) {
                driver = "(freed)";
            }
            List<StateView.DevresView> devres = new ArrayList<>();
            for (DevresEntry e : k.devres(d.dev())) {
                MemObject o = k.memory().find(e.res());
                devres.add(new StateView.DevresView(e.id(), e.name(), o == null ? 0 : o.id, Addresses.hex(e.res())));
            }
            devices.add(new StateView.DeviceView(d.name(), d.bus().id(), d.irq(), driver, devres));
        }
        List<StateView.IrqView> irqs = new ArrayList<>();
        for (IrqLine line : k.irqs().values()) {
            List<String> handlers = new ArrayList<>();
            for (long action : line.actions()) {
                try {
                    handlers.add(m.program() == null ? "" : symbolOfHandler(m, action));
                } catch (MemoryFault f) {
                    handlers.add("(freed irqaction)");
                }
            }
            irqs.add(new StateView.IrqView(line.irq, handlers, line.depth(), line.running(), line.fired()));
        }
        List<StateView.ObjectView> objects = new ArrayList<>();
        for (MemObject o : k.memory().objects()) {
            if (o.kind == MemObject.Kind.STACK || o.kind == MemObject.Kind.KERNEL_DATA) continue;
            objects.add(new StateView.ObjectView(
                    o.id,
                    Addresses.hex(o.base),
                    o.size,
                    o.kind.name().toLowerCase(),
                    o.type(),
                    o.label(),
                    o.live(),
                    o.allocated() == null ? null : o.allocated().seq(),
                    o.freed() == null ? null : o.freed().seq(),
                    o.allocated() == null ? null : o.allocated().stack(),
                    o.freed() == null ? null : o.freed().stack()));
        }
        List<String> breakpoints = new ArrayList<>(m.functionBreakpoints());
        String main = m.program().module().file.name();
        for (Machine.LineBreak b : m.lineBreakpoints()) {
            breakpoints.add(b.file().equals(main) ? Integer.toString(b.line()) : b.file() + ":" + b.line());
        }
        List<StateView.GpioView> gpio = new ArrayList<>();
        for (GpioLines.Line l : m.program() == null ? List.<GpioLines.Line>of() : new GpioLines(m).lines()) {
            gpio.add(new StateView.GpioView(l.gpio(), l.label(), l.output() ? "out" : "in", l.value(), l.activeLow()));
        }
        return new StateView(
                m.steps(),
                k.tainted(),
                contexts,
                modules,
                devices,
                irqs,
                objects,
                breakpoints,
                DeferredViews.of(m),
                gpio.isEmpty() ? null : gpio);
    }

    private static String symbolOfHandler(Machine m, long action) {
        long handler = m.kernel().memory().read(action, 8, false);
        return m.symbolForAddress(handler);
    }
}

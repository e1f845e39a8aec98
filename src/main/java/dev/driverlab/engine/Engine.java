package dev.driverlab.engine;

import dev.driverlab.engine.compile.CType;
import dev.driverlab.engine.compile.FunctionCode;
import dev.driverlab.engine.compile.Unit;
import dev.driverlab.kernel.AccessLog;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.DeferState;
import dev.driverlab.kernel.Device;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.EventKind;
import dev.driverlab.kernel.LoadedModule;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.Memory;
import dev.driverlab.kernel.Site;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Applies script commands to a machine and runs every runnable context to quiescence under the fixed policy:
 * hardirq before softirq before tasks, oldest first, a CPU's lower levels held while a higher one is active.
 * Same program + same commands = the same trace, byte for byte.
 */
public final class Engine {
    public static final int DEFAULT_MAX_STEPS = 100_000;

    private final Machine m;
    private int maxSteps = DEFAULT_MAX_STEPS;

    public Engine(Program program) {
        this.m = new Machine(program);
        boot();
    }

    private Engine(Machine m, int maxSteps) {
        this.m = m;
        this.maxSteps = maxSteps;
    }

    public Engine copy() {
        return new Engine(m.copy(), maxSteps);
    }

    public Machine machine() {
        return m;
    }

    public void setMaxSteps(int maxSteps) {
        this.maxSteps = maxSteps;
    }

    /**
     * The server's wall-clock budget: commands applied after this {@link System#nanoTime()} instant throw
     * {@link WallClockExceeded} part-way (checked every {@link #CLOCK_CHECK_STEPS} steps). The machine is then
     * left mid-command, so the caller must discard it. 0 (the default, and the CLI's) means no deadline; the
     * simulation itself never reads the clock, so a trace does not depend on it.
     */
    public void setDeadline(long nanoTime) {
        this.deadline = nanoTime;
    }

    private static final int CLOCK_CHECK_STEPS = 1 << 12;
    private long deadline;
    private int sinceClockCheck;

    private void checkDeadline() {
        if (deadline != 0 && ++sinceClockCheck >= CLOCK_CHECK_STEPS) {
            sinceClockCheck = 0;
            if (System.nanoTime() - deadline > 0) throw new WallClockExceeded();
        }
    }

    /** Between commands of one request: the clock is read at once. */
    public void checkDeadlineNow() {
        if (deadline != 0 && System.nanoTime() - deadline > 0) throw new WallClockExceeded();
    }

    // ---- boot ----

    private void boot() {
        Unit k = m.program.kernel();
        Memory mem = m.kernel.memory();
        mem.allocateKernelData(relocate(k, m.kernelImage));
        long vec = Addresses.KERNEL_DATA + k.global("tasklet_vec").offset();
        int headSize = k.struct("tasklet_head").size();
        for (int cpu = 0; cpu < m.kernel.cpus(); cpu++) {
            long head = vec + (long) cpu * headSize;
            mem.write(head + m.kernelOffset("tasklet_head", "tail"), 8, head + m.kernelOffset("tasklet_head", "head"));
        }
        mem.write(Addresses.KERNEL_DATA + k.global("jiffies").offset(), 8, m.kernel.jiffies());
        WorldBuilder world = new WorldBuilder(m);
        for (DeviceSpec spec : m.program.world().devices()) world.add(spec);
    }

    /** The unit's data image with every relocation applied for where it is loaded. */
    private byte[] relocate(Unit unit, Image image) {
        byte[] data = unit.initialData().clone();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (Unit.Reloc r : unit.relocs()) {
            long v;
            switch (r.kind()) {
                case FUNC: v = image.functionAddress(r.target()); break;
                case DATA: v = image.data() + r.target(); break;
                case KFUNC: v = m.kernelImage.functionAddress(r.target()); break;
                case KDATA: v = Addresses.KERNEL_DATA + r.target(); break;
                default: v = Addresses.BUILTIN_TEXT + ((long) r.target() << Addresses.FUNCTION_SHIFT);
            }
            b.putLong(r.offset(), v);
        }
        return data;
    }

    // ---- commands ----

    /** Applies one command, then runs to quiescence. Throws CommandException if it cannot apply. */
    public void apply(Command c) {
        apply(c, Long.MAX_VALUE);
    }

    /**
     * Applies one command but stops the run once the machine has executed {@code stopAtStep} steps in all, leaving
     * contexts mid-way: how a rewound session is rebuilt "as it was after step N". The next command runs on.
     */
    public void apply(Command c, long stopAtStep) {
        this.stopAtStep = stopAtStep;
        try {
            applyCommand(c);
        } catch (CommandException | WallClockExceeded e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) { // a simulator bug must not look like a Java crash
            m.stopped = true;
            System.getLogger(Engine.class.getName()).log(System.Logger.Level.ERROR,
                    "internal error in the simulator while running '" + c.text() + "'", e);
            throw new CommandException(c.line(), "internal error in the simulator while running '" + c.text()
                    + "' (it has been logged; please report it with this scenario)");
        } finally {
            this.stopAtStep = Long.MAX_VALUE;
        }
    }

    private long stopAtStep = Long.MAX_VALUE;

    /** Steps the current command may still take: one budget for all it runs (every tick of a "tick N"). */
    private long budget = DEFAULT_MAX_STEPS;

    /**
     * In manual scheduling ("schedule manual") commands create and wake contexts but nothing runs until a
     * "step CONTEXT" says which context takes the next step: how an explored schedule is replayed exactly.
     */
    private boolean manual;

    public boolean manual() {
        return manual;
    }

    /** Applies a command without running anything (the explorer's event injection). */
    public void inject(Command c) {
        boolean was = manual;
        manual = true;
        try {
            applyCommand(c);
        } finally {
            manual = was;
        }
    }

    /** The contexts that could take the next step, oldest first (the explorer's choices). */
    public List<Context> runnable() {
        startDeferred();
        List<Context> out = new java.util.ArrayList<>();
        CpuOccupancy cpus = new CpuOccupancy(m, m.contexts);
        for (Context c : m.contexts) if (mayStep(c) && cpus.eligible(c)) out.add(c);
        return out;
    }

    /** One step of a context (the explorer's other kind of choice). */
    public void stepOnce(Context c) {
        if (c.status == Context.Status.BLOCKED) unblock(c);
        m.step(c);
        startDeferred();
    }

    /**
     * The explorer's transition: steps of {@code c} up to and including the first one another context could observe
     * (a memory access, a primitive that keeps state in Java, waking, starting or ending; see {@link AccessLog}), or
     * until {@code c} cannot step on or {@code max} steps were taken. Purely local steps (arithmetic on registers,
     * jumps, calls and returns without stack variables, code of a live module) commute with every other context's,
     * so running them together with the next observable step loses no interleaving. {@code log} is cleared first and
     * then holds what the transition observed. Returns the number of steps taken.
     */
    public int stepUntilObserved(Context c, AccessLog log, int max) {
        log.clear();
        m.kernel.memory().log(log);
        try {
            int n = 0;
            do {
                log.clearStep();
                if (c.status == Context.Status.BLOCKED) log.global(); // its wake-up condition is another's doing
                stepOnce(c);
                n++;
            } while (!log.observed() && n < max && !m.stopped && mayStep(c));
            return n;
        } finally {
            m.kernel.memory().log(null);
        }
    }

    private void applyCommand(Command c) {
        if (m.stopped) throw new CommandException(c.line(), "the kernel has crashed: no further commands run");
        budget = maxSteps;
        spent = false;
        m.trace.add(EventKind.COMMAND, m.steps, 0, m.trace.intern(""), 0, c.line(), 0, 0, 0, c.text());
        if (FORKS.contains(c.verb()) && !m.canFork()) { // the shell's fork() fails: copy_process gave -EAGAIN
            m.output("bash: fork: " + Errno.message(-11));
            return;
        }
        switch (c.verb()) {
            case "insmod": insmod(c); break;
            case "rmmod": rmmod(c); break;
            case "bind": bind(c, true); break;
            case "unbind": bind(c, false); break;
            case "irq": irq(c); break;
            case "break": breakpoint(c, true); break;
            case "delete": breakpoint(c, false); break;
            case "continue": resume(c); break;
            case "step": stepCommand(c); break;
            case "lsmod": lsmod(); break;
            case "open": ProcessCommands.open(m, c); break;
            case "read": ProcessCommands.read(m, c); break;
            case "write": ProcessCommands.write(m, c); break;
            case "ioctl": ProcessCommands.ioctl(m, c); break;
            case "poll": ProcessCommands.poll(m, c); break;
            case "close": ProcessCommands.close(m, c); break;
            case "lseek": ProcessCommands.lseek(m, c); break;
            case "kill": ProcessCommands.kill(m, c); break;
            case "exit": ProcessCommands.exit(m, c); break;
            case "cat": ProcessCommands.cat(m, c); break;
            case "echo": ProcessCommands.echo(m, c); break;
            case "unplug": unplug(c); break;
            case "grace-period": gracePeriod(); break;
            case "tick": tick(c.arg(0) == null ? 1 : Integer.parseInt(c.arg(0))); return;
            case "schedule":
                manual = c.arg(0).equals("manual");
                break;
            case "dmesg": m.kernel.dmesg().forEach(m::output); break;
            default: throw new CommandException(c.line(), "unknown command '" + c.verb() + "'");
        }
        run();
    }

    /** The commands a shell runs as a new process (a tool, or a process of the script's). */
    private static final java.util.Set<String> FORKS = java.util.Set.of("insmod", "rmmod", "bind", "unbind", "unplug",
            "open", "cat", "echo");

    private void insmod(Command c) {
        String name = moduleArg(c);
        if (m.kernel.liveModule(name) != null) {
            m.output("insmod: ERROR: could not insert module " + name + ".ko: File exists");
            return;
        }
        Unit unit = m.program.module();
        int slot = m.kernel.addModule(name, s -> null);
        Image image = Image.module(unit, slot);
        m.images.add(image);
        MemObject data = m.kernel.memory().allocateModuleData(slot, relocate(unit, image),
                new Site(0, "insmod", m.trace.size(), List.of("load_module")), name);
        shadowGlobals(unit, data);
        long mod = image.data() + unit.global("__this_module").offset();
        Memory mem = m.kernel.memory();
        for (int i = 0; i < name.length() && i < 55; i++) mem.write(mod + m.kernelOffset("module", "name") + i, 1, name.charAt(i));
        mem.write(mod + m.kernelOffset("module", "state"), 4, 3);
        mem.write(mod + m.kernelOffset("module", "slot"), 4, slot);
        if (unit.initFn() != null) mem.write(mod + m.kernelOffset("module", "init"), 8, image.functionAddress(unit.initFn().index));
        if (unit.exitFn() != null) mem.write(mod + m.kernelOffset("module", "exit"), 8, image.functionAddress(unit.exitFn().index));
        moduleParameters(unit, image, mod, c.args().subList(1, c.args().size()));
        m.kernel.modules().set(slot - 1, new LoadedModule(slot, name, mod, data.id));
        Context ctx = process("insmod", Context.Purpose.INSMOD, name);
        m.start(ctx, "load_module", mod);
    }

    /**
     * What finit_module hands load_module: the module's struct kernel_params (every one it defines, in order: the
     * "__param" section) in mod->kp, and the arguments after its name, as one string, in mod->args (kernel copies
     * that module_params_teardown frees).
     */
    private void moduleParameters(Unit unit, Image image, long mod, List<String> args) {
        List<Unit.Global> params = unit.globals().values().stream()
                .filter(g -> g.type() instanceof CType.Struct s
                        && s.tag().equals("kernel_param"))
                .sorted(java.util.Comparator.comparingInt(Unit.Global::offset)).toList();
        Memory mem = m.kernel.memory();
        Site site = new Site(0, "insmod", m.trace.size(), List.of("load_module"));
        if (!params.isEmpty()) {
            MemObject kp = mem.allocate(8 * params.size(), MemObject.Kind.KMALLOC, "struct kernel_param *", site);
            for (int i = 0; i < params.size(); i++) {
                mem.write(kp.base + 8L * i, 8, image.data() + params.get(i).offset());
            }
            mem.write(mod + m.kernelOffset("module", "kp"), 8, kp.base);
            mem.write(mod + m.kernelOffset("module", "num_kp"), 4, params.size());
        }
        if (!args.isEmpty()) {
            byte[] text = String.join(" ", args).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            MemObject copy = mem.allocate(text.length + 1, MemObject.Kind.KMALLOC, "char", site);
            for (int i = 0; i < text.length; i++) mem.write(copy.base + i, 1, text[i]);
            mem.write(copy.base + text.length, 1, 0);
            mem.write(mod + m.kernelOffset("module", "args"), 8, copy.base);
        }
    }

    /**
     * KASAN's view of a module's data: each global is a variable of its own, and so is each string literal (gcc
     * instruments them as globals named ".str"); the padding between them is redzone.
     */
    private void shadowGlobals(Unit unit, MemObject data) {
        record Variable(int from, int to, String name) {}
        List<Variable> vars = new java.util.ArrayList<>();
        int last = -1;
        List<Unit.Global> globals = new java.util.ArrayList<>(unit.globals().values());
        globals.sort(java.util.Comparator.comparingInt(Unit.Global::offset));
        for (Unit.Global g : globals) {
            if (g.offset() == last) continue; // an alias (__this_module and THIS_MODULE's target)
            last = g.offset();
            vars.add(new Variable(g.offset(), g.offset() + Math.max(1, g.type().size()), g.name()));
        }
        for (int[] s : unit.strings()) vars.add(new Variable(s[0], s[0] + s[1], ".str"));
        vars.sort(java.util.Comparator.comparingInt(Variable::from));
        int end = vars.stream().mapToInt(Variable::to).max().orElse(0);
        dev.driverlab.kernel.Shadow shadow = m.kernel.memory().shadow(data, end);
        for (Variable v : vars) shadow.add(v.from(), v.to(), v.name());
    }

    private void rmmod(Command c) {
        String name = moduleArg(c);
        LoadedModule mod = m.kernel.liveModule(name);
        if (mod == null) {
            m.output("rmmod: ERROR: Module " + name + " is not currently loaded");
            return;
        }
        Context ctx = process("rmmod", Context.Purpose.RMMOD, name);
        m.start(ctx, "delete_module", mod.moduleStruct);
    }

    private String moduleArg(Command c) {
        String name = c.arg(0);
        if (name.endsWith(".ko")) name = name.substring(0, name.length() - 3);
        if (!name.equals(m.program.module().name)) {
            throw new CommandException(c.line(), "unknown module '" + name + "' (this scenario's module is '"
                    + m.program.module().name + "')");
        }
        return name;
    }

    /** Whether a registered driver has that name; one whose name is no longer there matches nothing. */
    private boolean named(Memory mem, long drv, String name) {
        try {
            long n = mem.read(drv + m.kernelOffset("device_driver", "name"), 8, false);
            return n != 0 && mem.readString(n).equals(name);
        } catch (dev.driverlab.kernel.MemoryFault unreadable) {
            return false;
        }
    }

    private void bind(Command c, boolean bind) {
        Device d = m.kernel.device(c.arg(0));
        if (d == null) throw new CommandException(c.line(), "unknown device '" + c.arg(0) + "'");
        Memory mem = m.kernel.memory();
        long driver = mem.read(d.dev() + m.kernelOffset("device", "driver"), 8, false);
        if (!bind && driver == 0) {
            m.output("unbind: echo: write error: No such device");
            return;
        }
        if (bind) {
            driver = 0;
            for (long drv : m.kernel.drivers()) {
                if (named(mem, drv, d.name())) driver = drv;
            }
            if (driver == 0) {
                m.output("bind: echo: write error: No such device");
                return;
            }
        }
        Context ctx = process(bind ? "bind" : "unbind", bind ? Context.Purpose.BIND : Context.Purpose.UNBIND, d.name());
        m.start(ctx, bind ? "bind_store" : "unbind_store", driver, d.dev());
    }

    private void irq(Command c) {
        int irq = c.arg(0) == null ? -1 : Integer.parseInt(c.arg(0));
        int cpu = c.arg(2) != null ? Integer.parseInt(c.arg(2)) : m.kernel.cpus() - 1;
        if (cpu < 0 || cpu >= m.kernel.cpus()) {
            throw new CommandException(c.line(), "no CPU " + cpu + " (this world has " + m.kernel.cpus() + ")");
        }
        if (named("irq" + irq) == null && !m.canFork()) {
            throw new CommandException(c.line(), "too many contexts alive (" + Machine.MAX_CONTEXTS + "): no"
                    + " interrupt context can start for IRQ " + irq);
        }
        fire(irq, cpu);
    }

    /**
     * An interrupt on a line. While the line's hardirq context is alive no second one starts: not yet begun, the
     * interrupt merges with the one already pending at the CPU; begun, the line is in progress and the kernel marks
     * it IRQS_PENDING (handle_edge_irq), which the running context handles once more after its handler returns.
     */
    private void fire(int irq, int cpu) {
        Context running = named("irq" + irq);
        if (running != null) {
            boolean begun = running.depth > 1 || running.top().pc > 0;
            if (begun) m.kernel.irqLine(irq).markPending();
            m.trace.add(EventKind.IRQ_FIRE, m.steps, cpu, running.nameId, 0, 0, irq, cpu, 0, "IRQ " + irq + " on CPU "
                    + cpu + (begun ? " (pending: the line's handler is in progress)" : " (merged with the pending one)"));
            return;
        }
        Context ctx = m.newContext("irq" + irq, ContextKind.HARDIRQ, Context.Purpose.IRQ, "irq " + irq, cpu,
                0, "swapper/" + cpu);
        m.trace.add(EventKind.IRQ_FIRE, m.steps, cpu, ctx.nameId, 0, 0, irq, cpu, 0, "IRQ " + irq + " on CPU " + cpu);
        m.start(ctx, "common_interrupt", irq);
    }

    private Context process(String name, Context.Purpose purpose, String subject) {
        return m.newContext(unique(name), ContextKind.PROCESS, purpose, subject, 0, m.kernel.newPid(), name);
    }

    private String unique(String base) {
        return m.unique(base);
    }

    private Context named(String name) {
        return m.named(name);
    }

    /** Hot-unplug: the device leaves its bus (device_del unbinds its driver), then its last reference goes. */
    private void unplug(Command c) {
        Device d = m.kernel.device(c.arg(0));
        if (d == null) throw new CommandException(c.line(), "unknown device '" + c.arg(0) + "'");
        if (d.bus().equals("usb")) {
            // The device is gone from its port: the controller's next transfers to it fail, and its port status
            // change is an interrupt (hub_event then runs usb_disconnect: here the unplug context).
            for (var port : m.kernel.usbPorts()) if (port.udev() == d.pdev()) m.kernel.memory().write(port.world(), 8, 0);
            m.pendingIrqs.add(new int[] {dev.driverlab.kernel.UsbPrimitives.HCD_IRQ, m.kernel.cpus() - 1});
        }
        Context ctx = process("unplug", Context.Purpose.UNPLUG, d.name());
        String path = d.bus().equals("usb") ? "usb_disconnect" : d.bus().equals("i2c") ? "i2c_unregister_device"
                : "platform_device_unregister";
        m.start(ctx, path, d.pdev());
    }

    /** An RCU grace period completes: callbacks it covers become ready and run from the RCU softirq. */
    private void gracePeriod() {
        var cpus = m.kernel.defer().completeGracePeriod();
        m.trace.add(EventKind.GRACE_PERIOD, m.steps, 0, m.trace.intern(""), 0, 0, 0, 0, 0,
                "grace period " + m.kernel.defer().completedGp() + " completed");
        for (int cpu : cpus) m.kernel.raiseSoftirq(cpu, 9, true); // RCU_SOFTIRQ
    }

    /**
     * Time passes: jiffies advance; expired timers fire from their CPU's timer softirq. Ticks in which nothing
     * expires are skipped in one go, as a tickless (NO_HZ) kernel sleeps through them.
     */
    private void tick(int n) {
        long end = m.kernel.jiffies() + n;
        while (end - m.kernel.jiffies() > 0 && !m.stopped && !spent) {
            Long timer = earliest(m.kernel.defer().nextExpiry(), nextSleeperDeadline());
            long next = m.kernel.jiffies() + 1;
            if (timer != null && timer - next > 0 && end - timer >= 0) next = timer;
            else if (timer == null || timer - end > 0) next = end;
            advanceJiffies(next);
            run();
        }
    }

    private static Long earliest(Long a, Long b) {
        return a == null ? b : b == null || a - b <= 0 ? a : b;
    }

    /** The earliest deadline a sleeping context waits for (msleep, schedule_timeout), or null. */
    private Long nextSleeperDeadline() {
        Long deadline = null;
        for (Context c : m.contexts) {
            if (c.status == Context.Status.BLOCKED && c.wait instanceof dev.driverlab.kernel.WaitCondition.Sleep s
                    && s.deadline() != 0) {
                deadline = earliest(deadline, s.deadline());
            }
        }
        return deadline;
    }

    private void advanceJiffies(long to) {
        m.kernel.setJiffies(to);
        m.kernel.memory().write(Addresses.KERNEL_DATA + m.program.kernel().global("jiffies").offset(), 8, to);
        m.trace.add(EventKind.TICK, m.steps, 0, m.trace.intern(""), 0, 0, 0, to, 0, "jiffies = " + to);
        for (int cpu : m.kernel.defer().expiredTimerCpus(to)) m.kernel.raiseSoftirq(cpu, 1, true); // TIMER_SOFTIRQ
    }

    private void breakpoint(Command c, boolean add) {
        String what = c.arg(0);
        if (what.chars().allMatch(Character::isDigit)) {
            int line = Integer.parseInt(what);
            int lines = m.program.module().file.lines().size();
            if (line < 1 || line > lines) {
                throw new CommandException(c.line(), "line " + line + " is outside the source (1.." + lines + ")");
            }
            if (add) m.lineBreaks.add(line);
            else if (!m.lineBreaks.remove(line)) throw new CommandException(c.line(), "no breakpoint at line " + line);
            return;
        }
        if (add && m.program.module().function(what) == null && m.program.kernel().function(what) == null) {
            throw new CommandException(c.line(), "no function named '" + what + "'");
        }
        if (add) m.functionBreaks.add(what);
        else if (!m.functionBreaks.remove(what)) throw new CommandException(c.line(), "no breakpoint on " + what);
    }

    private void resume(Command c) {
        if (c.arg(0) == null) {
            for (Context ctx : m.contexts) if (ctx.status == Context.Status.PAUSED) wake(ctx);
            return;
        }
        Context ctx = named(c.arg(0));
        if (ctx == null || ctx.status != Context.Status.PAUSED) {
            throw new CommandException(c.line(), "context '" + c.arg(0) + "' is not paused" + pausedList());
        }
        wake(ctx);
    }

    private void wake(Context ctx) {
        ctx.status = Context.Status.RUNNABLE;
        ctx.skipBreakpointOnce = true;
        Frame f = ctx.top();
        m.trace.add(EventKind.RESUMED, m.steps, ctx.cpu, ctx.nameId, f.nameId, f.line);
    }

    private void stepCommand(Command c) {
        if (c.arg(1) != null && Integer.parseInt(c.arg(1)) > maxSteps) {
            throw new CommandException(c.line(), "step count " + c.arg(1) + " is over the step budget of one command ("
                    + maxSteps + ")");
        }
        Context ctx = named(c.arg(0));
        if (manual && ctx != null && ctx.status != Context.Status.PAUSED) {
            int n = c.arg(1) == null ? 1 : Integer.parseInt(c.arg(1));
            for (int i = 0; i < n && !m.stopped && m.steps < stopAtStep; i++) {
                checkDeadline();
                if (!runnable().contains(ctx)) {
                    throw new CommandException(c.line(), "context '" + c.arg(0) + "' cannot take a step now ("
                            + ctx.status.name().toLowerCase() + ")");
                }
                stepOnce(ctx);
            }
            return;
        }
        if (ctx == null || ctx.status != Context.Status.PAUSED) {
            throw new CommandException(c.line(), "context '" + c.arg(0) + "' is not paused" + pausedList());
        }
        int n = c.arg(1) == null ? 1 : Integer.parseInt(c.arg(1));
        for (int i = 0; i < n && !m.stopped && ctx.active() && m.steps < stopAtStep; i++) {
            checkDeadline();
            if (ctx.status == Context.Status.BLOCKED) {
                if (!ctx.wait.ready(m.kernel)) break;
                unblock(ctx);
            }
            m.step(ctx);
            startDeferred();
        }
        if (ctx.active() && ctx.status != Context.Status.BLOCKED) {
            ctx.status = Context.Status.PAUSED;
            ctx.pauseReason = "stepped";
            Frame f = ctx.top();
            m.trace.add(EventKind.PAUSED, m.steps, ctx.cpu, ctx.nameId, f.nameId, f.line, 0, 0, 0, "stepped");
        }
    }

    private String pausedList() {
        StringBuilder sb = new StringBuilder();
        for (Context ctx : m.contexts) {
            if (ctx.status == Context.Status.PAUSED) sb.append(sb.length() == 0 ? " (paused: " : ", ").append(ctx.name);
        }
        return sb.length() == 0 ? " (no context is paused)" : sb.append(')').toString();
    }

    private void lsmod() {
        m.output("Module                  Size  Used by");
        for (LoadedModule mod : m.kernel.modules()) {
            if (mod.unloaded()) continue;
            long count = m.kernel.memory().read(mod.moduleStruct + m.kernelOffset("module", "refcnt"), 4, true);
            m.output(String.format("%-19s %8d  %d", mod.name, m.moduleSize(mod.slot), count));
        }
    }

    // ---- the scheduler loop ----

    /** Runs every runnable context until all are finished, blocked or paused (or a bug stops the kernel). */
    void run() {
        if (manual) {
            startDeferred();
            return;
        }
        for (Context c : m.contexts) c.stepBudget = 0;
        while (!m.stopped && !spent && m.steps < stopAtStep) {
            checkDeadline();
            startDeferred();
            Context c = pick();
            if (c == null && idleProgress()) continue;
            if (c == null) break;
            if (c.status == Context.Status.BLOCKED) unblock(c);
            if (!c.skipBreakpointOnce && pauseAtBreakpoint(c)) continue;
            c.skipBreakpointOnce = false;
            m.step(c);
            if (c.status != Context.Status.BLOCKED) c.stepBudget++;
            if (--budget < 0) {
                budgetSpent();
                return;
            }
        }
    }

    /**
     * The command's step budget is used up. A context that took most of it without ever blocking kept its CPU
     * without scheduling: the soft-lockup watchdog's report (kernel/watchdog.c). Otherwise everything slept and woke
     * in turn (a timer rearmed every jiffy, threads polling with msleep) and the kernel is fine: the command stops
     * here, its contexts stay as they are, and the next command goes on with them.
     */
    private void budgetSpent() {
        Context worst = null;
        for (Context x : m.contexts) if (worst == null || x.stepBudget > worst.stepBudget) worst = x;
        if (worst != null && worst.stepBudget > maxSteps / 2) {
            Reporter.softLockup(m, worst);
            return;
        }
        m.output("driverlab: the command used its step budget (" + maxSteps
                + " steps) without any context keeping its CPU; it stops here and its contexts stay as they are");
        spent = true;
    }

    /** The current command used its step budget up without a lockup: nothing more of it runs. */
    private boolean spent;

    private void unblock(Context c) {
        if (c.wait instanceof dev.driverlab.kernel.WaitCondition.NotStarted) m.kernel.sched().consumeWake(c.id);
        c.status = Context.Status.RUNNABLE;
        Frame f = c.top();
        m.trace.add(EventKind.WOKEN, m.steps, c.cpu, c.nameId, f.nameId, f.line, 0, 0, 0, c.wait.describe());
        c.wait = null;
    }

    /**
     * The script is over: a task still blocked uninterruptibly (state D) with nothing paused that could be
     * continued would stay so forever: the hung-task detector's report after 120 seconds.
     */
    public void finish() {
        if (m.stopped) return;
        for (LoadedModule mod : m.kernel.modules()) {
            if (!mod.unloaded()) continue;
            MemObject leaked = dev.driverlab.kernel.Kmemleak.unreferenced(m.kernel, mod.name);
            if (leaked != null) {
                Reporter.leak(m, leaked, dev.driverlab.kernel.Kmemleak.text(leaked, m.kernel.jiffies()));
                return;
            }
        }
        for (Context c : m.contexts) if (c.status == Context.Status.PAUSED) return;
        Deadlock.check(m);
        if (m.stopped) return;
        // Semaphores have no owner to follow: tasks all stuck in down() on exhausted ones wait for each other.
        List<Context> down = new java.util.ArrayList<>();
        for (Context c : m.contexts) {
            if (c.status == Context.Status.BLOCKED && c.wait instanceof dev.driverlab.kernel.WaitCondition.LockFree l
                    && !l.interruptible() && l.describe().startsWith("down")) {
                down.add(c);
            }
        }
        if (down.size() >= 2) Reporter.hungTask(m, down.get(0), down.get(0).wait.describe());
    }

    /**
     * Nothing can run: let the world move on by itself where the kernel would. An RCU grace period completes when
     * someone waits for one; time passes to the earliest sleeper's deadline. Tasks blocked on each other's locks
     * forever are a hung task. Returns whether something became runnable.
     */
    private boolean idleProgress() {
        Idle idle = waitedFor() ? idle() : null;
        if (idle == null) {
            Deadlock.check(m);
            return false;
        }
        if (!idle.gracePeriod()) {
            Context hung = hungBy(idle.jiffies());
            if (hung != null && m.kernel.jiffies() - (hung.blockedAt + HUNG_TASK_TIMEOUT) >= 0) {
                Reporter.hungTask(m, hung, hung.wait.describe());
                return false;
            }
            if (hung != null) idle = new Idle(false, hung.blockedAt + HUNG_TASK_TIMEOUT);
        }
        if (idle.gracePeriod()) gracePeriod();
        else advanceJiffies(idle.jiffies());
        return true;
    }

    /** kernel/hung_task.c's default timeout: 120 seconds at HZ=250. */
    static final long HUNG_TASK_TIMEOUT = 120L * 250;

    /**
     * Whether the command is waiting for something: a task it runs (insmod, rmmod, bind, a process's system
     * call...) is blocked. Only then does time pass by itself; kernel threads and workers asleep on timers do not
     * hold the command, which returns while they sleep (a later "tick N" lets their time pass).
     */
    private boolean waitedFor() {
        for (Context c : m.contexts) if (foreground(c) && c.status == Context.Status.BLOCKED) return true;
        return false;
    }

    private static boolean foreground(Context c) {
        return c.kind == ContextKind.PROCESS && c.purpose != Context.Purpose.KTHREAD
                && c.purpose != Context.Purpose.KWORKER;
    }

    /**
     * The command's task that time passing to {@code to} would leave blocked uninterruptibly (state D) for more
     * than the hung-task timeout, the first to reach it; null if none.
     */
    private Context hungBy(long to) {
        Context hung = null;
        for (Context c : m.contexts) {
            if (!foreground(c) || c.status != Context.Status.BLOCKED || interruptible(c.wait)) continue;
            long limit = c.blockedAt + HUNG_TASK_TIMEOUT;
            if (to - limit > 0 && (hung == null || limit - (hung.blockedAt + HUNG_TASK_TIMEOUT) < 0)) hung = c;
        }
        return hung;
    }

    /** TASK_INTERRUPTIBLE sleeps (the hung-task detector looks only at TASK_UNINTERRUPTIBLE ones). */
    private static boolean interruptible(dev.driverlab.kernel.WaitCondition w) {
        return w instanceof dev.driverlab.kernel.WaitCondition.Sleep s && s.interruptible()
                || w instanceof dev.driverlab.kernel.WaitCondition.LockFree l && l.interruptible();
    }

    /** What time passing does when nothing can run: a grace period completes, or jiffies advance to {@code jiffies}. */
    private record Idle(boolean gracePeriod, long jiffies) {}

    /**
     * What letting time pass would change now: a grace period, when a task waits for one that callbacks want;
     * else jiffies advance to the nearest sleeper's deadline (or a timer before it); null when neither applies.
     */
    private Idle idle() {
        boolean gpWaiter = false;
        long deadline = Long.MAX_VALUE;
        for (Context c : m.contexts) {
            if (c.status != Context.Status.BLOCKED) continue;
            if (c.wait instanceof dev.driverlab.kernel.WaitCondition.GracePeriod
                    || c.wait instanceof dev.driverlab.kernel.WaitCondition.Barrier) {
                gpWaiter = true;
            }
            if (c.wait instanceof dev.driverlab.kernel.WaitCondition.Sleep s && s.deadline() != 0) {
                deadline = Math.min(deadline, s.deadline());
            }
        }
        if (gpWaiter && m.kernel.defer().graceWanted()) return new Idle(true, 0);
        if (deadline != Long.MAX_VALUE && deadline - m.kernel.jiffies() > 0) {
            Long timer = m.kernel.defer().nextExpiry();
            long to = timer != null && timer - m.kernel.jiffies() > 0 && timer - deadline < 0 ? timer : deadline;
            return new Idle(false, to);
        }
        return null;
    }

    /**
     * The explorer's "time passes" transition, as the script command that makes it ({@code grace-period} or
     * {@code tick N}), so a found schedule replays exactly; null when time passing changes nothing.
     */
    public String idleCommand() {
        Idle idle = idle();
        if (idle == null) return null;
        return idle.gracePeriod() ? "grace-period" : "tick " + (idle.jiffies() - m.kernel.jiffies());
    }

    /** Starts what the last step asked for: replayed IRQs, kworkers, softirq runs after irq_exit or a ksoftirqd wake. */
    private void startDeferred() {
        if (!m.pendingKworkers.isEmpty()) {
            int cpus = m.kernel.cpus();
            for (int pool : List.copyOf(m.pendingKworkers)) {
                String name = DeferState.workerName(pool, cpus);
                Context k = named(name);
                if (k != null && k.active()) continue;
                Context w = m.newContext(name, ContextKind.PROCESS, Context.Purpose.KWORKER, "workqueue",
                        m.kernel.defer().workerCpu(pool, cpus), m.kernel.newPid(), DeferState.workerComm(pool, cpus));
                m.start(w, "worker_thread", pool);
            }
            m.pendingKworkers.clear();
        }
        if (!m.pendingIrqs.isEmpty()) {
            List<int[]> irqs = List.copyOf(m.pendingIrqs);
            m.pendingIrqs.clear();
            for (int[] p : irqs) fire(p[0], p[1]);
        }
        for (int cpu = 0; cpu < m.kernel.cpus(); cpu++) {
            boolean trigger = m.irqExited[cpu] || m.kernel.takeKsoftirqdWake(cpu);
            if (!trigger || Outcomes.hasActive(m, cpu, ContextKind.HARDIRQ)) continue;
            m.irqExited[cpu] = false;
            if (m.kernel.softirqPending(cpu) == 0 || Outcomes.hasActive(m, cpu, ContextKind.SOFTIRQ)) continue;
            Context s = m.newContext("softirq" + cpu, ContextKind.SOFTIRQ, Context.Purpose.SOFTIRQ, "softirq", cpu, 0,
                    "swapper/" + cpu);
            m.start(s, "__do_softirq");
        }
    }

    /** The next context to step: highest level first, then oldest; a CPU runs one level at a time. */
    private Context pick() {
        Context best = null;
        CpuOccupancy cpus = new CpuOccupancy(m, m.contexts);
        for (Context c : m.contexts) {
            if (!mayStep(c) || !cpus.eligible(c)) continue;
            if (best == null || c.kind.ordinal() < best.kind.ordinal()
                    || (c.kind == best.kind && c.id < best.id)) {
                best = c;
            }
        }
        return best;
    }

    /** Not paused, finished or idle, and not blocked on a condition that still holds. */
    private boolean mayStep(Context c) {
        if (c.status == Context.Status.PAUSED || c.status == Context.Status.DONE || c.status == Context.Status.IDLE) {
            return false;
        }
        return c.status != Context.Status.BLOCKED || c.wait.ready(m.kernel);
    }

    private boolean pauseAtBreakpoint(Context c) {
        Frame f = c.top();
        String reason = null;
        if (f.pc == 0 && m.functionBreaks.contains(f.fn.name)) reason = "breakpoint at " + f.fn.name;
        else if (!f.fn.kernel && f.fn.code()[f.pc] == dev.driverlab.engine.compile.Op.STMT
                && m.lineBreaks.contains(f.fn.code()[f.pc + 1])) {
            reason = "breakpoint at line " + f.fn.code()[f.pc + 1];
        }
        if (reason == null) return false;
        if (f.fn.code()[f.pc] == dev.driverlab.engine.compile.Op.STMT) f.line = f.fn.code()[f.pc + 1]; // about to run
        c.status = Context.Status.PAUSED;
        c.pauseReason = reason;
        m.trace.add(EventKind.PAUSED, m.steps, c.cpu, c.nameId, f.nameId, f.line, 0, 0, 0, reason);
        return true;
    }
}

package dev.driverlab.engine;

import dev.driverlab.engine.compile.CType;
import dev.driverlab.engine.compile.Unit;
import dev.driverlab.kernel.AccessLog;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.Bus;
import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.Device;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.Errno;
import dev.driverlab.kernel.Kmemleak;
import dev.driverlab.kernel.LoadedModule;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.Memory;
import dev.driverlab.kernel.MemoryFault;
import dev.driverlab.kernel.Shadow;
import dev.driverlab.kernel.Site;
import dev.driverlab.kernel.UsbPrimitives;
import dev.driverlab.kernel.WaitCondition;
import dev.driverlab.lang.SourceFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies script commands to a machine and runs every runnable context to quiescence, in the order the
 * {@link Scheduler} chooses (hardirq before softirq before tasks, oldest first), within each command's step budget
 * and the server's wall-clock deadline. Same program + same commands = the same trace, byte for byte.
 */
public final class Engine {
    public static final int DEFAULT_MAX_STEPS = 100_000;

    private final Machine m;
    private final Scheduler scheduler;
    private int maxSteps = DEFAULT_MAX_STEPS;

    public Engine(Program program) {
        this(new Machine(program), DEFAULT_MAX_STEPS);
        boot();
    }

    private Engine(Machine m, int maxSteps) {
        this.m = m;
        this.scheduler = new Scheduler(m);
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
        Unit k = m.program().kernel();
        Memory mem = m.kernel().memory();
        mem.allocateKernelData(relocate(k, m.kernelImage()));
        long vec = Addresses.KERNEL_DATA + k.global("tasklet_vec").offset();
        int headSize = k.struct("tasklet_head").size();
        for (int cpu = 0; cpu < m.kernel().cpus(); cpu++) {
            long head = vec + (long) cpu * headSize;
            mem.write(head + m.kernelOffset("tasklet_head", "tail"), 8, head + m.kernelOffset("tasklet_head", "head"));
        }
        mem.write(
                Addresses.KERNEL_DATA + k.global("jiffies").offset(),
                8,
                m.kernel().jiffies());
        utsRelease(k, mem);
        WorldBuilder world = new WorldBuilder(m);
        world.gpio(m.program().world().gpio());
        for (DeviceSpec spec : m.program().world().devices()) world.add(spec);
    }

    /**
     * init_uts_ns.name.release as the scenario's kernel would have it compiled in (UTS_RELEASE of that build): the
     * prelude is compiled once for every version, so the booted machine writes its own release there.
     */
    private void utsRelease(Unit k, Memory mem) {
        long field = Addresses.KERNEL_DATA
                + k.global("init_uts_ns").offset()
                + m.kernelOffset("uts_namespace", "name")
                + m.kernelOffset("new_utsname", "release");
        byte[] release = m.kernel().version().release().getBytes(StandardCharsets.US_ASCII);
        int len = m.kernelOffset("new_utsname", "version") - m.kernelOffset("new_utsname", "release");
        for (int i = 0; i < len; i++) mem.write(field + i, 1, i < release.length ? release[i] : 0);
    }

    /** The unit's data image with every relocation applied for where it is loaded. */
    private byte[] relocate(Unit unit, Image image) {
        byte[] data = unit.initialData().clone();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (Unit.Reloc r : unit.relocs()) {
            long v;
            switch (r.kind()) {
                case FUNC:
                    v = image.functionAddress(r.target());
                    break;
                case DATA:
                    v = image.data() + r.target();
                    break;
                case KFUNC:
                    v = m.kernelImage().functionAddress(r.target());
                    break;
                case KDATA:
                    v = Addresses.KERNEL_DATA + r.target();
                    break;
                default:
                    v = Addresses.BUILTIN_TEXT + ((long) r.target() << Addresses.FUNCTION_SHIFT);
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
            m.halt();
            System.getLogger(Engine.class.getName())
                    .log(
                            System.Logger.Level.ERROR,
                            "internal error in the simulator while running '" + c.text() + "'",
                            e);
            throw new CommandException(
                    c.line(),
                    "internal error in the simulator while running '" + c.text()
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
        return scheduler.runnable();
    }

    /** One step of a context (the explorer's other kind of choice). */
    public void stepOnce(Context c) {
        scheduler.stepOnce(c);
    }

    /**
     * The explorer's "time passes" transition, as the script command that makes it ({@code grace-period} or
     * {@code tick N}), so a found schedule replays exactly; null when time passing changes nothing.
     */
    public String idleCommand() {
        return scheduler.idleCommand();
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
        m.kernel().memory().log(log);
        try {
            int n = 0;
            do {
                log.clearStep();
                if (c.status == Context.Status.BLOCKED) log.global(); // its wake-up condition is another's doing
                stepOnce(c);
                n++;
            } while (!log.observed() && n < max && !m.stopped() && scheduler.mayStep(c));
            return n;
        } finally {
            m.kernel().memory().log(null);
        }
    }

    private void applyCommand(Command c) {
        if (m.stopped()) throw new CommandException(c.line(), "the kernel has crashed: no further commands run");
        budget = maxSteps;
        spent = false;
        m.trace().command(m.steps(), c.line(), c.text());
        if (c.verb().forks() && !m.canFork()) { // the shell's fork() fails: copy_process gave -EAGAIN
            m.output("bash: fork: " + Errno.strerror(Errno.EAGAIN.number));
            return;
        }
        if (c.dispatch(commands)) run();
    }

    /** What each command does; each returns whether the machine then runs until nothing can (tick runs as it goes). */
    private final Command.Handler<Boolean> commands = new Command.Handler<>() {
        public Boolean insmod(Command.Insmod c) {
            Engine.this.insmod(c);
            return true;
        }

        public Boolean rmmod(Command.Rmmod c) {
            Engine.this.rmmod(c);
            return true;
        }

        public Boolean bind(Command.Bind c) {
            Engine.this.bind(c.line(), c.device(), true);
            return true;
        }

        public Boolean unbind(Command.Unbind c) {
            Engine.this.bind(c.line(), c.device(), false);
            return true;
        }

        public Boolean unplug(Command.Unplug c) {
            Engine.this.unplug(c);
            return true;
        }

        public Boolean irq(Command.Irq c) {
            Engine.this.irq(c);
            return true;
        }

        public Boolean gpio(Command.Gpio c) {
            Engine.this.gpio(c);
            return true;
        }

        public Boolean open(Command.Open c) {
            ProcessCommands.open(m, c);
            return true;
        }

        public Boolean read(Command.Read c) {
            ProcessCommands.read(m, c);
            return true;
        }

        public Boolean write(Command.Write c) {
            ProcessCommands.write(m, c);
            return true;
        }

        public Boolean ioctl(Command.Ioctl c) {
            ProcessCommands.ioctl(m, c);
            return true;
        }

        public Boolean poll(Command.Poll c) {
            ProcessCommands.poll(m, c);
            return true;
        }

        public Boolean lseek(Command.Lseek c) {
            ProcessCommands.lseek(m, c);
            return true;
        }

        public Boolean close(Command.Close c) {
            ProcessCommands.close(m, c);
            return true;
        }

        public Boolean kill(Command.Kill c) {
            ProcessCommands.kill(m, c);
            return true;
        }

        public Boolean exit(Command.Exit c) {
            ProcessCommands.exit(m, c);
            return true;
        }

        public Boolean cat(Command.Cat c) {
            ProcessCommands.cat(m, c);
            return true;
        }

        public Boolean echo(Command.Echo c) {
            ProcessCommands.echo(m, c);
            return true;
        }

        public Boolean tick(Command.Tick c) {
            Engine.this.tick(c.jiffies());
            return false;
        }

        public Boolean gracePeriod(Command.GracePeriod c) {
            scheduler.gracePeriod();
            return true;
        }

        public Boolean breakpoint(Command.Break c) {
            Engine.this.breakpoint(c.line(), c.at(), true);
            return true;
        }

        public Boolean delete(Command.Delete c) {
            Engine.this.breakpoint(c.line(), c.at(), false);
            return true;
        }

        public Boolean resume(Command.Continue c) {
            Engine.this.resume(c);
            return true;
        }

        public Boolean step(Command.Step c) {
            Engine.this.stepCommand(c);
            return true;
        }

        public Boolean schedule(Command.Schedule c) {
            manual = c.manual();
            return true;
        }

        public Boolean lsmod(Command.Lsmod c) {
            Engine.this.lsmod();
            return true;
        }

        public Boolean dmesg(Command.Dmesg c) {
            m.kernel().dmesg().forEach(m::output);
            return true;
        }
    };

    private void insmod(Command.Insmod c) {
        String name = moduleArg(c.line(), c.module());
        if (m.kernel().liveModule(name) != null) {
            m.output("insmod: ERROR: could not insert module " + name + ".ko: File exists");
            return;
        }
        Unit unit = m.program().module(name);
        int slot = m.kernel().addModule(name, s -> null);
        Image image = Image.module(unit, slot);
        m.addImage(image);
        MemObject data = m.kernel()
                .memory()
                .allocateModuleData(
                        slot,
                        relocate(unit, image),
                        new Site(0, "insmod", m.trace().size(), List.of("load_module")),
                        name);
        shadowGlobals(unit, data);
        long mod = image.data() + unit.global("__this_module").offset();
        Memory mem = m.kernel().memory();
        long nameLen = m.kernelConstant("MODULE_NAME_LEN"); // the name keeps its NUL
        for (int i = 0; i < name.length() && i < nameLen - 1; i++) {
            mem.write(mod + m.kernelOffset("module", "name") + i, 1, name.charAt(i));
        }
        mem.write(mod + m.kernelOffset("module", "state"), 4, m.kernelConstant("MODULE_STATE_UNFORMED"));
        mem.write(mod + m.kernelOffset("module", "slot"), 4, slot);
        if (unit.initFn() != null)
            mem.write(mod + m.kernelOffset("module", "init"), 8, image.functionAddress(unit.initFn().index));
        if (unit.exitFn() != null)
            mem.write(mod + m.kernelOffset("module", "exit"), 8, image.functionAddress(unit.exitFn().index));
        moduleParameters(unit, image, mod, c.params());
        symbolTables(unit, image, mod);
        m.kernel().modules().set(slot - 1, new LoadedModule(slot, name, mod, data.id));
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
                .filter(g -> g.type() instanceof CType.Struct s && s.tag().equals("kernel_param"))
                .sorted(Comparator.comparingInt(Unit.Global::offset))
                .toList();
        Memory mem = m.kernel().memory();
        Site site = new Site(0, "insmod", m.trace().size(), List.of("load_module"));
        if (!params.isEmpty()) {
            MemObject kp = mem.allocate(8 * params.size(), MemObject.Kind.KMALLOC, "struct kernel_param *", site);
            for (int i = 0; i < params.size(); i++) {
                mem.write(kp.base + 8L * i, 8, image.data() + params.get(i).offset());
            }
            mem.write(mod + m.kernelOffset("module", "kp"), 8, kp.base);
            mem.write(mod + m.kernelOffset("module", "num_kp"), 4, params.size());
        }
        if (!args.isEmpty()) {
            byte[] text = String.join(" ", args).getBytes(StandardCharsets.ISO_8859_1);
            MemObject copy = mem.allocate(text.length + 1, MemObject.Kind.KMALLOC, "char", site);
            for (int i = 0; i < text.length; i++) mem.write(copy.base + i, 1, text[i]);
            mem.write(copy.base + text.length, 1, 0);
            mem.write(mod + m.kernelOffset("module", "args"), 8, copy.base);
        }
    }

    /**
     * Where the sections load_module reads are in the module's data (its __ksymtab, __ksymtab_gpl, undefined symbols
     * and their relocations, .modinfo's import_ns and license entries), as struct module's pointers and counts.
     */
    private void symbolTables(Unit unit, Image image, long mod) {
        Memory mem = m.kernel().memory();
        String[][] tables = {
            {"__ksymtab", "syms", "num_syms"},
            {"__ksymtab_gpl", "gpl_syms", "num_gpl_syms"},
            {"__undefs", "undefs", "num_undefs"},
            {"__relocs", "relocs", "num_relocs"},
            {"__import_ns", "import_ns", "num_import_ns"}
        };
        for (String[] t : tables) {
            Unit.Global g = unit.global(t[0]);
            if (g == null) continue;
            mem.write(mod + m.kernelOffset("module", t[1]), 8, image.data() + g.offset());
            mem.write(mod + m.kernelOffset("module", t[2]), 4, ((CType.Array) g.type()).length());
        }
        String[][] modinfo = { // .modinfo entries, and the struct module field the loader reads each from
            {"__modinfo_license", "license"},
            {"__modinfo_version", "modinfo_version"},
            {"__modinfo_vermagic", "modinfo_vermagic"},
            {"__modinfo_intree", "modinfo_intree"}
        };
        for (String[] t : modinfo) {
            Unit.Global g = unit.global(t[0]);
            if (g == null) continue;
            long text = mem.read(image.data() + g.offset(), 8, false);
            mem.write(mod + m.kernelOffset("module", t[1]), 8, text);
        }
    }

    /**
     * KASAN's view of a module's data: each global is a variable of its own, and so is each string literal (gcc
     * instruments them as globals named ".str"); the padding between them is redzone.
     */
    private void shadowGlobals(Unit unit, MemObject data) {
        record Variable(int from, int to, String name) {}
        List<Variable> vars = new ArrayList<>();
        int last = -1;
        List<Unit.Global> globals = new ArrayList<>(unit.globals().values());
        globals.sort(Comparator.comparingInt(Unit.Global::offset));
        for (Unit.Global g : globals) {
            if (g.offset() == last) continue; // an alias (__this_module and THIS_MODULE's target)
            last = g.offset();
            vars.add(new Variable(g.offset(), g.offset() + Math.max(1, g.type().size()), g.name()));
        }
        for (int[] s : unit.strings()) vars.add(new Variable(s[0], s[0] + s[1], ".str"));
        vars.sort(Comparator.comparingInt(Variable::from));
        int end = vars.stream().mapToInt(Variable::to).max().orElse(0);
        Shadow shadow = m.kernel().memory().shadow(data, end);
        for (Variable v : vars) shadow.add(v.from(), v.to(), v.name());
    }

    private void rmmod(Command.Rmmod c) {
        String name = moduleArg(c.line(), c.module());
        LoadedModule mod = m.kernel().liveModule(name);
        if (mod == null) {
            m.output("rmmod: ERROR: Module " + name + " is not currently loaded");
            return;
        }
        List<String> holders = mod.state() == LoadedModule.State.UNFORMED ? List.of() : m.holders(mod);
        if (!holders.isEmpty()) { // kmod's rmmod reads /sys/module/NAME/holders before asking the kernel
            m.output("rmmod: ERROR: Module " + name + " is in use by: " + String.join(" ", holders));
            return;
        }
        Context ctx = process("rmmod", Context.Purpose.RMMOD, name);
        m.start(ctx, "delete_module", mod.moduleStruct);
    }

    private String moduleArg(int line, String name) {
        if (m.program().module(name) == null) {
            List<String> names =
                    m.program().modules().stream().map(u -> "'" + u.name + "'").toList();
            throw new CommandException(
                    line,
                    "unknown module '" + name + "' (this scenario's module" + (names.size() == 1 ? " is " : "s are ")
                            + String.join(", ", names) + ")");
        }
        return name;
    }

    /** Whether a registered driver has that name; one whose name is no longer there matches nothing. */
    private boolean named(Memory mem, long drv, String name) {
        try {
            long n = mem.read(drv + m.kernelOffset("device_driver", "name"), 8, false);
            return n != 0 && mem.readString(n).equals(name);
        } catch (MemoryFault unreadable) {
            return false;
        }
    }

    private void bind(int line, String device, boolean bind) {
        Device d = m.kernel().device(device);
        if (d == null) throw new CommandException(line, "unknown device '" + device + "'");
        Memory mem = m.kernel().memory();
        long driver = mem.read(d.dev() + m.kernelOffset("device", "driver"), 8, false);
        if (!bind && driver == 0) {
            m.output("unbind: echo: write error: No such device");
            return;
        }
        if (bind) {
            driver = 0;
            for (long drv : m.kernel().drivers()) {
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

    private void irq(Command.Irq c) {
        int irq = c.irq();
        int cpu = c.cpu() != null ? c.cpu() : m.kernel().cpus() - 1;
        if (cpu < 0 || cpu >= m.kernel().cpus()) {
            throw new CommandException(
                    c.line(), "no CPU " + cpu + " (this world has " + m.kernel().cpus() + ")");
        }
        if (named("irq" + irq) == null && !m.canFork()) {
            throw new CommandException(
                    c.line(),
                    "too many contexts alive (" + Machine.MAX_CONTEXTS + "): no"
                            + " interrupt context can start for IRQ " + irq);
        }
        scheduler.fire(irq, cpu);
    }

    /** The world pulls a GPIO line: the controller's edge detector may raise the line's IRQ, as {@code irq N} would. */
    private void gpio(Command.Gpio c) {
        GpioLines lines = new GpioLines(m);
        if (!lines.has(c.gpio())) throw new CommandException(c.line(), "no GPIO " + c.gpio() + ": " + lines.range());
        int irq = lines.pull(c.gpio(), c.value());
        if (irq >= 0) irq(new Command.Irq(c.source(), irq, null));
    }

    private Context process(String name, Context.Purpose purpose, String subject) {
        return m.newContext(
                unique(name),
                ContextKind.PROCESS,
                purpose,
                subject,
                0,
                m.kernel().newPid(),
                name);
    }

    private String unique(String base) {
        return m.unique(base);
    }

    private Context named(String name) {
        return m.named(name);
    }

    /** Hot-unplug: the device leaves its bus (device_del unbinds its driver), then its last reference goes. */
    private void unplug(Command.Unplug c) {
        Device d = m.kernel().device(c.device());
        if (d == null) throw new CommandException(c.line(), "unknown device '" + c.device() + "'");
        if (d.bus() == Bus.USB) {
            // The device is gone from its port: the controller's next transfers to it fail, and its port status
            // change is an interrupt (hub_event then runs usb_disconnect: here the unplug context).
            for (var port : m.kernel().usbPorts())
                if (port.udev() == d.pdev()) m.kernel().memory().write(port.world(), 8, 0);
            m.raiseIrq(UsbPrimitives.HCD_IRQ, m.kernel().cpus() - 1);
        }
        Context ctx = process("unplug", Context.Purpose.UNPLUG, d.name());
        String path = switch (d.bus()) {
            case USB -> "usb_disconnect";
            case I2C -> "i2c_unregister_device";
            case PLATFORM -> "platform_device_unregister";
        };
        m.start(ctx, path, d.pdev());
    }

    /**
     * Time passes: jiffies advance; expired timers fire from their CPU's timer softirq. Ticks in which nothing
     * expires are skipped in one go, as a tickless (NO_HZ) kernel sleeps through them.
     */
    private void tick(int n) {
        long end = m.kernel().jiffies() + n;
        while (end - m.kernel().jiffies() > 0 && !m.stopped() && !spent) {
            Long timer = scheduler.nextTimedEvent();
            long next = m.kernel().jiffies() + 1;
            if (timer != null && timer - next > 0 && end - timer >= 0) next = timer;
            else if (timer == null || timer - end > 0) next = end;
            scheduler.advanceJiffies(next);
            run();
        }
    }

    private void breakpoint(int commandLine, Command.Location at, boolean add) {
        if (at.isLine()) {
            SourceFile file = at.file() != null
                    ? moduleFile(commandLine, at.file())
                    : m.program().module().file;
            int line = at.line();
            int lines = file.lines().size();
            if (line < 1 || line > lines) {
                throw new CommandException(
                        commandLine,
                        "line " + line + " is outside " + (at.file() != null ? file.name() : "the source") + " (1.."
                                + lines + ")");
            }
            Machine.LineBreak b = new Machine.LineBreak(file.name(), line);
            if (!m.setLineBreak(b, add) && !add)
                throw new CommandException(commandLine, "no breakpoint at " + m.where(b));
            return;
        }
        String what = at.function();
        if (add
                && m.program().modules().stream().allMatch(u -> u.function(what) == null)
                && m.program().kernel().function(what) == null) {
            throw new CommandException(commandLine, "no function named '" + what + "'");
        }
        if (!m.setFunctionBreak(what, add) && !add) throw new CommandException(commandLine, "no breakpoint on " + what);
    }

    /** The module's source file of that name: its main file or one its functions come from (a .c or a .h). */
    private SourceFile moduleFile(int commandLine, String name) {
        for (Unit u : m.program().modules()) {
            if (u.file.name().equals(name)) return u.file;
            for (var fn : u.functions()) {
                if (fn.file != null && fn.file.name().equals(name)) return fn.file;
            }
        }
        throw new CommandException(commandLine, "no source file named '" + name + "' in the module");
    }

    private void resume(Command.Continue c) {
        if (c.context() == null) {
            for (Context ctx : m.contexts()) if (ctx.status == Context.Status.PAUSED) wake(ctx);
            return;
        }
        Context ctx = named(c.context());
        if (ctx == null || ctx.status != Context.Status.PAUSED) {
            throw new CommandException(c.line(), "context '" + c.context() + "' is not paused" + pausedList());
        }
        wake(ctx);
    }

    private void wake(Context ctx) {
        ctx.status = Context.Status.RUNNABLE;
        ctx.skipBreakpointOnce = true;
        Frame f = ctx.top();
        m.trace().resumed(m.steps(), ctx, f);
    }

    private void stepCommand(Command.Step c) {
        int n = c.count();
        if (n > maxSteps) {
            throw new CommandException(
                    c.line(), "step count " + n + " is over the step budget of one command (" + maxSteps + ")");
        }
        Context ctx = named(c.context());
        if (manual && ctx != null && ctx.status != Context.Status.PAUSED) {
            for (int i = 0; i < n && !m.stopped() && m.steps() < stopAtStep; i++) {
                checkDeadline();
                if (!runnable().contains(ctx)) {
                    throw new CommandException(
                            c.line(),
                            "context '" + c.context() + "' cannot take a step now ("
                                    + ctx.status.name().toLowerCase() + ")");
                }
                stepOnce(ctx);
            }
            return;
        }
        if (ctx == null || ctx.status != Context.Status.PAUSED) {
            throw new CommandException(c.line(), "context '" + c.context() + "' is not paused" + pausedList());
        }
        for (int i = 0; i < n && !m.stopped() && ctx.active() && m.steps() < stopAtStep; i++) {
            checkDeadline();
            if (ctx.status == Context.Status.BLOCKED) {
                if (!ctx.wait.ready(m.kernel())) break;
                scheduler.unblock(ctx);
            }
            m.step(ctx);
            scheduler.startDeferred();
        }
        if (ctx.active() && ctx.status != Context.Status.BLOCKED) {
            ctx.status = Context.Status.PAUSED;
            ctx.pauseReason = "stepped";
            Frame f = ctx.top();
            m.trace().paused(m.steps(), ctx, f, "stepped");
        }
    }

    private String pausedList() {
        StringBuilder sb = new StringBuilder();
        for (Context ctx : m.contexts()) {
            if (ctx.status == Context.Status.PAUSED)
                sb.append(sb.length() == 0 ? " (paused: " : ", ").append(ctx.name);
        }
        return sb.length() == 0 ? " (no context is paused)" : sb.append(')').toString();
    }

    private void lsmod() {
        m.output("Module                  Size  Used by");
        for (LoadedModule mod : m.kernel().modules()) {
            if (mod.unloaded()) continue;
            long count = m.kernel().memory().read(mod.moduleStruct + m.kernelOffset("module", "refcnt"), 4, true);
            List<String> holders = mod.state() == LoadedModule.State.UNFORMED ? List.of() : m.holders(mod);
            m.output(String.format("%-19s %8d  %d", mod.name, m.moduleSize(mod.slot), count)
                    + (holders.isEmpty() ? "" : " " + String.join(",", holders)));
        }
    }

    // ---- the scheduler loop ----

    /** Runs every runnable context until all are finished, blocked or paused (or a bug stops the kernel). */
    void run() {
        if (manual) {
            scheduler.startDeferred();
            return;
        }
        for (Context c : m.contexts()) c.stepBudget = 0;
        while (!m.stopped() && !spent && m.steps() < stopAtStep) {
            checkDeadline();
            scheduler.startDeferred();
            Context c = scheduler.pick();
            if (c == null && scheduler.idleProgress()) continue;
            if (c == null) break;
            if (c.status == Context.Status.BLOCKED) scheduler.unblock(c);
            if (!c.skipBreakpointOnce && scheduler.pauseAtBreakpoint(c)) continue;
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
        for (Context x : m.contexts()) if (worst == null || x.stepBudget > worst.stepBudget) worst = x;
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

    /**
     * The script is over: a task still blocked uninterruptibly (state D) with nothing paused that could be
     * continued would stay so forever: the hung-task detector's report after 120 seconds.
     */
    public void finish() {
        if (m.stopped()) return;
        for (LoadedModule mod : m.kernel().modules()) {
            if (!mod.unloaded()) continue;
            MemObject leaked = Kmemleak.unreferenced(m.kernel(), mod.name);
            if (leaked != null) {
                Reporter.leak(m, leaked, Kmemleak.text(leaked, m.kernel().jiffies()));
                return;
            }
        }
        for (Context c : m.contexts()) if (c.status == Context.Status.PAUSED) return;
        Deadlock.check(m);
        if (m.stopped()) return;
        // Semaphores have no owner to follow: tasks all stuck in down() on exhausted ones wait for each other.
        List<Context> down = new ArrayList<>();
        for (Context c : m.contexts()) {
            if (c.status == Context.Status.BLOCKED
                    && c.wait instanceof WaitCondition.LockFree l
                    && !l.interruptible()
                    && l.describe().startsWith("down")) {
                down.add(c);
            }
        }
        if (down.size() >= 2) Reporter.hungTask(m, down.get(0), down.get(0).wait.describe());
    }
}

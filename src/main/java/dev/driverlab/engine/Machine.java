package dev.driverlab.engine;

import dev.driverlab.engine.compile.CType;
import dev.driverlab.engine.compile.FunctionCode;
import dev.driverlab.engine.compile.StructLayout;
import dev.driverlab.engine.compile.Unit;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.Trace;
import dev.driverlab.kernel.AccessLog;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.KernelState;
import dev.driverlab.kernel.LoadedModule;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.Memory;
import dev.driverlab.kernel.Primitives;
import dev.driverlab.kernel.Shadow;
import dev.driverlab.kernel.Site;
import dev.driverlab.kernel.Softirq;
import dev.driverlab.kernel.TaskComm;
import dev.driverlab.kernel.WaitCondition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a run consists of: the kernel state, the live contexts with their frames, loaded images, the
 * breakpoints, the trace and the reports. Plain data apart from the immutable program; {@link #copy} snapshots it.
 */
public final class Machine {
    static final int MAX_DEPTH = 256;
    static final int STACK_SIZE = 16 * 1024;
    /**
     * The simulated machine's threads-max: live contexts (tasks, kthreads, interrupt contexts) at most. Past it
     * copy_process fails with -EAGAIN (kthread_create returns ERR_PTR(-EAGAIN), a script's process cannot fork).
     */
    public static final int MAX_CONTEXTS = 512;

    private final Program program;
    private final KernelState kernel;
    private final Image kernelImage;
    private final List<Image> images = new ArrayList<>(); // by module slot; slot 0 is the kernel
    private final List<Context> contexts = new ArrayList<>();
    /**
     * The live contexts by name and by id (kept with {@link #contexts} once built): lookups per step must not scan
     * many contexts. Built at the first lookup among more than {@value #SCAN_CONTEXTS} contexts, so a copy (one per
     * explored transition) does not pay for them.
     */
    private Map<String, Context> byName;

    private Map<Integer, Context> byId;
    /** Up to this many contexts a lookup scans them. */
    private static final int SCAN_CONTEXTS = 16;

    private final Trace trace;
    private final List<Report> reports = new ArrayList<>();
    private final Set<String> functionBreaks = new TreeSet<>();
    private final Set<LineBreak> lineBreaks = new TreeSet<>();
    private final List<int[]> pendingIrqs = new ArrayList<>();
    private final List<Integer> pendingKworkers = new ArrayList<>();
    /**
     * Kernel struct field offsets by struct, then field: shared by every copy of this machine (program only). Two
     * lookups of the callers' literal names, whose hashes are cached: no key is built per call (state views and
     * primitives ask per step).
     */
    private final Map<String, Map<String, Integer>> offsets;
    /** Frame layouts by function: shared by every copy of this machine (they depend on the program only). */
    private final Map<FunctionCode, FrameLayout> layouts;

    private boolean[] irqExited;
    /** How many CPUs' {@link #irqExited} are set. */
    private int irqExits;

    private long steps;
    private int nextContextId = 1;
    private boolean stopped;
    private final Interpreter interpreter = new Interpreter(this);

    Machine(Program program) {
        this.program = program;
        this.kernel = new KernelState(program.world().cpus());
        this.kernel.setVersion(program.world().kernel());
        this.kernelImage = Image.kernel(program.kernel());
        this.trace = new Trace();
        this.irqExited = new boolean[program.world().cpus()];
        this.layouts = new ConcurrentHashMap<>();
        this.offsets = new ConcurrentHashMap<>();
        images.add(kernelImage);
    }

    private Machine(Machine o) {
        program = o.program;
        layouts = o.layouts;
        offsets = o.offsets;
        kernel = o.kernel.copy();
        kernelImage = o.kernelImage;
        images.addAll(o.images);
        for (Context c : o.contexts) index(c.copy());
        trace = o.trace.copy();
        reports.addAll(o.reports);
        functionBreaks.addAll(o.functionBreaks);
        lineBreaks.addAll(o.lineBreaks);
        for (int[] p : o.pendingIrqs) pendingIrqs.add(p.clone());
        pendingKworkers.addAll(o.pendingKworkers);
        irqExited = o.irqExited.clone();
        irqExits = o.irqExits;
        steps = o.steps;
        nextContextId = o.nextContextId;
        stopped = o.stopped;
    }

    /** An independent snapshot: stepping the copy never changes this machine. */
    public Machine copy() {
        return new Machine(this);
    }

    void step(Context ctx) {
        interpreter.step(ctx);
    }

    // ---- contexts and frames ----

    Context newContext(
            String name, ContextKind kind, Context.Purpose purpose, String subject, int cpu, int pid, String comm) {
        Context c = new Context(nextContextId++, name, kind, purpose, subject, cpu, pid, TaskComm.of(comm), 0);
        c.nameId = trace.intern(name);
        index(c);
        return c;
    }

    /** Whether one more context may be created (copy_process's nr_threads >= max_threads check). */
    boolean canFork() {
        return contexts.size() < MAX_CONTEXTS;
    }

    private void index(Context c) {
        contexts.add(c);
        if (byName != null) {
            byName.put(c.name, c);
            byId.put(c.id, c);
        }
    }

    private void unindex(Context c) {
        contexts.remove(c);
        if (byName != null) {
            byName.remove(c.name, c);
            byId.remove(c.id, c);
        }
    }

    /** Whether lookups go through the maps (built now if there are too many contexts to scan). */
    private boolean indexed() {
        if (byName == null && contexts.size() > SCAN_CONTEXTS) {
            byName = new HashMap<>();
            byId = new HashMap<>();
            for (Context c : contexts) {
                byName.put(c.name, c);
                byId.put(c.id, c);
            }
        }
        return byName != null;
    }

    /** Pushes the entry frame of a new context (its first step runs the function's first statement). */
    void start(Context c, String function, long... args) {
        AccessLog log = kernel.memory().log();
        if (log != null) log.global();
        FunctionCode fn = program.kernel().function(function);
        Frame f = newFrame(c, fn, kernelImage);
        System.arraycopy(args, 0, f.stack, 0, args.length);
        c.push(f);
        trace.contextStart(steps, c, f);
        trace.enter(steps, c, f);
    }

    /** A system call (or exit) of an idle user process: its entry frame, traced as a syscall. */
    void call(Context c, String syscall, String function, long... args) {
        c.syscall = syscall;
        c.status = Context.Status.RUNNABLE;
        FunctionCode fn = program.kernel().function(function);
        Frame f = newFrame(c, fn, kernelImage);
        System.arraycopy(args, 0, f.stack, 0, args.length);
        c.push(f);
        trace.syscall(steps, c, f, syscall);
        trace.enter(steps, c, f);
    }

    /**
     * The largest buffer a script's process hands the kernel (a read's count): user memory is simulated as
     * objects of its own, so it is bounded like them.
     */
    static final int USER_BUFFER_MAX = 1 << 20;

    /** Memory in the process's address space holding text (a path, a write buffer), or zeroes. */
    long userBuffer(Context c, String text, int size) {
        MemObject o = kernel.memory()
                .allocate(
                        Math.max(size, text.length() + 1),
                        MemObject.Kind.USER,
                        "user buffer",
                        new Site(c.pid, c.comm, trace.size(), List.of()));
        for (int i = 0; i < text.length(); i++) kernel.memory().write(o.base + i, 1, text.charAt(i) & 0xff);
        return o.base;
    }

    Frame newFrame(Context ctx, FunctionCode fn, Image image) {
        FrameLayout layout = layout(fn);
        long base = 0;
        if (layout.size > 0) {
            if (ctx.stackObject == 0) {
                MemObject stack = kernel.memory()
                        .allocate(
                                STACK_SIZE,
                                MemObject.Kind.STACK,
                                null,
                                new Site(ctx.pid, ctx.comm, trace.size(), List.of()));
                kernel.memory().setLabel(stack, ctx.name + " stack");
                kernel.memory().shadow(stack, 0);
                ctx.stackObject = stack.base;
            }
            int from = ctx.stackTop;
            base = ctx.stackObject + from;
            AccessLog log = kernel.memory().log();
            if (log != null) log.access(base, layout.size, true); // the frame's variables become addressable
            ctx.stackTop += layout.size;
            Shadow shadow = kernel.memory().shadowToChange(ctx.stackObject);
            for (FrameLayout.Var v : layout.vars) shadow.add(from + v.at(), from + v.at() + v.size(), v.name());
            shadow.openFrom(ctx.stackTop);
        } else if (ctx.stackObject != 0) {
            base = ctx.stackObject + ctx.stackTop;
        }
        Frame f = new Frame(fn, image, base);
        f.layout = layout;
        f.nameId = trace.intern(fn.name);
        return f;
    }

    /** The run-time layout of a function's frame (computed once per function of this program). */
    FrameLayout layout(FunctionCode fn) {
        FrameLayout known = layouts.get(fn); // every call after the first: a read, no bin locking
        return known != null ? known : layouts.computeIfAbsent(fn, FrameLayout::of);
    }

    /** Frames above {@code top} are gone: their variables are no longer KASAN's concern. */
    void popStack(Context ctx, int top) {
        AccessLog log = kernel.memory().log();
        if (log != null && ctx.stackObject != 0 && top < ctx.stackTop)
            log.access(ctx.stackObject + top, ctx.stackTop - top, true);
        ctx.stackTop = top;
        if (ctx.stackObject != 0)
            kernel.memory().shadowToChange(ctx.stackObject).release(top);
    }

    long stackBase(Context ctx) {
        return ctx.stackObject;
    }

    /**
     * The entry frame returned. A user process between system calls goes idle; anything else is done and
     * leaves the list. The engine then reacts to what the context was for.
     */
    void exit(Context ctx, long value) {
        AccessLog log = kernel.memory().log();
        if (log != null) log.global(); // who may run, and what waits for this context, change
        ctx.result = value;
        boolean idle = ctx.persistent && !"exit".equals(ctx.syscall);
        ctx.status = idle ? Context.Status.IDLE : Context.Status.DONE;
        popStack(ctx, 0);
        if (!idle) {
            trace.contextExit(steps, ctx, value);
            unindex(ctx);
            kernel.sched().markExited(ctx.id, value);
        }
        Outcomes.onExit(this, ctx, value);
    }

    /** "rmmod", or "rmmod#2" while another rmmod is alive. */
    String unique(String base) {
        String name = base;
        for (int n = 2; named(name) != null; n++) name = base + "#" + n;
        return name;
    }

    Context named(String name) {
        if (indexed()) return byName.get(name);
        for (Context c : contexts) if (c.name.equals(name)) return c;
        return null;
    }

    /** The live context with that id, or null once it is gone. */
    Context byId(int id) {
        if (indexed()) return byId.get(id);
        for (Context c : contexts) if (c.id == id) return c;
        return null;
    }

    /** current: the context's task_struct, made on first use. */
    long task(Context ctx) {
        Long t = kernel.sched().taskOf(ctx.id);
        if (t != null) return t;
        MemObject task = kernel.memory()
                .allocate(
                        program.kernel().struct("task_struct").size(),
                        MemObject.Kind.KERNEL_OBJECT,
                        "struct task_struct",
                        null);
        kernel.memory().setLabel(task, ctx.comm + "/" + ctx.pid);
        kernel.memory().write(task.base + kernelOffset("task_struct", "pid"), 4, ctx.pid);
        for (int i = 0; i < ctx.comm.length(); i++) {
            kernel.memory().write(task.base + kernelOffset("task_struct", "comm") + i, 1, ctx.comm.charAt(i));
        }
        MemObject signal = kernel.memory()
                .allocate(
                        program.kernel().struct("signal_struct").size(),
                        MemObject.Kind.KERNEL_OBJECT,
                        "struct signal_struct",
                        null);
        kernel.memory().setLabel(signal, ctx.comm + "/" + ctx.pid + " signal");
        kernel.memory().write(task.base + kernelOffset("task_struct", "signal"), 8, signal.base);
        kernel.sched().registerTask(task.base, ctx.id);
        return task.base;
    }

    /**
     * kthread_create: a new task running kthread(fn, data), asleep until wake_up_process; 0 when copy_process
     * refuses it (threads-max reached).
     */
    long spawnKthread(long fn, long data, String name, int cpu) {
        if (!canFork()) return 0;
        Context c = newContext(
                unique(name.replace(' ', '_')),
                ContextKind.PROCESS,
                Context.Purpose.KTHREAD,
                name,
                cpu,
                kernel.newPid(),
                name);
        start(c, "kthread", fn, data);
        long task = task(c);
        c.status = Context.Status.BLOCKED;
        kernel.sched().markSleeping(c.id, 2);
        c.wait = new WaitCondition.NotStarted(c.id);
        return task;
    }

    /** A readable name for an address: the global it falls in, or the heap object (and field) it points to. */
    public String describe(long a) {
        for (Image image : images) {
            if (kernel.codeFreed(image.slot())) continue;
            long off = a - image.data();
            if (off < 0 || off >= 0x800000) continue;
            for (Unit.Global g : image.unit().globals().values()) {
                if (off >= g.offset() && off < g.offset() + Math.max(1, g.type().size())) {
                    return g.name() + field(g.type(), off - g.offset());
                }
            }
        }
        MemObject o = kernel.memory().find(a);
        if (o != null && o.kind != MemObject.Kind.MODULE_DATA && o.kind != MemObject.Kind.KERNEL_DATA) {
            String type = o.type() != null ? o.type() : o.label() != null ? o.label() : "object";
            CType t = type.startsWith("struct ") ? structType(type.substring(7)) : null;
            return "#" + o.id + " " + type
                    + (t == null ? (a == o.base ? "" : "+" + (a - o.base)) : field(t, a - o.base));
        }
        return Addresses.hex(a);
    }

    private CType structType(String tag) {
        CType.Struct s = program.module() == null ? null : program.module().struct(tag);
        if (s == null || !s.complete()) s = program.kernel().struct(tag);
        return s != null && s.complete() ? s : null;
    }

    /** ".field.sub" for an offset inside a struct type ("" at offset 0 of a scalar). */
    private static String field(CType t, long off) {
        if (off == 0) return ""; // the object itself (a lock, a kref, a struct member) rather than its first field
        if (t instanceof CType.Struct s && s.complete()) {
            for (StructLayout.Field f : s.layout().fields()) {
                if (off >= f.offset() && off < f.offset() + Math.max(1, f.type().size())) {
                    return "." + f.name() + field(f.type(), off - f.offset());
                }
            }
        }
        if (t instanceof CType.Array arr && arr.element().size() > 0) {
            return "[" + off / arr.element().size() + "]"
                    + field(arr.element(), off % arr.element().size());
        }
        return off == 0 ? "" : "+" + off;
    }

    void output(String text) {
        trace.output(steps, text);
    }

    // ---- symbols ----

    record Target(FunctionCode fn, Image image) {}

    Target functionAt(long a) {
        if (a >= Addresses.KERNEL_TEXT && a < Addresses.BUILTIN_TEXT) {
            long off = a - Addresses.KERNEL_TEXT;
            int idx = (int) (off >>> Addresses.FUNCTION_SHIFT);
            if ((off & 0xff) != 0 || idx >= program.kernel().functions().size()) return null;
            FunctionCode fn = program.kernel().functions().get(idx);
            return fn.defined() ? new Target(fn, kernelImage) : null;
        }
        if (Addresses.isModule(a)) {
            int slot = Addresses.moduleSlot(a);
            if (slot <= 0 || slot >= images.size()) return null;
            Image image = images.get(slot);
            long off = a - image.text();
            int idx = (int) (off >>> Addresses.FUNCTION_SHIFT);
            if (off >= Addresses.MODULE_DATA_OFFSET || (off & 0xff) != 0) return null;
            if (idx >= image.unit().functions().size()
                    || !image.unit().functions().get(idx).defined()) return null;
            return new Target(image.unit().functions().get(idx), image);
        }
        return null;
    }

    /** Time passes to jiffies {@code to}: the jiffies variable follows, expired timers' CPUs raise TIMER_SOFTIRQ. */
    void advanceJiffies(long to) {
        kernel.setJiffies(to);
        kernel.memory()
                .write(
                        Addresses.KERNEL_DATA
                                + program.kernel().global("jiffies").offset(),
                        8,
                        to);
        trace.tick(steps, to);
        for (int cpu : kernel.defer().expiredTimerCpus(to)) kernel.raiseSoftirq(cpu, Softirq.TIMER, true);
    }

    /** {@code name+0xoff/0xsize [module]} for a text address, or the hex address when it is no function. */
    String symbol(long a) {
        if (a >= Addresses.BUILTIN_TEXT && a < Addresses.KERNEL_DATA) {
            int i = (int) ((a - Addresses.BUILTIN_TEXT) >>> Addresses.FUNCTION_SHIFT);
            if (i < Primitives.table().size()) return Primitives.table().name(i) + "+0x0/0x100";
        }
        Target t = functionAt(a & ~0xffL);
        if (t == null) return "0x" + Long.toHexString(a);
        return t.fn().name + "+0x" + Long.toHexString(a & 0xff) + "/0x" + Long.toHexString(size(t.fn()))
                + (t.image().slot() == 0 ? "" : " [" + t.image().unit().name + "]");
    }

    String symbolOf(Frame f) {
        return f.fn.name + "+0x" + Long.toHexString(Math.min(f.pc * 4L, size(f.fn) - 1)) + "/0x"
                + Long.toHexString(size(f.fn)) + (f.image.slot() == 0 ? "" : " [" + f.image.unit().name + "]");
    }

    private static long size(FunctionCode fn) {
        return Math.min(0x100, Math.max(0x10, fn.code().length * 4L));
    }

    /**
     * Whether a CPU is already running a context of that kind: an interrupt or a softirq run is not entered again
     * on a CPU that is in one (one hardirq per line and CPU, one softirq run per CPU at a time).
     */
    boolean cpuIsIn(int cpu, ContextKind kind) {
        for (Context c : contexts) if (c.cpu == cpu && c.kind == kind) return true;
        return false;
    }

    /** A constant the prelude's headers define (an enumerator), so Java and kernel C never disagree on it. */
    long kernelConstant(String name) {
        Long v = program.kernel().constants().get(name);
        if (v == null) throw new IllegalStateException("no constant " + name + " in the kernel prelude");
        return v;
    }

    int kernelOffset(String struct, String field) {
        Map<String, Integer> fields = offsets.get(struct);
        Integer known = fields == null ? null : fields.get(field);
        if (known != null) return known;
        CType.Struct s = program.kernel().struct(struct);
        StructLayout.Field f = s == null || !s.complete() ? null : s.layout().field(field);
        if (f == null) throw new IllegalStateException("no field " + struct + "." + field + " in the kernel prelude");
        offsets.computeIfAbsent(struct, k -> new ConcurrentHashMap<>()).put(field, f.offset());
        return f.offset();
    }

    /** The module's size as lsmod shows it: its code and data, rounded up to pages. */
    long moduleSize(int slot) {
        Unit unit = images.get(slot).unit();
        return (unit.functions().size() * 256L + unit.dataSize() + 4095) / 4096 * 4096;
    }

    Image image(int slot) {
        return images.get(slot);
    }

    Unit module() {
        return program.module();
    }

    // ---- read access for views ----

    public KernelState kernel() {
        return kernel;
    }

    public Trace trace() {
        return trace;
    }

    public List<Report> reports() {
        return reports;
    }

    public List<Context> contexts() {
        return contexts;
    }

    public long steps() {
        return steps;
    }

    public boolean stopped() {
        return stopped;
    }

    public Set<String> functionBreakpoints() {
        return functionBreaks;
    }

    public Set<LineBreak> lineBreakpoints() {
        return lineBreaks;
    }

    Image kernelImage() {
        return kernelImage;
    }

    // ---- the machine's state, changed in kernel terms ----

    /** One more step runs (the interpreter's count, which every trace event is stamped with). */
    void advanceStep() {
        steps++;
    }

    /** The kernel crashed or panicked (a report was raised): nothing runs any more, later commands are refused. */
    void halt() {
        stopped = true;
    }

    /** A bug report the kernel printed. */
    void addReport(Report r) {
        reports.add(r);
    }

    /** A module image (or the kernel's) loaded at the next slot. */
    void addImage(Image image) {
        images.add(image);
    }

    /** irq_exit() on {@code cpu}: pending softirqs run next there. */
    void irqExit(int cpu) {
        if (!irqExited[cpu]) irqExits++;
        irqExited[cpu] = true;
    }

    boolean irqExited(int cpu) {
        return irqExited[cpu];
    }

    /** The softirq run irq_exit() asked for on {@code cpu} was looked at. */
    void irqExitHandled(int cpu) {
        if (irqExited[cpu]) irqExits--;
        irqExited[cpu] = false;
    }

    /**
     * Whether the steps so far left {@link Scheduler#startDeferred} anything to start: a woken worker pool, a raised
     * IRQ, an irq_exit or a ksoftirqd wake-up. Asked after nearly every step, so it is four field reads.
     */
    boolean anythingDeferred() {
        return irqExits > 0 || !pendingKworkers.isEmpty() || !pendingIrqs.isEmpty() || kernel.ksoftirqdWoken();
    }

    /** A work item was queued on worker pool {@code pool}: its worker starts (unless it runs) after this step. */
    void wakeWorkerPool(int pool) {
        if (!pendingKworkers.contains(pool)) pendingKworkers.add(pool);
    }

    /** The pools woken since the last look, in order; none are left woken. */
    List<Integer> takeWokenWorkerPools() {
        if (pendingKworkers.isEmpty()) return List.of(); // nearly every step: no copy
        List<Integer> pools = List.copyOf(pendingKworkers);
        pendingKworkers.clear();
        return pools;
    }

    /** An interrupt to deliver to {@code cpu} after this step (enable_irq replaying a pending one, a USB unplug). */
    void raiseIrq(int irq, int cpu) {
        pendingIrqs.add(new int[] {irq, cpu});
    }

    /** The interrupts raised since the last look, as (irq, cpu), in order; none are left. */
    List<int[]> takeRaisedIrqs() {
        if (pendingIrqs.isEmpty()) return List.of();
        List<int[]> irqs = List.copyOf(pendingIrqs);
        pendingIrqs.clear();
        return irqs;
    }

    /** break FUNCTION / delete FUNCTION: whether the set changed. */
    boolean setFunctionBreak(String function, boolean on) {
        return on ? functionBreaks.add(function) : functionBreaks.remove(function);
    }

    /** break LINE / delete LINE: whether the set changed. */
    boolean setLineBreak(LineBreak b, boolean on) {
        return on ? lineBreaks.add(b) : lineBreaks.remove(b);
    }

    /** A breakpoint on a line of one of the module's source files (by name), ordered by file, then line. */
    public record LineBreak(String file, int line) implements Comparable<LineBreak> {
        @Override
        public int compareTo(LineBreak o) {
            int byFile = file.compareTo(o.file);
            return byFile != 0 ? byFile : Integer.compare(line, o.line);
        }
    }

    /** "line N" in the module's main file, "FILE:N" in another of its files: how reports and errors name it. */
    String where(LineBreak b) {
        return b.file().equals(program.module().file.name()) ? "line " + b.line() : b.file() + ":" + b.line();
    }

    public Program program() {
        return program;
    }

    public String symbolForAddress(long a) {
        return symbol(a);
    }

    public String symbolOfFrame(Frame f) {
        return symbolOf(f);
    }

    /** A hash of the state that decides the future (kernel, contexts' positions), for the explorer. */
    public long fingerprint() {
        long h = kernel.fingerprint();
        for (Context c : contexts) {
            // where a context runs matters (which CPU's interrupts it holds off, which softirq it raises)
            h = h * 31 + c.name.hashCode() + c.status.ordinal() * 131L + c.cpu * 7919L;
            for (int i = 0; i < c.depth; i++) h = h * 31 + c.frames[i].hash();
        }
        return h;
    }

    /** The modules that use this one (its source_list: each struct module_use's source), as kmod lists holders. */
    public List<String> holders(LoadedModule mod) {
        Memory mem = kernel().memory();
        List<String> names = new ArrayList<>();
        long head = mod.moduleStruct + kernelOffset("module", "source_list");
        long use = mem.read(head, 8, false);
        while (use != head && use != 0 && names.size() < Machine.MAX_CONTEXTS) {
            long source = mem.read(use + kernelOffset("module_use", "source"), 8, false);
            names.add(mem.readString(source + kernelOffset("module", "name")));
            use = mem.read(use + kernelOffset("module_use", "source_list"), 8, false);
        }
        return names;
    }
}

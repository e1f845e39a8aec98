package dev.driverlab.engine;

import dev.driverlab.engine.compile.CType;
import dev.driverlab.engine.compile.FunctionCode;
import dev.driverlab.engine.compile.StructLayout;
import dev.driverlab.engine.compile.Unit;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.Trace;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.EventKind;
import dev.driverlab.kernel.KernelState;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.Primitives;
import dev.driverlab.kernel.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a run consists of: the kernel state, the live contexts with their frames, loaded images, the
 * breakpoints, the trace and the reports. Plain data apart from the immutable program; {@link #copy} snapshots it.
 */
public final class Machine {
    static final int MAX_DEPTH = 256;
    static final int STACK_SIZE = 16 * 1024;

    final Program program;
    final KernelState kernel;
    final Image kernelImage;
    final List<Image> images = new ArrayList<>(); // by module slot; slot 0 is the kernel
    final List<Context> contexts = new ArrayList<>();
    final Trace trace;
    final List<Report> reports = new ArrayList<>();
    final Set<String> functionBreaks = new TreeSet<>();
    final Set<Integer> lineBreaks = new TreeSet<>();
    final Set<String> warnedUnknown = new LinkedHashSet<>();
    final List<int[]> pendingIrqs = new ArrayList<>();
    final Map<String, Integer> offsets = new HashMap<>();
    boolean[] irqExited;
    long steps;
    int nextContextId = 1;
    boolean stopped;
    private final Interpreter interpreter = new Interpreter(this);

    Machine(Program program) {
        this.program = program;
        this.kernel = new KernelState(program.world().cpus());
        this.kernelImage = Image.kernel(program.kernel());
        this.trace = new Trace();
        this.irqExited = new boolean[program.world().cpus()];
        images.add(kernelImage);
    }

    private Machine(Machine o) {
        program = o.program;
        kernel = o.kernel.copy();
        kernelImage = o.kernelImage;
        images.addAll(o.images);
        for (Context c : o.contexts) contexts.add(c.copy());
        trace = o.trace.copy();
        reports.addAll(o.reports);
        functionBreaks.addAll(o.functionBreaks);
        lineBreaks.addAll(o.lineBreaks);
        warnedUnknown.addAll(o.warnedUnknown);
        for (int[] p : o.pendingIrqs) pendingIrqs.add(p.clone());
        irqExited = o.irqExited.clone();
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

    Context newContext(String name, ContextKind kind, Context.Purpose purpose, String subject, int cpu, int pid,
                       String comm) {
        Context c = new Context(nextContextId++, name, kind, purpose, subject, cpu, pid, comm, 0);
        c.nameId = trace.intern(name);
        contexts.add(c);
        return c;
    }

    /** Pushes the entry frame of a new context (its first step runs the function's first statement). */
    void start(Context c, String function, long... args) {
        FunctionCode fn = program.kernel().function(function);
        Frame f = newFrame(c, fn, kernelImage);
        System.arraycopy(args, 0, f.stack, 0, args.length);
        c.push(f);
        trace.add(EventKind.CONTEXT_START, steps, c.cpu, c.nameId, f.nameId, f.line, c.pid, 0, 0,
                c.name + " on CPU " + c.cpu);
        trace.add(EventKind.ENTER, steps, c.cpu, c.nameId, f.nameId, f.line);
    }

    Frame newFrame(Context ctx, FunctionCode fn, Image image) {
        long base = 0;
        if (fn.stackSize() > 0) {
            if (ctx.stackObject == 0) {
                MemObject stack = kernel.memory().allocate(STACK_SIZE, MemObject.Kind.STACK, null,
                        new Site(ctx.pid, ctx.comm, trace.size(), List.of()));
                kernel.memory().setLabel(stack, ctx.name + " stack");
                ctx.stackObject = stack.base;
            }
            base = ctx.stackObject + ctx.stackTop;
            ctx.stackTop += (fn.stackSize() + 15) & ~15;
        } else if (ctx.stackObject != 0) {
            base = ctx.stackObject + ctx.stackTop;
        }
        Frame f = new Frame(fn, image, base);
        f.nameId = trace.intern(fn.name);
        return f;
    }

    long stackBase(Context ctx) {
        return ctx.stackObject;
    }

    /** The entry frame returned: the context is done; the engine reacts to what it was for. */
    void exit(Context ctx, long value) {
        ctx.status = Context.Status.DONE;
        ctx.result = value;
        trace.add(EventKind.CONTEXT_EXIT, steps, ctx.cpu, ctx.nameId, 0, 0, ctx.pid, value, 0,
                ctx.name + " exited (" + value + ")");
        contexts.remove(ctx);
        Outcomes.onExit(this, ctx, value);
    }

    void output(String text) {
        trace.add(EventKind.OUTPUT, steps, 0, trace.intern(""), 0, 0, 0, 0, 0, text);
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
            if (idx >= image.unit().functions().size() || !image.unit().functions().get(idx).defined()) return null;
            return new Target(image.unit().functions().get(idx), image);
        }
        return null;
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

    int kernelOffset(String struct, String field) {
        return offsets.computeIfAbsent(struct + "." + field, key -> {
            CType.Struct s = program.kernel().struct(struct);
            StructLayout.Field f = s == null || !s.complete() ? null : s.layout().field(field);
            if (f == null) throw new IllegalStateException("no field " + key + " in the kernel prelude");
            return f.offset();
        });
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

    public Set<Integer> lineBreakpoints() {
        return lineBreaks;
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
            h = h * 31 + c.name.hashCode() + c.status.ordinal();
            for (int i = 0; i < c.depth; i++) {
                Frame f = c.frames[i];
                h = h * 31 + f.fn.name.hashCode() * 7L + f.pc;
                for (int j = 0; j < f.sp; j++) h = h * 31 + f.stack[j];
            }
        }
        return h;
    }
}

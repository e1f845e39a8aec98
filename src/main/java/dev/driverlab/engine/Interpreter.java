package dev.driverlab.engine;

import dev.driverlab.engine.compile.CType;
import dev.driverlab.engine.compile.FunctionCode;
import dev.driverlab.engine.compile.Op;
import dev.driverlab.kernel.AccessLog;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.Env;
import dev.driverlab.kernel.EventKind;
import dev.driverlab.kernel.KernelState;
import dev.driverlab.kernel.LoadedModule;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.Memory;
import dev.driverlab.kernel.MemoryFault;
import dev.driverlab.kernel.Primitive;
import dev.driverlab.kernel.Primitives;
import dev.driverlab.kernel.Site;
import dev.driverlab.kernel.WaitCondition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Executes one step of a context: the instructions of its top frame from the current pc up to the next boundary
 * (STMT, CALL, RET). Calls push a frame and end the step, so simulated code never runs on Java recursion and any
 * two steps of different contexts can interleave. Primitives run inline, seeing the machine through {@link Env}.
 */
final class Interpreter implements Env {
    private static final Primitives PRIMITIVES = Primitives.table();

    private final Machine m;
    private Context cur;
    private Frame frame;
    private WaitCondition blockedOn;
    private int builtin = -1;
    private int lastObject;
    private boolean lastWrite;

    Interpreter(Machine m) {
        this.m = m;
    }

    /** Runs one step of ctx. Faults become reports; the machine is then tainted and stops. */
    void step(Context ctx) {
        cur = ctx;
        frame = ctx.writableTop();
        lastObject = -1;
        m.advanceStep();
        Frame f = frame;
        observeModule(f.image.slot());
        if (m.kernel().codeFreed(f.image.slot())) {
            Reporter.fetchFault(m, ctx, f.image.functionAddress(f.fn.index) + f.pc * 4L, true);
            return;
        }
        int[] code = f.fn.code();
        long[] k = f.fn.consts();
        long[] s = f.stack;
        int sp = f.sp;
        int pc = f.pc;
        boolean first = true;
        Memory mem = m.kernel().memory();
        try {
            loop:
            for (; ; ) {
                int op = code[pc];
                switch (op) {
                    case Op.STMT:
                        if (!first) break loop;
                        f.line = code[pc + 1];
                        m.trace().statement(m.steps(), ctx, f);
                        pc += 2;
                        break;
                    case Op.CONST:
                        s[sp++] = k[code[pc + 1]];
                        pc += 2;
                        break;
                    case Op.LOAD_SLOT:
                        s[sp++] = s[code[pc + 1]];
                        pc += 2;
                        break;
                    case Op.STORE_SLOT:
                        s[code[pc + 1]] = s[sp - 1];
                        pc += 2;
                        break;
                    case Op.ADDR_STACK:
                        s[sp++] = f.stackBase + f.layout.at(code[pc + 1]);
                        pc += 2;
                        break;
                    case Op.ADDR_DATA:
                        s[sp++] = f.image.data() + code[pc + 1];
                        pc += 2;
                        break;
                    case Op.ADDR_KDATA:
                        s[sp++] = Addresses.KERNEL_DATA + code[pc + 1];
                        pc += 2;
                        break;
                    case Op.ADDR_FUNC:
                        s[sp++] = f.image.functionAddress(code[pc + 1]);
                        pc += 2;
                        break;
                    case Op.ADDR_KFUNC:
                        s[sp++] = m.kernelImage().functionAddress(code[pc + 1]);
                        pc += 2;
                        break;
                    case Op.ADDR_BUILTIN:
                        s[sp++] = Addresses.BUILTIN_TEXT + ((long) code[pc + 1] << Addresses.FUNCTION_SHIFT);
                        pc += 2;
                        break;
                    case Op.LOAD: {
                        long a = s[sp - 1];
                        s[sp - 1] = mem.read(a, code[pc + 1], code[pc + 2] == 1);
                        if (Addresses.isHeap(a)) note(a, false);
                        pc += 3;
                        break;
                    }
                    case Op.STORE: {
                        long v = s[--sp];
                        long a = s[sp - 1];
                        mem.write(a, code[pc + 1], v);
                        if (Addresses.isHeap(a)) note(a, true);
                        s[sp - 1] = v;
                        pc += 2;
                        break;
                    }
                    case Op.LOAD_BITS: { // the unit is read whole, as the CPU reads it
                        long a = s[sp - 1];
                        long unit = mem.read(a, code[pc + 1], false);
                        int width = code[pc + 4];
                        long v = (unit >>> code[pc + 3]) & (width == 64 ? -1L : (1L << width) - 1);
                        if (code[pc + 2] == 1 && width < 64) v = (v << (64 - width)) >> (64 - width);
                        s[sp - 1] = v;
                        if (Addresses.isHeap(a)) note(a, false);
                        pc += 5;
                        break;
                    }
                    case Op.STORE_BITS: { // read-modify-write of the unit; the expression's value is the bits kept
                        long v = s[--sp];
                        long a = s[sp - 1];
                        int size = code[pc + 1];
                        int shift = code[pc + 2];
                        int width = code[pc + 3];
                        long mask = (width == 64 ? -1L : (1L << width) - 1) << shift;
                        long unit = mem.read(a, size, false);
                        mem.write(a, size, (unit & ~mask) | ((v << shift) & mask));
                        if (Addresses.isHeap(a)) note(a, true);
                        s[sp - 1] = v;
                        pc += 4;
                        break;
                    }
                    case Op.MEMCPY: {
                        long src = s[--sp];
                        mem.copy(s[sp - 1], src, code[pc + 1]);
                        pc += 2;
                        break;
                    }
                    case Op.MEMZERO:
                        mem.zero(s[sp - 1], code[pc + 1]);
                        pc += 2;
                        break;
                    case Op.DUP:
                        s[sp] = s[sp - 1];
                        sp++;
                        pc++;
                        break;
                    case Op.POP:
                        sp--;
                        pc++;
                        break;
                    case Op.SWAP: {
                        long t = s[sp - 1];
                        s[sp - 1] = s[sp - 2];
                        s[sp - 2] = t;
                        pc++;
                        break;
                    }
                    case Op.ADD:
                        sp--;
                        s[sp - 1] += s[sp];
                        pc++;
                        break;
                    case Op.SUB:
                        sp--;
                        s[sp - 1] -= s[sp];
                        pc++;
                        break;
                    case Op.MUL:
                        sp--;
                        s[sp - 1] *= s[sp];
                        pc++;
                        break;
                    case Op.DIV:
                    case Op.UDIV:
                    case Op.MOD:
                    case Op.UMOD: {
                        long b = s[--sp];
                        long a = s[sp - 1];
                        if (b == 0 || (b == -1 && (op == Op.DIV || op == Op.MOD) && a == minimum(code, pc))) {
                            Reporter.divideError(m, ctx); // x86 idiv traps (#DE) on both
                            return;
                        }
                        s[sp - 1] = op == Op.DIV
                                ? a / b
                                : op == Op.UDIV
                                        ? Long.divideUnsigned(a, b)
                                        : op == Op.MOD ? a % b : Long.remainderUnsigned(a, b);
                        pc++;
                        break;
                    }
                    case Op.AND:
                        sp--;
                        s[sp - 1] &= s[sp];
                        pc++;
                        break;
                    case Op.OR:
                        sp--;
                        s[sp - 1] |= s[sp];
                        pc++;
                        break;
                    case Op.XOR:
                        sp--;
                        s[sp - 1] ^= s[sp];
                        pc++;
                        break;
                    case Op.SHL:
                        sp--;
                        s[sp - 1] <<= s[sp];
                        pc++;
                        break;
                    case Op.SHR:
                        sp--;
                        s[sp - 1] >>= s[sp];
                        pc++;
                        break;
                    case Op.USHR:
                        sp--;
                        s[sp - 1] >>>= s[sp];
                        pc++;
                        break;
                    case Op.NEG:
                        s[sp - 1] = -s[sp - 1];
                        pc++;
                        break;
                    case Op.BITNOT:
                        s[sp - 1] = ~s[sp - 1];
                        pc++;
                        break;
                    case Op.LNOT:
                        s[sp - 1] = s[sp - 1] == 0 ? 1 : 0;
                        pc++;
                        break;
                    case Op.TOBOOL:
                        s[sp - 1] = s[sp - 1] != 0 ? 1 : 0;
                        pc++;
                        break;
                    case Op.EQ:
                        sp--;
                        s[sp - 1] = s[sp - 1] == s[sp] ? 1 : 0;
                        pc++;
                        break;
                    case Op.NE:
                        sp--;
                        s[sp - 1] = s[sp - 1] != s[sp] ? 1 : 0;
                        pc++;
                        break;
                    case Op.LT:
                        sp--;
                        s[sp - 1] = s[sp - 1] < s[sp] ? 1 : 0;
                        pc++;
                        break;
                    case Op.LE:
                        sp--;
                        s[sp - 1] = s[sp - 1] <= s[sp] ? 1 : 0;
                        pc++;
                        break;
                    case Op.GT:
                        sp--;
                        s[sp - 1] = s[sp - 1] > s[sp] ? 1 : 0;
                        pc++;
                        break;
                    case Op.GE:
                        sp--;
                        s[sp - 1] = s[sp - 1] >= s[sp] ? 1 : 0;
                        pc++;
                        break;
                    case Op.ULT:
                        sp--;
                        s[sp - 1] = Long.compareUnsigned(s[sp - 1], s[sp]) < 0 ? 1 : 0;
                        pc++;
                        break;
                    case Op.ULE:
                        sp--;
                        s[sp - 1] = Long.compareUnsigned(s[sp - 1], s[sp]) <= 0 ? 1 : 0;
                        pc++;
                        break;
                    case Op.UGT:
                        sp--;
                        s[sp - 1] = Long.compareUnsigned(s[sp - 1], s[sp]) > 0 ? 1 : 0;
                        pc++;
                        break;
                    case Op.UGE:
                        sp--;
                        s[sp - 1] = Long.compareUnsigned(s[sp - 1], s[sp]) >= 0 ? 1 : 0;
                        pc++;
                        break;
                    case Op.TRUNC:
                        s[sp - 1] = truncate(s[sp - 1], code[pc + 1], code[pc + 2] == 1);
                        pc += 3;
                        break;
                    case Op.SCALE:
                        s[sp - 1] *= code[pc + 1];
                        pc += 2;
                        break;
                    case Op.JMP:
                        pc = code[pc + 1];
                        break;
                    case Op.JZ:
                        pc = s[--sp] == 0 ? code[pc + 1] : pc + 2;
                        break;
                    case Op.JNZ:
                        pc = s[--sp] != 0 ? code[pc + 1] : pc + 2;
                        break;
                    case Op.NOP:
                        pc++;
                        break;
                    case Op.TYPEHINT: {
                        long a = s[sp - 1];
                        if (Addresses.isHeap(a))
                            mem.setType(a, f.image.unit().names().get(code[pc + 1]));
                        pc += 2;
                        break;
                    }
                    case Op.BUILTIN: {
                        int argc = code[pc + 2];
                        f.pc = pc; // primitives record the stack (KASAN tracks, WARN) with the current position
                        long r = primitive(code[pc + 1], s, sp - argc, argc);
                        if (blockedOn != null) {
                            f.pc = pc;
                            f.sp = sp;
                            block(ctx);
                            return;
                        }
                        if (exitCode != null) {
                            exit(ctx);
                            return;
                        }
                        if (m.stopped()) {
                            f.pc = pc;
                            f.sp = sp;
                            return;
                        }
                        sp -= argc;
                        s[sp++] = r;
                        pc += 3;
                        break;
                    }
                    case Op.CALL: {
                        if (!first) break loop;
                        int argc = code[pc + 2];
                        Image image = code[pc + 3] == 1 ? m.kernelImage() : f.image;
                        FunctionCode callee = image.unit().functions().get(code[pc + 1]);
                        sp -= argc;
                        f.pc = pc + 4;
                        f.sp = sp;
                        enter(ctx, callee, image, s, sp, argc);
                        return;
                    }
                    case Op.CALL_IND: {
                        if (!first) break loop;
                        int argc = code[pc + 1];
                        long target = s[sp - argc - 1];
                        int b = builtinAt(target);
                        if (b >= 0) { // a primitive called through a pointer runs inline, like BUILTIN
                            long r = primitive(b, s, sp - argc, argc);
                            if (blockedOn != null || m.stopped()) {
                                f.pc = pc;
                                f.sp = sp;
                                if (blockedOn != null) block(ctx);
                                return;
                            }
                            sp -= argc + 1;
                            s[sp++] = r;
                            pc += 2;
                            break;
                        }
                        Frame callee = resolve(ctx, target);
                        if (callee == null) return;
                        sp -= argc;
                        f.pc = pc + 2;
                        f.sp = sp - 1; // the function pointer goes too
                        enter(ctx, callee.fn, callee.image, s, sp, argc);
                        return;
                    }
                    case Op.RET:
                    case Op.RET_VOID: {
                        if (!first) break loop;
                        long value = op == Op.RET ? s[--sp] : 0;
                        f.line = code[pc + 1];
                        Frame caller = leave(ctx, value);
                        if (caller == null) return;
                        f = frame = caller;
                        code = f.fn.code();
                        k = f.fn.consts();
                        s = f.stack;
                        sp = f.sp;
                        pc = f.pc;
                        s[sp++] = value;
                        break;
                    }
                    default:
                        throw new IllegalStateException("bad opcode " + op + " in " + f.fn.name + " at " + pc);
                }
                first = false;
            }
        } catch (MemoryFault fault) {
            f.pc = pc;
            f.sp = sp;
            Reporter.memoryFault(m, ctx, fault, builtin >= 0 ? PRIMITIVES.name(builtin) : null);
            builtin = -1;
            return;
        }
        f.pc = pc;
        f.sp = sp;
    }

    /**
     * The most negative value of a signed division's operand width, whose quotient by -1 does not fit (idiv's
     * other #DE). The compiler truncates a result narrower than 64 bits right after the division, so that TRUNC
     * gives the width.
     */
    private static long minimum(int[] code, int pc) {
        int size = pc + 2 < code.length && code[pc + 1] == Op.TRUNC ? code[pc + 2] : 8;
        return size >= 8 ? Long.MIN_VALUE : -(1L << (size * 8 - 1));
    }

    private static long truncate(long v, int size, boolean signed) {
        switch (size) {
            case 1:
                return signed ? (byte) v : v & 0xff;
            case 2:
                return signed ? (short) v : v & 0xffff;
            case 4:
                return signed ? (int) v : v & 0xffffffffL;
            default:
                return v;
        }
    }

    private void enter(Context ctx, FunctionCode callee, Image image, long[] args, int from, int argc) {
        if (!callee.defined()) {
            Reporter.fetchFault(m, ctx, image.functionAddress(callee.index), false);
            return;
        }
        observeModule(image.slot());
        if (m.kernel().codeFreed(image.slot())) {
            Reporter.fetchFault(m, ctx, image.functionAddress(callee.index), false);
            return;
        }
        if (ctx.depth >= Machine.MAX_DEPTH || ctx.stackTop + m.layout(callee).size > Machine.STACK_SIZE) {
            Reporter.stackOverflow(m, ctx, callee);
            return;
        }
        Frame nf = m.newFrame(ctx, callee, image);
        int n = Math.min(argc, callee.type.params().size());
        System.arraycopy(args, from, nf.stack, 0, n);
        if (argc > n) nf.varargs = Arrays.copyOfRange(args, from + n, from + argc);
        var params = callee.params();
        for (int i = 0; i < n; i++) {
            int off = params.get(i).stackOffset();
            if (off >= 0)
                m.kernel()
                        .memory()
                        .write(
                                nf.stackBase + nf.layout.at(off),
                                params.get(i).type().size(),
                                args[from + i]);
        }
        ctx.push(nf);
        frame = nf;
        m.trace().enter(m.steps(), ctx, nf);
    }

    /** Pops the top frame; returns the caller to continue in, or null when the context ended or faulted. */
    private Frame leave(Context ctx, long value) {
        Frame done = ctx.frames[--ctx.depth];
        ctx.frames[ctx.depth] = null;
        // a frame made before the context had a stack object (none of its callers needed one) has base 0: it
        // began at the bottom of the stack
        m.popStack(ctx, done.stackBase == 0 ? 0 : (int) (done.stackBase - m.stackBase(ctx)));
        m.trace()
                .returned(
                        m.steps(),
                        ctx,
                        done,
                        value,
                        done.fn.type.returns() instanceof CType.Void ? null : Long.toString(value));
        if (ctx.depth == 0) {
            m.exit(ctx, value);
            return null;
        }
        Frame caller = ctx.writableTop();
        if (m.kernel().codeFreed(caller.image.slot())) {
            Reporter.fetchFault(m, ctx, caller.image.functionAddress(caller.fn.index) + caller.pc * 4L, true);
            return null;
        }
        return caller;
    }

    private int builtinAt(long a) {
        if (a >= Addresses.BUILTIN_TEXT && a < Addresses.KERNEL_DATA && (a & 0xff) == 0) {
            long i = (a - Addresses.BUILTIN_TEXT) >>> Addresses.FUNCTION_SHIFT;
            return i < PRIMITIVES.size() ? (int) i : -1;
        }
        return -1;
    }

    /** The function at a call target, as a frame template; reports the Oops and returns null if there is none. */
    private Frame resolve(Context ctx, long a) {
        Machine.Target t = m.functionAt(a);
        if (t != null) observeModule(t.image().slot());
        if (t == null || m.kernel().codeFreed(t.image().slot())) {
            Reporter.fetchFault(m, ctx, a, false);
            return null;
        }
        return new Frame(t.fn(), t.image(), 0);
    }

    private long primitive(int index, long[] s, int from, int argc) {
        long[] args = new long[argc];
        System.arraycopy(s, from, args, 0, argc);
        builtin = index;
        blockedOn = null;
        AccessLog log = m.kernel().memory().log();
        if (log != null && !LocalPrimitives.is(PRIMITIVES.name(index))) log.global();
        Primitive p = PRIMITIVES.get(index);
        long r = p.call(this, args);
        builtin = -1;
        return r;
    }

    private Long exitCode;

    /** do_exit: the context's frames are dropped without returning through them. */
    private void exit(Context ctx) {
        long code = exitCode;
        exitCode = null;
        while (ctx.depth > 0) ctx.frames[--ctx.depth] = null;
        m.exit(ctx, code);
    }

    private void block(Context ctx) {
        ctx.status = Context.Status.BLOCKED;
        ctx.wait = blockedOn;
        ctx.stepBudget = 0; // it scheduled: the watchdog's count starts again
        ctx.yielded = false;
        ctx.blockedAt = m.kernel().jiffies();
        m.trace().blocked(m.steps(), ctx, frame, blockedOn.describe());
        blockedOn = null;
        builtin = -1;
    }

    /**
     * For the explorer: running a module's code reads its state, which only rmmod (or a failed insmod) changes. While
     * the module is live nothing can unload it without first making it going (an observable step), so a live
     * module's code is local; otherwise each step in it is observable.
     */
    private void observeModule(int slot) {
        AccessLog log = m.kernel().memory().log();
        if (log != null && slot != 0 && m.kernel().moduleState(slot) != LoadedModule.State.LIVE) log.global();
    }

    /** Records a read or write of a slab object, once per object per step. */
    private void note(long a, boolean write) {
        int id = Addresses.heapId(a);
        if (id == lastObject && write == lastWrite) return;
        lastObject = id;
        lastWrite = write;
        MemObject o = m.kernel().memory().object(id);
        if (o == null || o.kind == MemObject.Kind.STACK) return;
        m.trace().access(m.steps(), cur, frame, write, id, a - o.base);
    }

    // ---- Env: what primitives see ----

    @Override
    public KernelState kernel() {
        return m.kernel();
    }

    @Override
    public Site site(String innermost) {
        List<String> stack = new ArrayList<>();
        if (innermost != null) stack.add(innermost);
        for (int i = cur.depth - 1; i >= 0; i--) {
            if (!Reporter.inlined(cur, i)) stack.add(m.symbolOf(cur.frames[i]));
        }
        return new Site(cur.pid, cur.comm, m.trace().size(), stack);
    }

    @Override
    public int cpu() {
        return cur.cpu;
    }

    @Override
    public int pid() {
        return cur.pid;
    }

    @Override
    public String comm() {
        return cur.comm;
    }

    @Override
    public ContextKind contextKind() {
        return cur.kind;
    }

    @Override
    public String where() {
        return frame.fn.file.name() + ":" + frame.line + " " + m.symbolOf(frame);
    }

    @Override
    public String callerWhere() {
        return cur.depth >= 2 ? m.symbolOf(cur.frames[cur.depth - 2]) : where();
    }

    @Override
    public String contextName(int id) {
        Context c = m.byId(id);
        return c != null ? c.name : "context " + id;
    }

    @Override
    public int offset(String struct, String field) {
        return m.kernelOffset(struct, field);
    }

    @Override
    public String symbol(long address) {
        return m.symbol(address);
    }

    @Override
    public void block(WaitCondition condition) {
        blockedOn = condition;
    }

    @Override
    public void trace(EventKind kind, long object, long from, long to, String text) {
        m.trace().event(kind, m.steps(), cur, frame, object, from, to, text);
    }

    @Override
    public void report(String kind, String title, String text) {
        if (kind.equals("panic")) Reporter.panic(m, cur, title);
        else Reporter.bug(m, cur, kind, title, text);
    }

    @Override
    public void warning(String kind, String title, String text, String... frames) {
        Reporter.warning(m, cur, kind, title, text, frames);
    }

    @Override
    public long returnAddress() {
        if (cur.depth < 2) return 0;
        Frame caller = cur.frames[cur.depth - 2];
        return caller.image.functionAddress(caller.fn.index) + Math.min(caller.pc * 4L, 0xff);
    }

    @Override
    public void warnBody(String primitive) {
        for (String line : Reporter.warnBody(m, cur, primitive)) log(line);
        m.kernel().addTaint(KernelState.TAINT_WARN);
    }

    @Override
    public void dumpStack(String... inner) {
        for (String line : Reporter.dumpStack(m, cur, inner)) log(line);
    }

    @Override
    public void raiseIrq(int irq, int cpu) {
        m.raiseIrq(irq, cpu);
    }

    @Override
    public int contextId() {
        return cur.id;
    }

    @Override
    public long task() {
        return m.task(cur);
    }

    @Override
    public long kernelGlobal(String name) {
        return Addresses.KERNEL_DATA + m.program().kernel().global(name).offset();
    }

    @Override
    public int sizeOf(String struct) {
        return m.program().kernel().struct(struct).size();
    }

    @Override
    public long[] varargs() {
        return frame.varargs == null ? new long[0] : frame.varargs;
    }

    @Override
    public String describe(long address) {
        return m.describe(address);
    }

    @Override
    public long spawnKthread(long fn, long data, String name) {
        return m.spawnKthread(fn, data, name, cur.cpu);
    }

    @Override
    public void ensureKworker(int pool) {
        m.wakeWorkerPool(pool);
    }

    @Override
    public void exitContext(long code) {
        exitCode = code;
    }

    @Override
    public boolean mightSleep(boolean scheduling) {
        int depth = m.kernel().sched().atomicDepth(cur.id);
        if (cur.kind == ContextKind.PROCESS && depth == 0) return true;
        Reporter.sleepInAtomic(m, cur, scheduling, where(), depth);
        return false;
    }

    @Override
    public void scheduled() {
        cur.stepBudget = 0;
        cur.yielded = true;
    }

    @Override
    public void advanceJiffies(long to) {
        m.advanceJiffies(to);
    }

    @Override
    public boolean mightSleepAt(String at, String... frames) {
        int depth = m.kernel().sched().atomicDepth(cur.id);
        if (cur.kind == ContextKind.PROCESS && depth == 0) return true;
        Reporter.sleepInAtomic(m, cur, false, at, depth, frames);
        return false;
    }
}

package dev.driverlab.engine;

import dev.driverlab.engine.compile.FunctionCode;
import dev.driverlab.engine.trace.Trace;

/** One activation: a function of an image, its program counter, its slots and operand stack in one array. */
public final class Frame implements Trace.Position {
    final FunctionCode fn;
    final Image image;
    final long[] stack;
    final long stackBase;
    int pc;
    int sp;
    int line;
    int nameId;
    long[] varargs;
    /** Where its stack variables are (set when the frame is pushed). */
    FrameLayout layout;
    /** {@link #hash()} while {@link #hashed}: a frame shared by copies of a context is hashed once. */
    private long hash;

    private boolean hashed;

    Frame(FunctionCode fn, Image image, long stackBase) {
        this.fn = fn;
        this.image = image;
        this.stack = new long[fn.slots() + fn.maxStack()];
        this.sp = fn.slots();
        this.stackBase = stackBase;
        this.line = fn.line;
    }

    private Frame(Frame o) {
        fn = o.fn;
        image = o.image;
        stack = o.stack.clone();
        stackBase = o.stackBase;
        pc = o.pc;
        sp = o.sp;
        line = o.line;
        nameId = o.nameId;
        varargs = o.varargs;
        layout = o.layout;
    }

    Frame copy() {
        return new Frame(this);
    }

    /** Its position and slots, for state fingerprints; kept until {@link #changing} says it is about to change. */
    long hash() {
        if (!hashed) {
            long h = fn.name.hashCode() * 7L + pc;
            for (int j = 0; j < sp; j++) h = h * 31 + stack[j];
            hash = h;
            hashed = true;
        }
        return hash;
    }

    /** The frame is about to run or change: its hash is computed again next time. */
    void changing() {
        hashed = false;
    }

    public FunctionCode function() {
        return fn;
    }

    public Image image() {
        return image;
    }

    @Override
    public int traceFunction() {
        return nameId;
    }

    @Override
    public int line() {
        return line;
    }

    public int pc() {
        return pc;
    }

    /** Whether this frame runs code of the scenario's driver (not the kernel prelude). */
    public boolean driverCode() {
        return !fn.kernel;
    }

    long slot(int i) {
        return stack[i];
    }
}

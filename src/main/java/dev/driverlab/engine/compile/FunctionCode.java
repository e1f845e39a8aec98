package dev.driverlab.engine.compile;

import dev.driverlab.lang.SourceFile;
import java.util.List;

/**
 * One compiled function: its bytecode, its constant pool and what a debugger needs to show a frame of it.
 * {@code slots} holds parameters and register locals; locals whose address is taken, and aggregates, live in a
 * stack object of {@code stackSize} bytes allocated when the frame is pushed (so KASAN sees them too).
 */
public final class FunctionCode {
    public final String name;
    public final int index;
    public final CType.Func type;
    public SourceFile file;
    public int line;
    public final boolean kernel;
    int[] code;
    long[] consts;
    int slots;
    int maxStack;
    int stackSize;
    List<LocalInfo> locals;
    List<ParamInfo> params;
    int builtin = -1;
    /**
     * Declared {@code inline} (list.h's helpers, a driver's own {@code static inline} ones): gcc folds it into
     * its callers, so reports and backtraces never name it; the step-through view still shows its frame.
     */
    boolean inline;

    /** Where a local lives: a slot (inStack=false) or a byte offset in the frame's stack object. */
    public record LocalInfo(String name, CType type, boolean inStack, int where, int fromPc, int toPc) {}

    /** A parameter arrives in slot {@code index}; a stack-resident one is copied to {@code stackOffset} at entry. */
    public record ParamInfo(String name, CType type, int stackOffset) {}

    FunctionCode(String name, int index, CType.Func type, SourceFile file, int line, boolean kernel) {
        this.name = name;
        this.index = index;
        this.type = type;
        this.file = file;
        this.line = line;
        this.kernel = kernel;
    }

    public int[] code() {
        return code;
    }

    public long[] consts() {
        return consts;
    }

    public int slots() {
        return slots;
    }

    public int maxStack() {
        return maxStack;
    }

    public int stackSize() {
        return stackSize;
    }

    public List<LocalInfo> locals() {
        return locals;
    }

    public List<ParamInfo> params() {
        return params;
    }

    public boolean defined() {
        return code != null;
    }

    /** Whether the function is folded into its callers in reports and stacks (see {@link #inline}). */
    public boolean inline() {
        return inline;
    }

    /** The Java primitive this prototype is bound to, or -1 for a function written in C. */
    public int builtin() {
        return builtin;
    }

    @Override
    public String toString() {
        return name;
    }
}

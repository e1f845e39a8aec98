package dev.driverlab.engine;

import dev.driverlab.engine.compile.FunctionCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where a function's stack variables live in its frame at run time, laid out as KASAN's stack instrumentation
 * does: each variable 32-byte aligned, with a redzone before the first and after every one of them, so that
 * running off the end of a stack buffer lands in a redzone (stack-out-of-bounds), not in the next variable.
 * The compiler's offsets name the variables; this maps each to its place in the redzoned frame.
 */
final class FrameLayout {
    static final int REDZONE = 32;

    /** A variable of the frame: its compiled offset, where it is now, its size and name. */
    record Var(int compiled, int at, int size, String name) {}

    private final int[] at;
    final int size;
    final List<Var> vars;

    private FrameLayout(int[] at, int size, List<Var> vars) {
        this.at = at;
        this.size = size;
        this.vars = vars;
    }

    static FrameLayout of(FunctionCode fn) {
        List<FunctionCode.LocalInfo> locals = new ArrayList<>();
        if (fn.locals() != null) for (FunctionCode.LocalInfo l : fn.locals()) if (l.inStack()) locals.add(l);
        locals.sort(Comparator.comparingInt(FunctionCode.LocalInfo::where));
        int[] at = new int[Math.max(fn.stackSize(), 1)];
        Arrays.fill(at, -1);
        List<Var> vars = new ArrayList<>();
        int next = REDZONE;
        for (FunctionCode.LocalInfo l : locals) {
            int size = Math.max(1, l.type().size());
            if (l.where() < at.length && at[l.where()] >= 0) continue; // already placed
            if (l.where() < at.length) at[l.where()] = next;
            vars.add(new Var(l.where(), next, size, l.name()));
            next = align(next + size) + REDZONE;
        }
        return new FrameLayout(at, fn.stackSize() == 0 ? 0 : next, List.copyOf(vars));
    }

    private static int align(int n) {
        return (n + REDZONE - 1) / REDZONE * REDZONE;
    }

    /** The run-time offset of the variable the compiler placed at {@code compiled}. */
    int at(int compiled) {
        int r = compiled < at.length ? at[compiled] : -1;
        return r >= 0 ? r : compiled + REDZONE; // no variable starts there: keep its distance from the frame
    }
}

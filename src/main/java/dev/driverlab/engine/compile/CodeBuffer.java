package dev.driverlab.engine.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A growable instruction array with a constant pool, jump patching and operand-stack depth tracking. */
final class CodeBuffer {
    private int[] code = new int[64];
    private int size;
    private final List<Long> consts = new ArrayList<>();
    private int depth;
    private int maxDepth;

    int pc() {
        return size;
    }

    void emit(int op, int... operands) {
        ensure(1 + operands.length);
        code[size++] = op;
        for (int o : operands) code[size++] = o;
    }

    /** Emits a jump with a placeholder target; returns the operand's index for {@link #patch}. */
    int emitJump(int op) {
        emit(op, -1);
        return size - 1;
    }

    void patch(int operandIndex, int target) {
        code[operandIndex] = target;
    }

    int constant(long value) {
        int i = consts.indexOf(value);
        if (i >= 0) return i;
        consts.add(value);
        return consts.size() - 1;
    }

    /** Records the effect of an instruction on the operand stack, to size the frame. */
    void stack(int delta) {
        depth += delta;
        if (depth > maxDepth) maxDepth = depth;
        if (depth < 0) depth = 0;
    }

    int depth() {
        return depth;
    }

    void setDepth(int d) {
        depth = d;
    }

    int maxDepth() {
        return maxDepth;
    }

    int[] code() {
        return Arrays.copyOf(code, size);
    }

    long[] consts() {
        return consts.stream().mapToLong(Long::longValue).toArray();
    }

    private void ensure(int n) {
        if (size + n > code.length) code = Arrays.copyOf(code, Math.max(code.length * 2, size + n));
    }
}

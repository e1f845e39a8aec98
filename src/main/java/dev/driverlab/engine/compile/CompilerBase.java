package dev.driverlab.engine.compile;

import dev.driverlab.lang.Expr;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What compiling one function needs throughout: the code buffer, scopes and locals, labels and loops. */
abstract class CompilerBase {
    final UnitCompiler uc;
    final Errors errors;
    final FunctionCode fn;
    CodeBuffer code = new CodeBuffer();
    final Deque<Map<String, Local>> scopes = new ArrayDeque<>();
    final List<FunctionCode.LocalInfo> localInfos = new ArrayList<>();
    final Set<String> addressTaken = new HashSet<>();
    final Map<String, Integer> labels = new HashMap<>();
    final List<PendingGoto> gotos = new ArrayList<>();
    final Deque<List<Integer>> breaks = new ArrayDeque<>();
    final Deque<List<Integer>> continues = new ArrayDeque<>();
    final Deque<SwitchCases> switches = new ArrayDeque<>();
    int slots;
    int stackSize;
    int lastLine;

    /** A local: a register slot, a byte offset in the frame's stack object, or (static) an offset in data. */
    record Local(String name, CType type, boolean inStack, int where, boolean inData) {
        Local(String name, CType type, boolean inStack, int where) {
            this(name, type, inStack, where, false);
        }

        boolean inSlot() {
            return !inStack && !inData;
        }
    }

    record PendingGoto(int operand, String label, Pos pos) {}

    static final class SwitchCases {
        final List<long[]> cases = new ArrayList<>(); // {value, pc}
        int defaultPc = -1;
        /** The statement expressions around the switch: a case label inside another one would jump into it. */
        List<Integer> nesting = List.of();
    }

    /**
     * An assignable place: a register slot, or memory whose address is on the stack; a bit-field is {@code bitWidth}
     * bits at {@code bitOffset} of the {@code type.size()}-byte unit at that address.
     */
    record LValue(CType type, int slot, int bitOffset, int bitWidth) {
        LValue(CType type, int slot) {
            this(type, slot, 0, 0);
        }

        boolean inMemory() {
            return slot < 0;
        }

        boolean isBitField() {
            return bitWidth > 0;
        }
    }

    CompilerBase(UnitCompiler uc, FunctionCode fn) {
        this.uc = uc;
        this.errors = uc.errors;
        this.fn = fn;
    }

    // ---- declarations and scopes ----

    /**
     * The most a function's locals may take. The kernel stack is far smaller (16 KiB), and a frame beyond it is a
     * stack overflow when the function runs; past this limit the frame could not even be represented.
     */
    static final int MAX_FRAME_SIZE = 1 << 20;

    /** Places a local in the frame's stack object; its offset. */
    int allocStack(CType t, String name, Pos pos) {
        int a = t.align();
        long at = ((long) stackSize + a - 1) / a * a;
        long end = at + Math.max(1, t.size());
        if (end > MAX_FRAME_SIZE) {
            errors.at(
                    pos,
                    "local variable '" + name + "' (" + t.size() + " bytes) makes the frame exceed the "
                            + "simulator's limit of " + MAX_FRAME_SIZE + " bytes");
            return 0;
        }
        stackSize = (int) end;
        return (int) at;
    }

    Local declare(String name, CType type, boolean inStack, int where, Pos pos) {
        return declare(new Local(name, type, inStack, where), pos);
    }

    Local declare(Local l, Pos pos) {
        String name = l.name();
        CType type = l.type();
        boolean inStack = l.inStack();
        int where = l.where();
        if (scopes.peek().put(name, l) != null) errors.at(pos, "redefinition of '" + name + "'");
        localInfos.add(new FunctionCode.LocalInfo(name, type, inStack, where, code.pc(), Integer.MAX_VALUE));
        return l;
    }

    Local lookupLocal(String name) {
        for (Map<String, Local> scope : scopes) {
            Local l = scope.get(name);
            if (l != null) return l;
        }
        return null;
    }

    void collectAddressTaken(Stmt.Block body) {
        new AstWalker() {
            @Override
            void expr(Expr e) {
                if (e instanceof Expr.Unary u && u.op().equals("&") && u.operand() instanceof Expr.Ident id) {
                    addressTaken.add(id.name());
                }
                super.expr(e);
            }
        }.stmt(body);
    }

    abstract CType expr(Expr e);
}

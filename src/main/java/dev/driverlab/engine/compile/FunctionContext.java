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

/**
 * What the collaborators compiling one function share: the code buffer they emit into (with the loads, stores and
 * conversions every one of them emits), the frame's locals and scopes, and the labels, gotos, loops and switches
 * still open. {@link FunctionCompiler} makes one per function and hands it to its {@link StatementCompiler},
 * {@link ExpressionCompiler} and {@link CallCompiler}.
 */
final class FunctionContext {
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

    FunctionContext(UnitCompiler uc, FunctionCode fn) {
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

    // ---- emitting: constants, loads, stores and conversions ----

    CType pushConst(long v, CType t) {
        code.emit(Op.CONST, code.constant(v));
        code.stack(1);
        return t;
    }

    void loadFrom(CType t) {
        code.emit(Op.LOAD, t.size(), t instanceof CType.Int i && i.signed() ? 1 : 0);
    }

    /** Stack: addr -> value of the place (a bit-field's bits, sign-extended if its type is signed). */
    void loadFrom(LValue lv) {
        CType t = lv.type();
        boolean signed = t instanceof CType.Int i && i.signed();
        if (lv.isBitField()) code.emit(Op.LOAD_BITS, t.size(), signed ? 1 : 0, lv.bitOffset(), lv.bitWidth());
        else code.emit(Op.LOAD, t.size(), signed ? 1 : 0);
    }

    /** Stack: [addr?] value -> value. */
    void storeTo(LValue lv) {
        if (lv.isBitField()) {
            code.emit(Op.STORE_BITS, lv.type().size(), lv.bitOffset(), lv.bitWidth());
            code.stack(-1);
        } else if (lv.inMemory()) {
            code.emit(Op.STORE, lv.type().size());
            code.stack(-1);
        } else {
            code.emit(Op.STORE_SLOT, lv.slot());
        }
    }

    /** Stack: addr value -> value, converting the value to t (structs are copied). */
    void store(CType t, CType vt, Pos pos) {
        if (t instanceof CType.Struct) {
            if (!(vt instanceof CType.Struct)) errors.at(pos, "incompatible types when assigning to type '" + t + "'");
            code.emit(Op.MEMCPY, t.size());
            code.stack(-1);
            return;
        }
        if (t instanceof CType.Array) {
            errors.at(pos, "assignment to expression with array type");
        }
        convert(vt, t);
        code.emit(Op.STORE, t.size());
        code.stack(-1);
    }

    void convert(CType from, CType to) {
        if (to instanceof CType.Int i
                && (from.size() > i.size()
                        || !(from instanceof CType.Int fi)
                        || fi.signed() != i.signed()
                        || i == CType.BOOL)) {
            if (i == CType.BOOL) code.emit(Op.TOBOOL);
            else code.emit(Op.TRUNC, i.size(), i.signed() ? 1 : 0);
        }
    }

    CType truncate(CType t) {
        if (t instanceof CType.Int i && i.size() < 8) code.emit(Op.TRUNC, i.size(), i.signed() ? 1 : 0);
        return t;
    }
}

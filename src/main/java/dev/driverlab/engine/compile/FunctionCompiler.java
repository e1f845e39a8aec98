package dev.driverlab.engine.compile;

import dev.driverlab.lang.Decl;
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
 * Compiles one function body to bytecode. Every statement starts with a STMT boundary carrying its line, so the
 * VM can stop between any two statements; expressions compile to straight-line stack code.
 */
final class FunctionCompiler {
    private final UnitCompiler uc;
    private final Errors errors;
    private final FunctionCode fn;
    private CodeBuffer code = new CodeBuffer();
    private final Deque<Map<String, Local>> scopes = new ArrayDeque<>();
    private final List<FunctionCode.LocalInfo> localInfos = new ArrayList<>();
    private final Set<String> addressTaken = new HashSet<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<PendingGoto> gotos = new ArrayList<>();
    private final Deque<List<Integer>> breaks = new ArrayDeque<>();
    private final Deque<List<Integer>> continues = new ArrayDeque<>();
    private final Deque<SwitchCases> switches = new ArrayDeque<>();
    private int slots;
    private int stackSize;
    private int lastLine;

    /** A local: a register slot, a byte offset in the frame's stack object, or (static) an offset in data. */
    private record Local(String name, CType type, boolean inStack, int where, boolean inData) {
        Local(String name, CType type, boolean inStack, int where) {
            this(name, type, inStack, where, false);
        }

        boolean inSlot() {
            return !inStack && !inData;
        }
    }

    private record PendingGoto(int operand, String label, Pos pos) {}

    private static final class SwitchCases {
        final List<long[]> cases = new ArrayList<>(); // {value, pc}
        int defaultPc = -1;
    }

    /** An assignable place: a register slot, or memory whose address is on the stack. */
    private record LValue(CType type, int slot) {
        boolean inMemory() { return slot < 0; }
    }

    FunctionCompiler(UnitCompiler uc, FunctionCode fn) {
        this.uc = uc;
        this.errors = uc.errors;
        this.fn = fn;
    }

    void compile(Decl.Function def) {
        collectAddressTaken(def.body());
        scopes.push(new HashMap<>());
        List<FunctionCode.ParamInfo> params = new ArrayList<>();
        for (int i = 0; i < def.params().size(); i++) {
            var p = def.params().get(i);
            CType t = fn.type.params().get(i);
            int slot = slots++;
            int stackOffset = -1;
            if (p.name() != null && addressTaken.contains(p.name())) {
                stackOffset = allocStack(t);
                declare(p.name(), t, true, stackOffset, p.pos());
            } else if (p.name() != null) {
                declare(p.name(), t, false, slot, p.pos());
            }
            params.add(new FunctionCode.ParamInfo(p.name(), t, stackOffset));
        }
        lastLine = def.pos().line();
        for (Stmt s : def.body().body()) statement(s);
        code.emit(Op.RET_VOID, lastLine);
        for (PendingGoto g : gotos) {
            Integer target = labels.get(g.label());
            if (target == null) errors.at(g.pos(), "label '" + g.label() + "' used but not defined");
            else code.patch(g.operand(), target);
        }
        fn.code = code.code();
        fn.consts = code.consts();
        fn.slots = slots;
        fn.maxStack = code.maxDepth() + 4;
        fn.stackSize = stackSize;
        fn.locals = List.copyOf(localInfos);
        fn.params = List.copyOf(params);
    }

    // ---- declarations and scopes ----

    private int allocStack(CType t) {
        int a = t.align();
        int at = (stackSize + a - 1) / a * a;
        stackSize = at + Math.max(1, t.size());
        return at;
    }

    private Local declare(String name, CType type, boolean inStack, int where, Pos pos) {
        return declare(new Local(name, type, inStack, where), pos);
    }

    private Local declare(Local l, Pos pos) {
        String name = l.name();
        CType type = l.type();
        boolean inStack = l.inStack();
        int where = l.where();
        if (scopes.peek().put(name, l) != null) errors.at(pos, "redefinition of '" + name + "'");
        localInfos.add(new FunctionCode.LocalInfo(name, type, inStack, where, code.pc(), Integer.MAX_VALUE));
        return l;
    }

    private Local lookupLocal(String name) {
        for (Map<String, Local> scope : scopes) {
            Local l = scope.get(name);
            if (l != null) return l;
        }
        return null;
    }

    private void collectAddressTaken(Stmt.Block body) {
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

    // ---- statements ----

    private void stmtLine(Pos pos) {
        lastLine = pos.line();
        code.emit(Op.STMT, pos.line());
        code.setDepth(0);
    }

    private void statement(Stmt s) {
        if (s instanceof Stmt.Block b) {
            scopes.push(new HashMap<>());
            for (Stmt inner : b.body()) statement(inner);
            scopes.pop();
        } else if (s instanceof Stmt.Local l) {
            for (Stmt.VarDecl v : l.vars()) localDecl(v);
        } else if (s instanceof Stmt.ExprStmt e) {
            stmtLine(e.pos());
            expr(e.expr());
            code.emit(Op.POP);
            code.stack(-1);
        } else if (s instanceof Stmt.If i) {
            stmtLine(i.pos());
            condition(i.cond());
            int toElse = code.emitJump(Op.JZ);
            statement(i.then());
            if (i.otherwise() != null) {
                int toEnd = code.emitJump(Op.JMP);
                code.patch(toElse, code.pc());
                statement(i.otherwise());
                code.patch(toEnd, code.pc());
            } else {
                code.patch(toElse, code.pc());
            }
        } else if (s instanceof Stmt.While w) {
            loop(w.pos(), null, w.cond(), null, w.body(), false);
        } else if (s instanceof Stmt.DoWhile d) {
            loop(d.cond().pos(), null, d.cond(), null, d.body(), true);
        } else if (s instanceof Stmt.For f) {
            scopes.push(new HashMap<>());
            if (f.init() != null) statement(f.init());
            loop(f.pos(), null, f.cond(), f.update(), f.body(), false);
            scopes.pop();
        } else if (s instanceof Stmt.Switch sw) {
            switchStmt(sw);
        } else if (s instanceof Stmt.Case c) {
            if (switches.isEmpty()) errors.at(c.pos(), "case label not within a switch statement");
            else switches.peek().cases.add(new long[] {uc.types.constant(c.value()), code.pc()});
        } else if (s instanceof Stmt.Default d) {
            if (switches.isEmpty()) errors.at(d.pos(), "'default' label not in a switch statement");
            else switches.peek().defaultPc = code.pc();
        } else if (s instanceof Stmt.Break b) {
            if (breaks.isEmpty()) errors.at(b.pos(), "break statement not within loop or switch");
            else {
                stmtLine(b.pos());
                breaks.peek().add(code.emitJump(Op.JMP));
            }
        } else if (s instanceof Stmt.Continue c) {
            if (continues.isEmpty()) errors.at(c.pos(), "continue statement not within a loop");
            else {
                stmtLine(c.pos());
                continues.peek().add(code.emitJump(Op.JMP));
            }
        } else if (s instanceof Stmt.Return r) {
            returnStmt(r);
        } else if (s instanceof Stmt.Goto g) {
            stmtLine(g.pos());
            gotos.add(new PendingGoto(code.emitJump(Op.JMP), g.label(), g.pos()));
        } else if (s instanceof Stmt.Labeled l) {
            if (labels.put(l.label(), code.pc()) != null) errors.at(l.pos(), "duplicate label '" + l.label() + "'");
            statement(l.body());
        } else if (s instanceof Stmt.Empty e) {
            if (e.elision()) {
                stmtLine(e.pos());
                code.emit(Op.NOP);
            }
        }
    }

    /** Loops put the condition test at the bottom, so each iteration costs one step for the test. */
    private void loop(Pos pos, Stmt init, Expr cond, Expr update, Stmt body, boolean bodyFirst) {
        breaks.push(new ArrayList<>());
        continues.push(new ArrayList<>());
        int toTest = -1;
        if (!bodyFirst) {
            stmtLine(pos);
            if (cond != null) {
                condition(cond);
                breaks.peek().add(code.emitJump(Op.JZ));
            }
            toTest = -2;
        }
        int top = code.pc();
        statement(body);
        int cont = code.pc();
        stmtLine(pos);
        if (update != null) {
            expr(update);
            code.emit(Op.POP);
            code.stack(-1);
        }
        if (cond != null) {
            condition(cond);
            code.emit(Op.JNZ, top);
            code.stack(-1);
        } else {
            code.emit(Op.JMP, top);
        }
        for (int c : continues.pop()) code.patch(c, cont);
        for (int b : breaks.pop()) code.patch(b, code.pc());
        assert toTest != -1 || bodyFirst;
    }

    private void switchStmt(Stmt.Switch sw) {
        stmtLine(sw.pos());
        int tmp = slots++;
        expr(sw.value());
        code.emit(Op.STORE_SLOT, tmp);
        code.emit(Op.POP);
        code.stack(-1);
        int toDispatch = code.emitJump(Op.JMP);
        breaks.push(new ArrayList<>());
        SwitchCases cases = new SwitchCases();
        switches.push(cases);
        statement(sw.body());
        switches.pop();
        int toEnd = code.emitJump(Op.JMP);
        code.patch(toDispatch, code.pc());
        for (long[] c : cases.cases) {
            code.emit(Op.LOAD_SLOT, tmp);
            code.emit(Op.CONST, code.constant(c[0]));
            code.emit(Op.EQ);
            code.emit(Op.JNZ, (int) c[1]);
        }
        code.stack(2);
        code.stack(-2);
        if (cases.defaultPc >= 0) code.emit(Op.JMP, cases.defaultPc);
        code.patch(toEnd, code.pc());
        for (int b : breaks.pop()) code.patch(b, code.pc());
    }

    private void returnStmt(Stmt.Return r) {
        stmtLine(r.pos());
        CType ret = fn.type.returns();
        if (r.value() == null) {
            code.emit(Op.RET_VOID, r.pos().line());
            return;
        }
        CType t = expr(r.value());
        if (ret instanceof CType.Void) {
            code.emit(Op.POP);
            code.stack(-1);
            code.emit(Op.RET_VOID, r.pos().line());
            return;
        }
        convert(t, ret);
        code.emit(Op.RET, r.pos().line());
        code.stack(-1);
    }

    private void localDecl(Stmt.VarDecl v) {
        CType t = uc.types.resolve(v.type());
        if (t instanceof CType.Array a && a.length() == 0 && v.init() != null) {
            t = new CType.Array(a.element(), UnitCompiler.inferLength(v.init()));
        }
        if (v.isStatic()) { // initialised once, in the data image; no step of its own
            declare(new Local(v.name(), t, false, uc.staticLocal(fn.name, v, t), true), v.pos());
            return;
        }
        if (t instanceof CType.Struct s && !s.complete()) {
            errors.at(v.pos(), "storage size of '" + v.name() + "' isn't known");
        }
        boolean inStack = !t.isScalar() || addressTaken.contains(v.name());
        Local l = inStack ? declare(v.name(), t, true, allocStack(t), v.pos())
                : declare(v.name(), t, false, slots++, v.pos());
        if (v.init() == null) {
            if (inStack) { // C leaves it uninitialised; zeroing keeps runs deterministic
                stmtLine(v.pos());
                code.emit(Op.ADDR_STACK, l.where());
                code.emit(Op.MEMZERO, Math.max(1, t.size()));
                code.emit(Op.POP);
            }
            return;
        }
        stmtLine(v.pos());
        if (inStack) {
            code.emit(Op.ADDR_STACK, l.where());
            code.stack(1);
            initialize(t, v.init());
            code.emit(Op.POP);
            code.stack(-1);
        } else {
            CType vt = expr(v.init());
            hintType(t, v.init());
            convert(vt, t);
            code.emit(Op.STORE_SLOT, l.where());
            code.emit(Op.POP);
            code.stack(-1);
        }
    }

    /** Initializes the object whose address is on top of the stack; leaves the address there. */
    private void initialize(CType t, Expr init) {
        init = Macros.initializer(init);
        if (init instanceof Expr.InitList list) {
            code.emit(Op.MEMZERO, Math.max(1, t.size()));
            int position = 0;
            for (Expr.InitItem item : list.items()) {
                UnitCompiler.Member m = uc.member(t, item, position, errors);
                if (m == null) continue;
                position = m.next();
                code.emit(Op.DUP);
                code.stack(1);
                if (m.offset() != 0) {
                    code.emit(Op.CONST, code.constant(m.offset()));
                    code.emit(Op.ADD);
                }
                initialize(m.type(), item.value());
                code.emit(Op.POP);
                code.stack(-1);
            }
            return;
        }
        if (t instanceof CType.Array a && init instanceof Expr.StringLit s) {
            code.emit(Op.MEMZERO, t.size());
            code.emit(Op.ADDR_DATA, uc.string(s.value()));
            code.emit(Op.MEMCPY, Math.min(a.size(), s.value().length() + 1));
            return;
        }
        code.emit(Op.DUP);
        code.stack(1);
        CType vt = expr(init);
        store(t, vt, init.pos());
        code.emit(Op.POP);
        code.stack(-1);
    }

    /**
     * {@code ms = kzalloc(...)}: the pointer's type names the fresh allocation, so KASAN reports and the state view
     * can say "struct my_struct" rather than a bare kmalloc-64 object.
     */
    private void hintType(CType target, Expr value) {
        while (value instanceof Expr.Cast c) value = c.operand();
        if (value instanceof Expr.Call && target instanceof CType.Ptr p && p.to() instanceof CType.Struct st) {
            code.emit(Op.TYPEHINT, uc.nameIndex(st.toString()));
        }
    }

    // ---- expressions ----

    private void condition(Expr e) {
        CType t = expr(e);
        if (t instanceof CType.Struct) errors.at(e.pos(), "used struct type value where scalar is required");
    }

    /** Compiles e, leaving its value (or, for a struct, its address) on the stack; returns its type. */
    CType expr(Expr e) {
        if (e instanceof Expr.IntLit i) {
            code.emit(Op.CONST, code.constant(i.value()));
            code.stack(1);
            return literalType(i);
        }
        if (e instanceof Expr.StringLit s) {
            code.emit(Op.ADDR_DATA, uc.string(s.value()));
            code.stack(1);
            return CType.CHAR_PTR;
        }
        if (e instanceof Expr.Ident id) return ident(id);
        if (e instanceof Expr.Unary u) return unary(u);
        if (e instanceof Expr.Postfix p) return increment(p.operand(), p.op().equals("++") ? 1 : -1, true, p.pos());
        if (e instanceof Expr.Binary b) return binary(b);
        if (e instanceof Expr.Assign a) return assign(a);
        if (e instanceof Expr.Conditional c) return conditional(c);
        if (e instanceof Expr.Call c) return call(c);
        if (e instanceof Expr.Member || e instanceof Expr.Index) return load(e);
        if (e instanceof Expr.Cast c) return cast(c);
        if (e instanceof Expr.SizeofType s) {
            return pushConst(uc.types.resolve(s.type()).size(), CType.ULONG);
        }
        if (e instanceof Expr.SizeofExpr s) return pushConst(typeOnly(s.operand(), true).size(), CType.ULONG);
        if (e instanceof Expr.ContainerOf c) return containerOf(c);
        if (e instanceof Expr.InitList l) {
            errors.at(l.pos(), "expected expression before '{' token");
            return pushConst(0, CType.INT);
        }
        errors.at(e.pos(), "unsupported expression");
        return pushConst(0, CType.INT);
    }

    /** C's type for an integer literal: the first of int, unsigned int, long, unsigned long its value fits. */
    private static CType literalType(Expr.IntLit i) {
        boolean unsigned = i.suffix().contains("u");
        boolean isLong = i.suffix().contains("l");
        long v = i.value();
        if (!isLong && !unsigned && v == (int) v) return CType.INT;
        if (!isLong && (v & 0xffffffffL) == v && (unsigned || v > Integer.MAX_VALUE)) return CType.UINT;
        if (unsigned || v < 0) return CType.ULONG;
        return CType.LONG;
    }

    private CType pushConst(long v, CType t) {
        code.emit(Op.CONST, code.constant(v));
        code.stack(1);
        return t;
    }

    /** The type an expression would have, compiled into a scratch buffer (sizeof, typeof-like macros). */
    private CType typeOnly(Expr e, boolean noDecay) {
        CodeBuffer saved = code;
        code = new CodeBuffer();
        try {
            if (noDecay) {
                if (e instanceof Expr.StringLit str) {
                    return new CType.Array(CType.CHAR, str.value().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length + 1);
                }
                if (e instanceof Expr.Ident id && lookupLocal(id.name()) != null) return lookupLocal(id.name()).type();
                LValue lv = lvalueOrNull(e);
                if (lv != null) return lv.type();
            }
            return expr(e);
        } finally {
            code = saved;
        }
    }

    private CType ident(Expr.Ident id) {
        Local l = lookupLocal(id.name());
        if (l != null && l.inSlot()) {
            code.emit(Op.LOAD_SLOT, l.where());
            code.stack(1);
            return l.type();
        }
        if (l == null && id.name().equals("current") && uc.findFunction("get_current") != null) {
            return direct(uc.findFunction("get_current"), new Expr.Call(id, List.of(), id.pos()));
        }
        if (l == null && id.name().equals("THIS_MODULE")) {
            CType t = uc.pushGlobalAddress(code, "THIS_MODULE");
            code.stack(1);
            return t;
        }
        if (l == null && uc.isFunctionName(id.name())) {
            return uc.pushFunctionAddress(code, id.name());
        }
        if (l == null) {
            Long c = uc.constant(id.name());
            if (c != null) return pushConst(c, id.name().equals("NULL") ? CType.VOID_PTR : CType.INT);
        }
        return load(id);
    }

    /** Loads the value of an lvalue expression; arrays decay to a pointer, structs stay as their address. */
    private CType load(Expr e) {
        LValue lv = lvalue(e);
        if (lv == null) return pushConst(0, CType.INT);
        if (!lv.inMemory()) {
            code.emit(Op.LOAD_SLOT, lv.slot());
            code.stack(1);
            return lv.type();
        }
        CType t = lv.type();
        if (t instanceof CType.Array a) return new CType.Ptr(a.element());
        if (t instanceof CType.Struct || t instanceof CType.Func) return t instanceof CType.Func ? new CType.Ptr(t) : t;
        if (t instanceof CType.Void) {
            errors.at(e.pos(), "dereferencing 'void *' pointer");
            return t;
        }
        CType.Int it = t instanceof CType.Int i ? i : null;
        code.emit(Op.LOAD, t.size(), it != null && it.signed() ? 1 : 0);
        return t;
    }

    private LValue lvalue(Expr e) {
        LValue lv = lvalueOrNull(e);
        if (lv == null && !lvalueShaped(e)) errors.at(e.pos(), "lvalue required as left operand of assignment");
        return lv;
    }

    /** Names, members, subscripts and dereferences report their own errors when they fail to resolve. */
    private static boolean lvalueShaped(Expr e) {
        return e instanceof Expr.Ident || e instanceof Expr.Member || e instanceof Expr.Index
                || (e instanceof Expr.Unary u && u.op().equals("*"));
    }

    /** Pushes the address of e (or nothing for a register local) and describes it; null if e is no lvalue. */
    private LValue lvalueOrNull(Expr e) {
        if (e instanceof Expr.Ident id) {
            Local l = lookupLocal(id.name());
            if (l != null) {
                if (l.inSlot()) return new LValue(l.type(), l.where());
                code.emit(l.inData() ? Op.ADDR_DATA : Op.ADDR_STACK, l.where());
                code.stack(1);
                return new LValue(l.type(), -1);
            }
            CType g = uc.pushGlobalAddress(code, id.name());
            if (g != null) {
                code.stack(1);
                return new LValue(g, -1);
            }
            errors.at(id.pos(), "'" + id.name() + "' undeclared" + (fn != null ? " (first use in this function)" : ""));
            return null;
        }
        if (e instanceof Expr.Unary u && u.op().equals("*")) {
            CType t = expr(u.operand());
            CType target = t.target();
            if (target == null && t instanceof CType.Ptr == false) {
                errors.at(u.pos(), "invalid type argument of unary '*' (have '" + t + "')");
                return null;
            }
            return new LValue(target instanceof CType.Func ? target : target, -1);
        }
        if (e instanceof Expr.Member m) return member(m);
        if (e instanceof Expr.Index ix) {
            CType base = expr(ix.array());
            CType it = expr(ix.index());
            if (base.target() == null) {
                if (it.target() != null) { // 2[a] is a[2]
                    code.emit(Op.SWAP);
                    CType tmp = base;
                    base = it;
                    it = tmp;
                } else {
                    errors.at(ix.pos(), "subscripted value is neither array nor pointer");
                    return null;
                }
            }
            CType elem = base.target();
            code.emit(Op.SCALE, Math.max(1, elem.size()));
            code.emit(Op.ADD);
            code.stack(-1);
            return new LValue(elem, -1);
        }
        return null;
    }

    private LValue member(Expr.Member m) {
        CType st;
        if (m.arrow()) {
            CType p = expr(m.object());
            st = p.target();
            if (st == null) {
                errors.at(m.pos(), "invalid type argument of '->' (have '" + p + "')");
                return null;
            }
        } else {
            LValue base = lvalueOrNull(m.object());
            if (base == null) {
                if (!(m.object() instanceof Expr.Ident)) {
                    CType t = expr(m.object()); // a struct-valued call result is its address
                    if (!(t instanceof CType.Struct)) errors.at(m.pos(), "request for member '" + m.field()
                            + "' in something not a structure or union");
                    st = t;
                } else {
                    return null;
                }
            } else {
                st = base.type();
            }
        }
        if (!(st instanceof CType.Struct s)) {
            errors.at(m.pos(), "request for member '" + m.field() + "' in something not a structure or union");
            return null;
        }
        if (!s.complete()) {
            errors.at(m.pos(), "invalid use of undefined type '" + s + "'");
            return null;
        }
        StructLayout.Field f = s.layout().field(m.field());
        if (f == null) {
            errors.at(m.pos(), "'" + s + "' has no member named '" + m.field() + "'");
            return null;
        }
        if (f.offset() != 0) {
            code.emit(Op.CONST, code.constant(f.offset()));
            code.emit(Op.ADD);
        }
        return new LValue(f.type(), -1);
    }

    private CType unary(Expr.Unary u) {
        switch (u.op()) {
            case "&": {
                if (u.operand() instanceof Expr.Ident id && lookupLocal(id.name()) == null
                        && uc.isFunctionName(id.name())) {
                    return uc.pushFunctionAddress(code, id.name());
                }
                LValue lv = lvalueOrNull(u.operand());
                if (lv == null) {
                    errors.at(u.pos(), "lvalue required as unary '&' operand");
                    return pushConst(0, CType.VOID_PTR);
                }
                if (!lv.inMemory()) {
                    errors.at(u.pos(), "cannot take the address of register variable");
                    return pushConst(0, CType.VOID_PTR);
                }
                return new CType.Ptr(lv.type());
            }
            case "*":
                return load(u);
            case "-": {
                CType t = promote(expr(u.operand()));
                code.emit(Op.NEG);
                return truncate(t);
            }
            case "+":
                return promote(expr(u.operand()));
            case "~": {
                CType t = promote(expr(u.operand()));
                code.emit(Op.BITNOT);
                return truncate(t);
            }
            case "!":
                expr(u.operand());
                code.emit(Op.LNOT);
                return CType.INT;
            case "++":
                return increment(u.operand(), 1, false, u.pos());
            case "--":
                return increment(u.operand(), -1, false, u.pos());
            default:
                errors.at(u.pos(), "unsupported operator '" + u.op() + "'");
                return expr(u.operand());
        }
    }

    private CType increment(Expr target, int sign, boolean postfix, Pos pos) {
        LValue lv = lvalueOrNull(target);
        if (lv == null) {
            if (lvalueShaped(target)) return pushConst(0, CType.INT);
            errors.at(pos, "lvalue required as " + (sign > 0 ? "increment" : "decrement") + " operand");
            return pushConst(0, CType.INT);
        }
        CType t = lv.type();
        long delta = sign * (t.target() != null ? Math.max(1, t.target().size()) : 1);
        if (lv.inMemory()) {
            code.emit(Op.DUP);
            code.stack(1);
            loadFrom(t);
        } else {
            code.emit(Op.LOAD_SLOT, lv.slot());
            code.stack(1);
        }
        code.emit(Op.CONST, code.constant(delta));
        code.emit(Op.ADD);
        truncate(t);
        storeTo(lv);
        if (postfix) {
            code.emit(Op.CONST, code.constant(-delta));
            code.emit(Op.ADD);
            truncate(t);
        }
        return t;
    }

    private void loadFrom(CType t) {
        code.emit(Op.LOAD, t.size(), t instanceof CType.Int i && i.signed() ? 1 : 0);
    }

    /** Stack: [addr?] value -> value. */
    private void storeTo(LValue lv) {
        if (lv.inMemory()) {
            code.emit(Op.STORE, lv.type().size());
            code.stack(-1);
        } else {
            code.emit(Op.STORE_SLOT, lv.slot());
        }
    }

    /** Stack: addr value -> value, converting the value to t (structs are copied). */
    private void store(CType t, CType vt, Pos pos) {
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

    private void convert(CType from, CType to) {
        if (to instanceof CType.Int i && (from.size() > i.size() || !(from instanceof CType.Int fi)
                || fi.signed() != i.signed() || i == CType.BOOL)) {
            if (i == CType.BOOL) code.emit(Op.TOBOOL);
            else code.emit(Op.TRUNC, i.size(), i.signed() ? 1 : 0);
        }
    }

    private CType truncate(CType t) {
        if (t instanceof CType.Int i && i.size() < 8) code.emit(Op.TRUNC, i.size(), i.signed() ? 1 : 0);
        return t;
    }

    private static CType promote(CType t) {
        if (t instanceof CType.Int i && i.size() < 4) return CType.INT;
        return t;
    }

    private static CType arithmetic(CType a, CType b) {
        a = promote(a);
        b = promote(b);
        if (!(a instanceof CType.Int ai) || !(b instanceof CType.Int bi)) return CType.LONG;
        if (ai.size() == 8 || bi.size() == 8) {
            boolean unsigned = (ai.size() == 8 && !ai.signed()) || (bi.size() == 8 && !bi.signed());
            return unsigned ? CType.ULONG : CType.LONG;
        }
        return ai.signed() && bi.signed() ? CType.INT : CType.UINT;
    }

    private CType binary(Expr.Binary b) {
        String op = b.op();
        if (op.equals("&&") || op.equals("||")) {
            expr(b.left());
            code.emit(Op.TOBOOL);
            code.emit(Op.DUP);
            code.stack(1);
            int skip = code.emitJump(op.equals("&&") ? Op.JZ : Op.JNZ);
            code.stack(-1);
            code.emit(Op.POP);
            code.stack(-1);
            expr(b.right());
            code.emit(Op.TOBOOL);
            code.patch(skip, code.pc());
            return CType.INT;
        }
        if (op.equals(",")) {
            expr(b.left());
            code.emit(Op.POP);
            code.stack(-1);
            return expr(b.right());
        }
        CType l = expr(b.left());
        CType r = expr(b.right());
        code.stack(-1);
        return arith(op, l, r, b.pos());
    }

    /** Stack: l r -> result. Pointer arithmetic scales by the pointed-to size. */
    private CType arith(String op, CType l, CType r, Pos pos) {
        boolean lp = l.target() != null;
        boolean rp = r.target() != null;
        if ((op.equals("+") || op.equals("-")) && (lp || rp)) {
            if (lp && rp && op.equals("-")) {
                code.emit(Op.SUB);
                code.emit(Op.CONST, code.constant(Math.max(1, l.target().size())));
                code.emit(Op.DIV);
                return CType.LONG;
            }
            if (lp && rp) {
                errors.at(pos, "invalid operands to binary + (have '" + l + "' and '" + r + "')");
                return l;
            }
            if (rp) { // n + p
                code.emit(Op.SWAP);
                CType t = l;
                l = r;
                r = t;
            }
            code.emit(Op.SCALE, Math.max(1, l.target().size()));
            code.emit(op.equals("+") ? Op.ADD : Op.SUB);
            return Types.decay(l);
        }
        if (l instanceof CType.Struct || r instanceof CType.Struct) {
            errors.at(pos, "invalid operands to binary " + op + " (have '" + l + "' and '" + r + "')");
        }
        CType t = arithmetic(l, r);
        boolean unsigned = lp || rp || (t instanceof CType.Int i && !i.signed());
        switch (op) {
            case "+": code.emit(Op.ADD); return truncate(t);
            case "-": code.emit(Op.SUB); return truncate(t);
            case "*": code.emit(Op.MUL); return truncate(t);
            case "/": code.emit(unsigned ? Op.UDIV : Op.DIV); return truncate(t);
            case "%": code.emit(unsigned ? Op.UMOD : Op.MOD); return truncate(t);
            case "&": code.emit(Op.AND); return t;
            case "|": code.emit(Op.OR); return t;
            case "^": code.emit(Op.XOR); return truncate(t);
            case "<<": code.emit(Op.SHL); return truncate(promote(l));
            case ">>":
                code.emit(promote(l) instanceof CType.Int i && !i.signed() ? Op.USHR : Op.SHR);
                return promote(l);
            case "==": code.emit(Op.EQ); return CType.INT;
            case "!=": code.emit(Op.NE); return CType.INT;
            case "<": code.emit(unsigned ? Op.ULT : Op.LT); return CType.INT;
            case "<=": code.emit(unsigned ? Op.ULE : Op.LE); return CType.INT;
            case ">": code.emit(unsigned ? Op.UGT : Op.GT); return CType.INT;
            case ">=": code.emit(unsigned ? Op.UGE : Op.GE); return CType.INT;
            default:
                errors.at(pos, "unsupported operator '" + op + "'");
                return t;
        }
    }

    private CType assign(Expr.Assign a) {
        LValue lv = lvalueOrNull(a.target());
        if (lv == null) {
            if (!lvalueShaped(a.target())) errors.at(a.pos(), "lvalue required as left operand of assignment");
            expr(a.value());
            return CType.INT;
        }
        CType t = lv.type();
        if (a.op().equals("=")) {
            CType vt = expr(a.value());
            hintType(t, a.value());
            if (lv.inMemory()) {
                store(t, vt, a.pos());
            } else {
                convert(vt, t);
                code.emit(Op.STORE_SLOT, lv.slot());
            }
            return t;
        }
        String op = a.op().substring(0, a.op().length() - 1);
        if (lv.inMemory()) {
            code.emit(Op.DUP);
            code.stack(1);
            loadFrom(t);
        } else {
            code.emit(Op.LOAD_SLOT, lv.slot());
            code.stack(1);
        }
        CType vt = expr(a.value());
        code.stack(-1);
        CType rt = arith(op, t, vt, a.pos());
        convert(rt, t);
        storeTo(lv);
        return t;
    }

    private CType conditional(Expr.Conditional c) {
        condition(c.cond());
        int toElse = code.emitJump(Op.JZ);
        code.stack(-1);
        int depth = code.depth();
        CType a = expr(c.then());
        int toEnd = code.emitJump(Op.JMP);
        code.patch(toElse, code.pc());
        code.setDepth(depth);
        CType b = expr(c.otherwise());
        code.patch(toEnd, code.pc());
        if (a.target() != null) return a;
        if (b.target() != null) return b;
        return arithmetic(a, b);
    }

    private CType cast(Expr.Cast c) {
        CType to = uc.types.resolve(c.type());
        CType from = expr(c.operand());
        if (to instanceof CType.Struct) errors.at(c.pos(), "conversion to non-scalar type requested");
        else if (to instanceof CType.Int i) {
            if (i == CType.BOOL) code.emit(Op.TOBOOL);
            else if (i.size() < 8 || from.size() < 8) code.emit(Op.TRUNC, i.size(), i.signed() ? 1 : 0);
        }
        return to;
    }

    private CType containerOf(Expr.ContainerOf c) {
        CType t = uc.types.resolve(c.type());
        long offset = 0;
        if (!(t instanceof CType.Struct s) || !s.complete()) {
            errors.at(c.pos(), "invalid use of undefined type '" + t + "'");
        } else if (s.layout().field(c.member()) == null) {
            errors.at(c.pos(), "'" + s + "' has no member named '" + c.member() + "'");
        } else {
            offset = s.layout().field(c.member()).offset();
        }
        if (c.ptr() == null) return pushConst(offset, CType.ULONG); // offsetof
        expr(c.ptr());
        if (offset != 0) {
            code.emit(Op.CONST, code.constant(offset));
            code.emit(Op.SUB);
        }
        return new CType.Ptr(t);
    }

    // ---- calls ----

    private CType call(Expr.Call c) {
        if (c.callee() instanceof Expr.Ident id && lookupLocal(id.name()) == null) {
            CType special = specialCall(id.name(), c);
            if (special != null) return special;
            FunctionCode target = uc.findFunction(id.name());
            if (target != null) return direct(target, c);
            if (uc.pushGlobalAddressType(id.name()) == null) {
                uc.warnImplicit(id.name(), c.pos());
                for (Expr arg : c.args()) expr(arg);
                code.emit(Op.CALL_UNKNOWN, code.constant(uc.nameIndex(id.name())), c.args().size());
                code.stack(1 - c.args().size());
                return CType.LONG;
            }
        }
        CType ft = expr(c.callee());
        CType.Func f = ft instanceof CType.Ptr p && p.to() instanceof CType.Func pf ? pf
                : ft instanceof CType.Func ff ? ff : null;
        if (f == null) {
            errors.at(c.pos(), "called object is not a function or function pointer");
            return CType.INT;
        }
        arguments(f, c, "function pointer");
        code.emit(Op.CALL_IND, c.args().size());
        code.stack(-c.args().size());
        return f.returns();
    }

    private CType direct(FunctionCode target, Expr.Call c) {
        arguments(target.type, c, target.name);
        if (target.builtin >= 0) {
            code.emit(Op.BUILTIN, target.builtin, c.args().size());
        } else {
            code.emit(Op.CALL, target.index, c.args().size(), target.kernel && !fn.kernel ? 1 : 0);
        }
        code.stack(1 - c.args().size());
        return target.type.returns();
    }

    private void arguments(CType.Func f, Expr.Call c, String name) {
        int n = c.args().size();
        if (n < f.params().size()) errors.at(c.pos(), "too few arguments to function '" + name + "'");
        else if (n > f.params().size() && !f.variadic()) {
            errors.at(c.pos(), "too many arguments to function '" + name + "'");
        }
        for (int i = 0; i < n; i++) {
            Expr arg = c.args().get(i);
            CType at = expr(arg);
            if (at instanceof CType.Struct) errors.at(arg.pos(), "passing a struct by value is not supported");
            if (i < f.params().size()) convert(at, f.params().get(i));
        }
    }

    /**
     * wait_event*(wq, condition[, timeout]): the condition is re-evaluated after every wake-up, so this is a loop
     * around __wait_event_sleep, as ___wait_event in include/linux/wait.h. The value is 0 (or for the timeout
     * forms the jiffies left, at least 1) once the condition holds, -ERESTARTSYS on a signal, 0 on timeout.
     */
    private CType waitEvent(String name, Expr.Call c) {
        boolean interruptible = name.contains("interruptible") || name.contains("killable");
        boolean timeout = name.endsWith("_timeout");
        if (!name.matches("wait_event(_interruptible|_killable)?(_timeout)?") || c.args().size() != (timeout ? 3 : 2)) {
            return null;
        }
        FunctionCode sleep = uc.findFunction("__wait_event_sleep");
        FunctionCode pending = uc.findFunction("signal_pending");
        FunctionCode current = uc.findFunction("get_current");
        FunctionCode now = null;
        Pos p = c.pos();
        int result = slots++;
        int deadline = slots++;
        if (timeout) { // deadline = jiffies + timeout
            CType j = expr(new Expr.Ident("jiffies", p));
            expr(c.args().get(2));
            code.emit(Op.ADD);
            code.stack(-1);
        } else {
            code.emit(Op.CONST, code.constant(0));
            code.stack(1);
        }
        code.emit(Op.STORE_SLOT, deadline);
        code.emit(Op.POP);
        code.stack(-1);
        int top = code.pc();
        condition(c.args().get(1));
        int toTrue = code.emitJump(Op.JNZ);
        code.stack(-1);
        List<Integer> toEnd = new ArrayList<>();
        if (interruptible) {
            code.emit(Op.BUILTIN, current.builtin, 0);
            code.emit(Op.BUILTIN, pending.builtin, 1);
            code.stack(1);
            int noSignal = code.emitJump(Op.JZ);
            code.stack(-1);
            code.emit(Op.CONST, code.constant(-512)); // -ERESTARTSYS
            code.emit(Op.STORE_SLOT, result);
            code.emit(Op.POP);
            toEnd.add(code.emitJump(Op.JMP));
            code.patch(noSignal, code.pc());
        }
        CType wqType = typeOnly(c.args().get(0), true);
        expr(new Expr.Unary("&", c.args().get(0), p));
        code.emit(Op.CONST, code.constant(interruptible ? 1 : 2));
        code.emit(Op.LOAD_SLOT, deadline);
        code.stack(2);
        code.emit(Op.BUILTIN, sleep.builtin, 3);
        code.stack(-2);
        if (timeout) { // 2: the deadline passed; the value is then whether the condition holds after all
            code.emit(Op.CONST, code.constant(2));
            code.emit(Op.EQ);
            int notTimedOut = code.emitJump(Op.JZ);
            code.stack(-1);
            condition(c.args().get(1));
            code.emit(Op.TOBOOL);
            code.emit(Op.STORE_SLOT, result);
            code.emit(Op.POP);
            code.stack(-1);
            toEnd.add(code.emitJump(Op.JMP));
            code.patch(notTimedOut, code.pc());
        } else {
            code.emit(Op.POP);
            code.stack(-1);
        }
        code.emit(Op.JMP, top);
        code.patch(toTrue, code.pc());
        if (timeout) { // jiffies left, at least 1
            code.emit(Op.LOAD_SLOT, deadline);
            code.stack(1);
            expr(new Expr.Ident("jiffies", p));
            code.emit(Op.SUB);
            code.stack(-1);
            code.emit(Op.DUP);
            code.emit(Op.CONST, code.constant(1));
            code.emit(Op.LT);
            int big = code.emitJump(Op.JZ);
            code.emit(Op.POP);
            code.emit(Op.CONST, code.constant(1));
            code.patch(big, code.pc());
            code.emit(Op.STORE_SLOT, result);
            code.emit(Op.POP);
            code.stack(-1);
        } else {
            code.emit(Op.CONST, code.constant(0));
            code.emit(Op.STORE_SLOT, result);
            code.emit(Op.POP);
        }
        for (int j : toEnd) code.patch(j, code.pc());
        code.emit(Op.LOAD_SLOT, result);
        code.stack(1);
        return CType.LONG;
    }

    /** Macros that need the compiler: their arguments are types or member names, not values. */
    private CType specialCall(String name, Expr.Call c) {
        Expr rewritten = Macros.rewrite(name, c);
        if (rewritten != null) return expr(rewritten);
        if (name.startsWith("wait_event")) return waitEvent(name, c);
        switch (name) {
            case "from_tasklet": case "from_timer": case "from_work": {
                if (c.args().size() != 3 || !(c.args().get(0) instanceof Expr.Ident var)
                        || !(c.args().get(2) instanceof Expr.Ident member)) {
                    errors.at(c.pos(), "macro '" + name + "' expects (var, pointer, member)");
                    return CType.VOID_PTR;
                }
                CType vt = typeOnly(var, true);
                if (!(vt.target() instanceof CType.Struct s)) {
                    errors.at(var.pos(), "'" + var.name() + "' is not a pointer to a struct");
                    return CType.VOID_PTR;
                }
                return containerOf(new Expr.ContainerOf(c.args().get(1),
                        new dev.driverlab.lang.TypeRef.Struct(s.tag(), s.union(), c.pos()), member.name(), c.pos()));
            }
            case "likely": case "unlikely": case "READ_ONCE": case "WARN_ON_ONCE_VALUE":
                if (c.args().size() == 1) return expr(c.args().get(0));
                return null;
            case "ARRAY_SIZE": {
                if (c.args().size() != 1) return null;
                CType t = typeOnly(c.args().get(0), true);
                if (t instanceof CType.Array a) return pushConst(a.length(), CType.ULONG);
                errors.at(c.pos(), "ARRAY_SIZE of something that is not an array");
                return pushConst(0, CType.ULONG);
            }
            default:
                return null;
        }
    }
}

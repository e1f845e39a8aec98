package dev.driverlab.engine.compile;

import dev.driverlab.lang.Expr;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.TypeRef;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * Expressions: C's typing rules (promotion, conversion, pointer arithmetic) compiled to stack code, one visitor
 * method per kind of expression. It has a {@link CallCompiler} for calls, and asks the {@link StatementCompiler} it
 * belongs to for what holds statements or objects of the block: statement expressions and compound literals.
 */
final class ExpressionCompiler implements Expr.Visitor<CType> {
    private final FunctionContext ctx;
    private final UnitCompiler uc;
    private final Errors errors;
    private final StatementCompiler statements;
    private final CallCompiler calls;

    ExpressionCompiler(FunctionContext ctx, StatementCompiler statements) {
        this.ctx = ctx;
        this.uc = ctx.uc;
        this.errors = ctx.errors;
        this.statements = statements;
        this.calls = new CallCompiler(ctx, this);
    }

    /** The buffer being emitted into (a scratch one while {@link #typeOnly} types an expression). */
    private CodeBuffer code() {
        return ctx.code;
    }

    // ---- expressions ----

    void condition(Expr e) {
        CType t = expr(e);
        if (t instanceof CType.Struct) errors.at(e.pos(), "used struct type value where scalar is required");
    }

    /** Compiles e, leaving its value (or, for a struct, its address) on the stack; returns its type. */
    CType expr(Expr e) {
        uc.compiling(e);
        return e.accept(this);
    }

    @Override
    public CType visitIntLit(Expr.IntLit i) {
        code().emit(Op.CONST, code().constant(i.value()));
        code().stack(1);
        return literalType(i);
    }

    @Override
    public CType visitStringLit(Expr.StringLit s) {
        code().emit(Op.ADDR_DATA, uc.string(s.value()));
        code().stack(1);
        return CType.CHAR_PTR;
    }

    @Override
    public CType visitPostfix(Expr.Postfix p) {
        return increment(p.operand(), p.op().equals("++") ? 1 : -1, true, p.pos());
    }

    @Override
    public CType visitCall(Expr.Call c) {
        return calls.call(c);
    }

    @Override
    public CType visitMember(Expr.Member m) {
        return load(m);
    }

    @Override
    public CType visitIndex(Expr.Index ix) {
        return load(ix);
    }

    @Override
    public CType visitSizeofType(Expr.SizeofType s) {
        return ctx.pushConst(uc.types.resolve(s.type()).size(), CType.ULONG);
    }

    @Override
    public CType visitSizeofExpr(Expr.SizeofExpr s) {
        return ctx.pushConst(typeOnly(s.operand(), true).size(), CType.ULONG);
    }

    @Override
    public CType visitContainerOf(Expr.ContainerOf c) {
        return containerOf(c);
    }

    @Override
    public CType visitStmtExpr(Expr.StmtExpr se) {
        return statements.statementExpression(se);
    }

    @Override
    public CType visitInitList(Expr.InitList l) {
        errors.at(l.pos(), "expected expression before '{' token");
        return ctx.pushConst(0, CType.INT);
    }

    /** C11 6.3.2.3p3: an integer constant expression with the value 0, or such an expression cast to void *. */
    boolean isNullPointerConstant(Expr e) {
        if (e instanceof Expr.Cast c) {
            if (!(c.type() instanceof TypeRef.Pointer p
                    && p.target() instanceof TypeRef.Named n
                    && n.name().equals("void"))) {
                return false;
            }
            e = c.operand();
        }
        if (e instanceof Expr.Ident id && ctx.lookupLocal(id.name()) != null) return false;
        Long v = uc.types.tryConstant(e);
        return v != null && v == 0 && !mentionsLocal(e);
    }

    /** True when e names a local variable anywhere (then it is no constant expression, whatever a global says). */
    boolean mentionsLocal(Expr e) {
        boolean[] found = {false};
        new AstWalker() {
            @Override
            void expr(Expr x) {
                if (x instanceof Expr.Ident id && ctx.lookupLocal(id.name()) != null) found[0] = true;
                if (!(x instanceof Expr.SizeofExpr)) super.expr(x);
            }
        }.expr(e);
        return found[0];
    }

    /** C's type for an integer literal: the first of int, unsigned int, long, unsigned long its value fits. */
    static CType literalType(Expr.IntLit i) {
        boolean unsigned = i.suffix().contains("u");
        boolean isLong = i.suffix().contains("l");
        long v = i.value();
        if (!isLong && !unsigned && v == (int) v) return CType.INT;
        if (!isLong && (v & 0xffffffffL) == v && (unsigned || v > Integer.MAX_VALUE)) return CType.UINT;
        if (unsigned || v < 0) return CType.ULONG;
        return CType.LONG;
    }

    /** The type of {@code typeof(e)} (or of {@code __auto_type}'s initializer, decayed): e is typed, never run. */
    CType typeOf(TypeRef.Typeof t) {
        CType type = typeOnly(t.expr(), !t.decay());
        if (t.decay() && type instanceof CType.Array a) return new CType.Ptr(a.element());
        if (t.decay() && type instanceof CType.Func) return new CType.Ptr(type);
        return type;
    }

    /**
     * The type an expression would have, compiled into a scratch buffer (sizeof, typeof): nothing of it runs, and
     * what a statement expression inside it declares leaves no trace in the function's frame.
     */
    CType typeOnly(Expr e, boolean noDecay) {
        CodeBuffer saved = ctx.code;
        ctx.code = new CodeBuffer();
        int savedSlots = ctx.slots;
        int savedStack = ctx.stackSize;
        int savedLocals = ctx.localInfos.size();
        var savedLabels = new HashMap<>(ctx.labels);
        int savedGotos = ctx.gotos.size();
        try {
            if (noDecay) {
                if (e instanceof Expr.StringLit str) {
                    return new CType.Array(CType.CHAR, str.value().getBytes(StandardCharsets.ISO_8859_1).length + 1);
                }
                if (e instanceof Expr.Ident id && ctx.lookupLocal(id.name()) != null)
                    return ctx.lookupLocal(id.name()).type();
                FunctionContext.LValue lv = lvalueOrNull(e);
                if (lv != null) return lv.type();
            }
            return expr(e);
        } finally {
            ctx.code = saved;
            ctx.slots = savedSlots;
            ctx.stackSize = savedStack;
            ctx.localInfos.subList(savedLocals, ctx.localInfos.size()).clear();
            ctx.labels.clear();
            ctx.labels.putAll(savedLabels);
            ctx.gotos.subList(savedGotos, ctx.gotos.size()).clear();
        }
    }

    /** The predefined identifiers naming the enclosing function: C99's and gcc's older spellings. */
    private static final Set<String> FUNCTION_NAME = Set.of("__func__", "__FUNCTION__", "__PRETTY_FUNCTION__");

    @Override
    public CType visitIdent(Expr.Ident id) {
        FunctionContext.Local l = ctx.lookupLocal(id.name());
        if (l != null && l.inSlot()) {
            code().emit(Op.LOAD_SLOT, l.where());
            code().stack(1);
            return l.type();
        }
        if (l == null && id.name().equals("current") && uc.findFunction("get_current") != null) {
            return calls.direct(uc.findFunction("get_current"), new Expr.Call(id, List.of(), id.pos()));
        }
        if (l == null && FUNCTION_NAME.contains(id.name())) { // C99 6.4.2.2: static const char __func__[] = "f";
            code().emit(Op.ADDR_DATA, uc.string(ctx.fn.name));
            code().stack(1);
            return CType.CHAR_PTR;
        }
        if (l == null && id.name().equals("THIS_MODULE")) {
            CType t = uc.pushGlobalAddress(code(), "THIS_MODULE");
            code().stack(1);
            return t;
        }
        if (l == null && uc.isFunctionName(id.name())) {
            return uc.pushFunctionAddress(code(), id.name(), id.pos());
        }
        if (l == null) {
            Long c = uc.constant(id.name());
            if (c != null) return ctx.pushConst(c, id.name().equals("NULL") ? CType.VOID_PTR : CType.INT);
        }
        return load(id);
    }

    /** Loads the value of an lvalue expression; arrays decay to a pointer, structs stay as their address. */
    CType load(Expr e) {
        FunctionContext.LValue lv = lvalue(e);
        if (lv == null) return ctx.pushConst(0, CType.INT);
        if (!lv.inMemory()) {
            code().emit(Op.LOAD_SLOT, lv.slot());
            code().stack(1);
            return lv.type();
        }
        CType t = lv.type();
        if (t instanceof CType.Array a) return new CType.Ptr(a.element());
        if (t instanceof CType.Struct || t instanceof CType.Func) return t instanceof CType.Func ? new CType.Ptr(t) : t;
        if (t instanceof CType.Void) {
            errors.at(e.pos(), "dereferencing 'void *' pointer");
            return t;
        }
        ctx.loadFrom(lv);
        return t;
    }

    FunctionContext.LValue lvalue(Expr e) {
        FunctionContext.LValue lv = lvalueOrNull(e);
        if (lv == null && !lvalueShaped(e)) errors.at(e.pos(), "lvalue required as left operand of assignment");
        return lv;
    }

    /** Names, members, subscripts and dereferences report their own errors when they fail to resolve. */
    static boolean lvalueShaped(Expr e) {
        return e instanceof Expr.Ident
                || e instanceof Expr.Member
                || e instanceof Expr.Index
                || (e instanceof Expr.Unary u && u.op().equals("*"));
    }

    /** Pushes the address of e (or nothing for a register local) and describes it; null if e is no lvalue. */
    FunctionContext.LValue lvalueOrNull(Expr e) {
        return e == null ? null : e.accept(lvalues);
    }

    private final LValues lvalues = new LValues();

    /**
     * Where an expression designates an object: names, dereferences, members, subscripts and compound literals
     * push its address (or, for a register local, nothing) and describe it; null for any other expression.
     */
    private final class LValues implements Expr.Visitor<FunctionContext.LValue> {
        /** A compound literal is an lvalue; any other cast is not. */
        @Override
        public FunctionContext.LValue visitCast(Expr.Cast c) {
            if (c.operand() instanceof Expr.InitList l) {
                CType to = uc.types.resolve(c.type());
                if (to instanceof CType.Struct || to instanceof CType.Array)
                    return new FunctionContext.LValue(statements.compoundLiteral(to, l, c.pos()), -1);
            }
            return null;
        }

        @Override
        public FunctionContext.LValue visitIdent(Expr.Ident id) {
            FunctionContext.Local l = ctx.lookupLocal(id.name());
            if (l != null) {
                if (l.inSlot()) return new FunctionContext.LValue(l.type(), l.where());
                code().emit(l.inData() ? Op.ADDR_DATA : Op.ADDR_STACK, l.where());
                code().stack(1);
                return new FunctionContext.LValue(l.type(), -1);
            }
            CType g = uc.pushGlobalAddress(code(), id.name(), id.pos());
            if (g != null) {
                code().stack(1);
                return new FunctionContext.LValue(g, -1);
            }
            errors.at(
                    id.pos(),
                    "'" + id.name() + "' undeclared" + (ctx.fn != null ? " (first use in this function)" : ""));
            return null;
        }

        /** Only {@code *p}. */
        @Override
        public FunctionContext.LValue visitUnary(Expr.Unary u) {
            if (!u.op().equals("*")) return null;
            CType t = expr(u.operand());
            CType target = t.target();
            if (target == null && t instanceof CType.Ptr == false) {
                errors.at(u.pos(), "invalid type argument of unary '*' (have '" + t + "')");
                return null;
            }
            return new FunctionContext.LValue(target instanceof CType.Func ? target : target, -1);
        }

        @Override
        public FunctionContext.LValue visitMember(Expr.Member m) {
            return member(m);
        }

        @Override
        public FunctionContext.LValue visitIndex(Expr.Index ix) {
            CType base = expr(ix.array());
            CType it = expr(ix.index());
            if (base.target() == null) {
                if (it.target() != null) { // 2[a] is a[2]
                    code().emit(Op.SWAP);
                    CType tmp = base;
                    base = it;
                    it = tmp;
                } else {
                    errors.at(ix.pos(), "subscripted value is neither array nor pointer");
                    return null;
                }
            }
            CType elem = base.target();
            code().emit(Op.SCALE, Math.max(1, elem.size()));
            code().emit(Op.ADD);
            code().stack(-1);
            return new FunctionContext.LValue(elem, -1);
        }

        @Override
        public FunctionContext.LValue visitIntLit(Expr.IntLit i) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitStringLit(Expr.StringLit s) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitPostfix(Expr.Postfix p) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitBinary(Expr.Binary b) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitAssign(Expr.Assign a) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitConditional(Expr.Conditional c) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitCall(Expr.Call c) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitSizeofType(Expr.SizeofType s) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitSizeofExpr(Expr.SizeofExpr s) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitContainerOf(Expr.ContainerOf c) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitStmtExpr(Expr.StmtExpr se) {
            return null;
        }

        @Override
        public FunctionContext.LValue visitInitList(Expr.InitList l) {
            return null;
        }
    }

    FunctionContext.LValue member(Expr.Member m) {
        CType st;
        if (m.arrow()) {
            CType p = expr(m.object());
            st = p.target();
            if (st == null) {
                errors.at(m.pos(), "invalid type argument of '->' (have '" + p + "')");
                return null;
            }
        } else {
            FunctionContext.LValue base = lvalueOrNull(m.object());
            if (base == null) {
                if (!(m.object() instanceof Expr.Ident)) {
                    CType t = expr(m.object()); // a struct-valued call result is its address
                    if (!(t instanceof CType.Struct))
                        errors.at(
                                m.pos(),
                                "request for member '" + m.field() + "' in something not a structure or union");
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
            code().emit(Op.CONST, code().constant(f.offset()));
            code().emit(Op.ADD);
        }
        return new FunctionContext.LValue(f.type(), -1, f.bitOffset(), f.bitWidth());
    }

    @Override
    public CType visitUnary(Expr.Unary u) {
        switch (u.op()) {
            case "&": {
                if (u.operand() instanceof Expr.Ident id
                        && ctx.lookupLocal(id.name()) == null
                        && uc.isFunctionName(id.name())) {
                    return uc.pushFunctionAddress(code(), id.name(), id.pos());
                }
                int reported = errors.list().size();
                FunctionContext.LValue lv = lvalueOrNull(u.operand());
                if (lv == null) {
                    // an operand already in error (a member of an undefined struct...) is not also "no lvalue"
                    if (errors.list().size() == reported) errors.at(u.pos(), "lvalue required as unary '&' operand");
                    return ctx.pushConst(0, CType.VOID_PTR);
                }
                if (!lv.inMemory()) {
                    errors.at(u.pos(), "cannot take the address of register variable");
                    return ctx.pushConst(0, CType.VOID_PTR);
                }
                if (lv.isBitField()) {
                    errors.at(
                            u.pos(), "cannot take address of bit-field '" + ((Expr.Member) u.operand()).field() + "'");
                    return ctx.pushConst(0, CType.VOID_PTR);
                }
                return new CType.Ptr(lv.type());
            }
            case "*":
                return load(u);
            case "-": {
                CType t = promote(expr(u.operand()));
                code().emit(Op.NEG);
                return ctx.truncate(t);
            }
            case "+":
                return promote(expr(u.operand()));
            case "~": {
                CType t = promote(expr(u.operand()));
                code().emit(Op.BITNOT);
                return ctx.truncate(t);
            }
            case "!":
                expr(u.operand());
                code().emit(Op.LNOT);
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

    CType increment(Expr target, int sign, boolean postfix, Pos pos) {
        FunctionContext.LValue lv = lvalueOrNull(target);
        if (lv == null) {
            if (lvalueShaped(target)) return ctx.pushConst(0, CType.INT);
            errors.at(pos, "lvalue required as " + (sign > 0 ? "increment" : "decrement") + " operand");
            return ctx.pushConst(0, CType.INT);
        }
        CType t = lv.type();
        long delta = sign * (t.target() != null ? Math.max(1, t.target().size()) : 1);
        if (lv.inMemory()) {
            code().emit(Op.DUP);
            code().stack(1);
            ctx.loadFrom(lv);
        } else {
            code().emit(Op.LOAD_SLOT, lv.slot());
            code().stack(1);
        }
        code().emit(Op.CONST, code().constant(delta));
        code().emit(Op.ADD);
        ctx.truncate(t);
        ctx.storeTo(lv);
        if (postfix) {
            code().emit(Op.CONST, code().constant(-delta));
            code().emit(Op.ADD);
            ctx.truncate(t);
        }
        return t;
    }

    static CType promote(CType t) {
        if (t instanceof CType.Int i && i.size() < 4) return CType.INT;
        return t;
    }

    static CType arithmetic(CType a, CType b) {
        a = promote(a);
        b = promote(b);
        if (!(a instanceof CType.Int ai) || !(b instanceof CType.Int bi)) return CType.LONG;
        if (ai.size() == 8 || bi.size() == 8) {
            boolean unsigned = (ai.size() == 8 && !ai.signed()) || (bi.size() == 8 && !bi.signed());
            return unsigned ? CType.ULONG : CType.LONG;
        }
        return ai.signed() && bi.signed() ? CType.INT : CType.UINT;
    }

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

    @Override
    public CType visitBinary(Expr.Binary b) {
        String op = b.op();
        if (op.equals("&&") || op.equals("||")) {
            expr(b.left());
            code().emit(Op.TOBOOL);
            code().emit(Op.DUP);
            code().stack(1);
            int skip = code().emitJump(op.equals("&&") ? Op.JZ : Op.JNZ);
            code().stack(-1);
            code().emit(Op.POP);
            code().stack(-1);
            expr(b.right());
            code().emit(Op.TOBOOL);
            code().patch(skip, code().pc());
            return CType.INT;
        }
        if (op.equals(",")) {
            expr(b.left());
            code().emit(Op.POP);
            code().stack(-1);
            return expr(b.right());
        }
        CType l = expr(b.left());
        CType r = expr(b.right());
        code().stack(-1);
        return arith(op, l, r, b.pos());
    }

    /** Stack: l r -> result. Pointer arithmetic scales by the pointed-to size. */
    CType arith(String op, CType l, CType r, Pos pos) {
        boolean lp = l.target() != null;
        boolean rp = r.target() != null;
        if ((op.equals("+") || op.equals("-")) && (lp || rp)) {
            if (lp && rp && op.equals("-")) {
                code().emit(Op.SUB);
                code().emit(Op.CONST, code().constant(Math.max(1, l.target().size())));
                code().emit(Op.DIV);
                return CType.LONG;
            }
            if (lp && rp) {
                errors.at(pos, "invalid operands to binary + (have '" + l + "' and '" + r + "')");
                return l;
            }
            if (rp) { // n + p
                code().emit(Op.SWAP);
                CType t = l;
                l = r;
                r = t;
            }
            code().emit(Op.SCALE, Math.max(1, l.target().size()));
            code().emit(op.equals("+") ? Op.ADD : Op.SUB);
            return Types.decay(l);
        }
        if (l instanceof CType.Struct || r instanceof CType.Struct) {
            errors.at(pos, "invalid operands to binary " + op + " (have '" + l + "' and '" + r + "')");
        }
        CType t = arithmetic(l, r);
        boolean unsigned = lp || rp || (t instanceof CType.Int i && !i.signed());
        if (t == CType.UINT && !lp && !rp && COMPARISONS.contains(op)) {
            // the usual arithmetic conversions: a signed int compared with an unsigned one becomes unsigned int
            code().emit(Op.TRUNC, 4, 0);
            code().emit(Op.SWAP);
            code().emit(Op.TRUNC, 4, 0);
            code().emit(Op.SWAP);
        }
        switch (op) {
            case "+":
                code().emit(Op.ADD);
                return ctx.truncate(t);
            case "-":
                code().emit(Op.SUB);
                return ctx.truncate(t);
            case "*":
                code().emit(Op.MUL);
                return ctx.truncate(t);
            case "/":
                code().emit(unsigned ? Op.UDIV : Op.DIV);
                return ctx.truncate(t);
            case "%":
                code().emit(unsigned ? Op.UMOD : Op.MOD);
                return ctx.truncate(t);
            case "&":
                code().emit(Op.AND);
                return t;
            case "|":
                code().emit(Op.OR);
                return t;
            case "^":
                code().emit(Op.XOR);
                return ctx.truncate(t);
            case "<<":
                code().emit(Op.SHL);
                return ctx.truncate(promote(l));
            case ">>":
                code().emit(promote(l) instanceof CType.Int i && !i.signed() ? Op.USHR : Op.SHR);
                return promote(l);
            case "==":
                code().emit(Op.EQ);
                return CType.INT;
            case "!=":
                code().emit(Op.NE);
                return CType.INT;
            case "<":
                code().emit(unsigned ? Op.ULT : Op.LT);
                return CType.INT;
            case "<=":
                code().emit(unsigned ? Op.ULE : Op.LE);
                return CType.INT;
            case ">":
                code().emit(unsigned ? Op.UGT : Op.GT);
                return CType.INT;
            case ">=":
                code().emit(unsigned ? Op.UGE : Op.GE);
                return CType.INT;
            default:
                errors.at(pos, "unsupported operator '" + op + "'");
                return t;
        }
    }

    @Override
    public CType visitAssign(Expr.Assign a) {
        FunctionContext.LValue lv = lvalueOrNull(a.target());
        if (lv == null) {
            if (!lvalueShaped(a.target())) errors.at(a.pos(), "lvalue required as left operand of assignment");
            expr(a.value());
            return CType.INT;
        }
        CType t = lv.type();
        if (a.op().equals("=")) {
            CType vt = expr(a.value());
            hintType(t, a.value());
            if (lv.isBitField()) {
                ctx.convert(vt, t);
                ctx.storeTo(lv);
            } else if (lv.inMemory()) {
                ctx.store(t, vt, a.pos());
            } else {
                ctx.convert(vt, t);
                code().emit(Op.STORE_SLOT, lv.slot());
            }
            return t;
        }
        String op = a.op().substring(0, a.op().length() - 1);
        if (lv.inMemory()) {
            code().emit(Op.DUP);
            code().stack(1);
            ctx.loadFrom(lv);
        } else {
            code().emit(Op.LOAD_SLOT, lv.slot());
            code().stack(1);
        }
        CType vt = expr(a.value());
        code().stack(-1);
        CType rt = arith(op, t, vt, a.pos());
        ctx.convert(rt, t);
        ctx.storeTo(lv);
        return t;
    }

    @Override
    public CType visitConditional(Expr.Conditional c) {
        condition(c.cond());
        int toElse = code().emitJump(Op.JZ);
        code().stack(-1);
        int depth = code().depth();
        CType a = expr(c.then());
        int toEnd = code().emitJump(Op.JMP);
        code().patch(toElse, code().pc());
        code().setDepth(depth);
        CType b = expr(c.otherwise());
        code().patch(toEnd, code().pc());
        // C11 6.5.15p6: against a null pointer constant the result has the other operand's pointer type (what the
        // kernel's __is_constexpr() measures with sizeof)
        if (a.target() != null && b.target() != null && isNullPointerConstant(c.then())) return b;
        if (a.target() != null) return a;
        if (b.target() != null) return b;
        return arithmetic(a, b);
    }

    @Override
    public CType visitCast(Expr.Cast c) {
        CType to = uc.types.resolve(c.type());
        if (c.operand() instanceof Expr.InitList l && (to instanceof CType.Struct || to instanceof CType.Array)) {
            CType t = statements.compoundLiteral(to, l, c.pos());
            return t instanceof CType.Array a ? new CType.Ptr(a.element()) : t;
        }
        CType from = c.operand() instanceof Expr.InitList l && !(to instanceof CType.Struct)
                ? scalarLiteral(l)
                : expr(c.operand());
        if (to instanceof CType.Struct) errors.at(c.pos(), "conversion to non-scalar type requested");
        else if (to instanceof CType.Int i) {
            if (i == CType.BOOL) code().emit(Op.TOBOOL);
            else if (i.size() < 8 || from.size() < 8) code().emit(Op.TRUNC, i.size(), i.signed() ? 1 : 0);
        }
        return to;
    }

    /** A scalar compound literal, {@code (kuid_t){ 0 }}: the value of its one positional item (0 if empty). */
    private CType scalarLiteral(Expr.InitList l) {
        if (l.items().isEmpty()) return ctx.pushConst(0, CType.INT);
        Expr.InitItem item = l.items().get(0);
        if (l.items().size() > 1) errors.at(l.items().get(1).pos(), "excess elements in scalar initializer");
        if (item.field() != null || item.index() != null) {
            errors.at(item.pos(), "field name not in record or union initializer");
            return ctx.pushConst(0, CType.INT);
        }
        return expr(item.value());
    }

    CType containerOf(Expr.ContainerOf c) {
        CType t = uc.types.resolve(c.type());
        long offset = 0;
        if (!(t instanceof CType.Struct s) || !s.complete()) {
            errors.at(c.pos(), "invalid use of undefined type '" + t + "'");
        } else { // a member designator: a member, or a path of them (jiq_delayed_work.work)
            CType.Struct in = s;
            for (String member : c.member().split("\\.", -1)) {
                StructLayout.Field f =
                        in == null || !in.complete() ? null : in.layout().field(member);
                if (f == null) {
                    errors.at(c.pos(), "'" + (in == null ? s : in) + "' has no member named '" + member + "'");
                    break;
                }
                offset += f.offset();
                in = f.type() instanceof CType.Struct inner ? inner : null;
            }
        }
        if (c.ptr() == null) return ctx.pushConst(offset, CType.ULONG); // offsetof
        expr(c.ptr());
        if (offset != 0) {
            code().emit(Op.CONST, code().constant(offset));
            code().emit(Op.SUB);
        }
        return new CType.Ptr(t);
    }

    /**
     * {@code ms = kzalloc(...)}: the pointer's type names the fresh allocation, so KASAN reports and the state view
     * can say "struct my_struct" rather than a bare kmalloc-64 object.
     */
    void hintType(CType target, Expr value) {
        while (value instanceof Expr.Cast c) value = c.operand();
        if (value instanceof Expr.Call && target instanceof CType.Ptr p && p.to() instanceof CType.Struct st) {
            code().emit(Op.TYPEHINT, uc.nameIndex(st.toString()));
        }
    }
}

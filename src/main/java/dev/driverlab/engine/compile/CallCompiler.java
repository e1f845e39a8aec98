package dev.driverlab.engine.compile;

import dev.driverlab.lang.Expr;
import dev.driverlab.lang.TypeRef;

/**
 * Calls: direct, through pointers, to primitives, to unknown functions, and the macros that look like calls. It
 * belongs to an {@link ExpressionCompiler}, which compiles the arguments.
 */
final class CallCompiler {
    private final FunctionContext ctx;
    private final UnitCompiler uc;
    private final Errors errors;
    private final ExpressionCompiler exprs;

    CallCompiler(FunctionContext ctx, ExpressionCompiler exprs) {
        this.ctx = ctx;
        this.uc = ctx.uc;
        this.errors = ctx.errors;
        this.exprs = exprs;
    }

    // ---- calls ----

    CType call(Expr.Call c) {
        if (c.callee() instanceof Expr.Ident id && ctx.lookupLocal(id.name()) == null) {
            CType special = specialCall(id.name(), c);
            if (special != null) return special;
            FunctionCode target = uc.findFunction(id.name());
            if (target != null) return direct(target, c);
            if (uc.declaredWithoutBody(id.name())) {
                // an undefined symbol: called through the place insmod's relocation fills with its address
                FunctionCode proto = uc.unit.functionsByName.get(id.name());
                uc.pushFunctionAddress(ctx.code, id.name(), id.pos());
                arguments(proto.type, c, proto.name);
                ctx.code.emit(Op.CALL_IND, c.args().size());
                ctx.code.stack(-c.args().size());
                return proto.type.returns();
            }
            if (uc.pushGlobalAddressType(id.name()) == null) {
                // A kernel build has -Werror=implicit-function-declaration: guessing a result is worse than stopping
                errors.at(
                        id.pos(),
                        "implicit declaration of function '" + id.name() + "'" + uc.didYouMean(id.name())
                                + " [-Werror=implicit-function-declaration]");
                for (Expr arg : c.args()) exprs.typeOnly(arg, false); // their own errors still count
                return ctx.pushConst(0, CType.INT);
            }
        }
        CType ft = exprs.expr(c.callee());
        CType.Func f = ft instanceof CType.Ptr p && p.to() instanceof CType.Func pf
                ? pf
                : ft instanceof CType.Func ff ? ff : null;
        if (f == null) {
            errors.at(c.pos(), "called object is not a function or function pointer");
            return CType.INT;
        }
        arguments(f, c, "function pointer");
        ctx.code.emit(Op.CALL_IND, c.args().size());
        ctx.code.stack(-c.args().size());
        return f.returns();
    }

    CType direct(FunctionCode target, Expr.Call c) {
        arguments(target.type, c, target.name);
        if (target.builtin >= 0) {
            ctx.code.emit(Op.BUILTIN, target.builtin, c.args().size());
        } else {
            ctx.code.emit(Op.CALL, target.index, c.args().size(), target.kernel && !ctx.fn.kernel ? 1 : 0);
        }
        ctx.code.stack(1 - c.args().size());
        return target.type.returns();
    }

    void arguments(CType.Func f, Expr.Call c, String name) {
        int n = c.args().size();
        if (n < f.params().size()) errors.at(c.pos(), "too few arguments to function '" + name + "'");
        else if (n > f.params().size() && !f.variadic()) {
            errors.at(c.pos(), "too many arguments to function '" + name + "'");
        }
        for (int i = 0; i < n; i++) {
            Expr arg = c.args().get(i);
            CType at = exprs.expr(arg);
            if (at instanceof CType.Struct) errors.at(arg.pos(), "passing a struct by value is not supported");
            if (i < f.params().size()) ctx.convert(at, f.params().get(i));
        }
    }

    /** Macros that need the compiler: their arguments are types or member names, not values. */
    CType specialCall(String name, Expr.Call c) {
        Expr rewritten = Macros.rewrite(name, c);
        if (rewritten != null) return exprs.expr(rewritten);
        switch (name) {
            case "from_tasklet":
            case "from_timer":
            case "from_work":
            case "__container_of_var": {
                if (c.args().size() != 3
                        || !(c.args().get(0) instanceof Expr.Ident var)
                        || !(c.args().get(2) instanceof Expr.Ident member)) {
                    errors.at(c.pos(), "macro '" + name + "' expects (var, pointer, member)");
                    return CType.VOID_PTR;
                }
                CType vt = exprs.typeOnly(var, true);
                if (!(vt.target() instanceof CType.Struct s)) {
                    errors.at(var.pos(), "'" + var.name() + "' is not a pointer to a struct");
                    return CType.VOID_PTR;
                }
                return exprs.containerOf(new Expr.ContainerOf(
                        c.args().get(1), new TypeRef.Struct(s.tag(), s.union(), c.pos()), member.name(), c.pos()));
            }
            case "__builtin_choose_expr": { // gcc: the constant picks the operand compiled; the other is not
                if (c.args().size() != 3) return null;
                Long v = exprs.mentionsLocal(c.args().get(0))
                        ? null
                        : uc.types.tryConstant(c.args().get(0));
                if (v == null) {
                    errors.at(c.args().get(0).pos(), "first argument to '__builtin_choose_expr' not a constant");
                    v = 0L;
                }
                return exprs.expr(c.args().get(v != 0 ? 1 : 2));
            }
            case "__builtin_constant_p": { // gcc: 1 for an integer constant expression, without evaluating it
                if (c.args().size() != 1) return null;
                boolean constant = !exprs.mentionsLocal(c.args().get(0))
                        && uc.types.tryConstant(c.args().get(0)) != null;
                return ctx.pushConst(constant ? 1 : 0, CType.INT);
            }
            case "likely":
            case "unlikely":
            case "READ_ONCE":
            case "WARN_ON_ONCE_VALUE":
                if (c.args().size() == 1) return exprs.expr(c.args().get(0));
                return null;
            case "ARRAY_SIZE": {
                if (c.args().size() != 1) return null;
                CType t = exprs.typeOnly(c.args().get(0), true);
                if (t instanceof CType.Array a) return ctx.pushConst(a.length(), CType.ULONG);
                errors.at(c.pos(), "ARRAY_SIZE of something that is not an array");
                return ctx.pushConst(0, CType.ULONG);
            }
            default:
                return null;
        }
    }
}

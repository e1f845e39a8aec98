package dev.driverlab.engine.compile;

import dev.driverlab.lang.Expr;
import dev.driverlab.lang.Pos;
import java.util.ArrayList;
import java.util.List;

/** Calls: direct, through pointers, to primitives, to unknown functions, and the macros that look like calls. */
abstract class CallCompiler extends ExpressionCompiler {

    CallCompiler(UnitCompiler uc, FunctionCode fn) {
        super(uc, fn);
    }

    // ---- calls ----

    @Override
    CType call(Expr.Call c) {
        if (c.callee() instanceof Expr.Ident id && lookupLocal(id.name()) == null) {
            CType special = specialCall(id.name(), c);
            if (special != null) return special;
            FunctionCode target = uc.findFunction(id.name());
            if (target != null) return direct(target, c);
            if (uc.pushGlobalAddressType(id.name()) == null) {
                // A kernel build has -Werror=implicit-function-declaration: guessing a result is worse than stopping
                errors.at(
                        id.pos(),
                        "implicit declaration of function '" + id.name() + "'" + uc.didYouMean(id.name())
                                + " [-Werror=implicit-function-declaration]");
                for (Expr arg : c.args()) typeOnly(arg, false); // their own errors still count
                return pushConst(0, CType.INT);
            }
        }
        CType ft = expr(c.callee());
        CType.Func f = ft instanceof CType.Ptr p && p.to() instanceof CType.Func pf
                ? pf
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

    @Override
    CType direct(FunctionCode target, Expr.Call c) {
        arguments(target.type, c, target.name);
        if (target.builtin >= 0) {
            code.emit(Op.BUILTIN, target.builtin, c.args().size());
        } else {
            code.emit(Op.CALL, target.index, c.args().size(), target.kernel && !fn.kernel ? 1 : 0);
        }
        code.stack(1 - c.args().size());
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
    CType waitEvent(String name, Expr.Call c) {
        boolean interruptible = name.contains("interruptible") || name.contains("killable");
        boolean timeout = name.endsWith("_timeout");
        if (!name.matches("wait_event(_interruptible|_killable)?(_timeout)?")
                || c.args().size() != (timeout ? 3 : 2)) {
            return null;
        }
        FunctionCode sleep = uc.findFunction("__wait_event_sleep");
        FunctionCode pending = uc.findFunction("signal_pending");
        FunctionCode current = uc.findFunction("get_current");
        Pos p = c.pos();
        int result = slots++;
        int deadline = slots++;
        if (timeout) { // deadline = jiffies + timeout
            expr(new Expr.Ident("jiffies", p));
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
    CType specialCall(String name, Expr.Call c) {
        Expr rewritten = Macros.rewrite(name, c);
        if (rewritten != null) return expr(rewritten);
        if (name.startsWith("wait_event")) return waitEvent(name, c);
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
                CType vt = typeOnly(var, true);
                if (!(vt.target() instanceof CType.Struct s)) {
                    errors.at(var.pos(), "'" + var.name() + "' is not a pointer to a struct");
                    return CType.VOID_PTR;
                }
                return containerOf(new Expr.ContainerOf(
                        c.args().get(1),
                        new dev.driverlab.lang.TypeRef.Struct(s.tag(), s.union(), c.pos()),
                        member.name(),
                        c.pos()));
            }
            case "__builtin_choose_expr": { // gcc: the constant picks the operand compiled; the other is not
                if (c.args().size() != 3) return null;
                Long v = mentionsLocal(c.args().get(0))
                        ? null
                        : uc.types.tryConstant(c.args().get(0));
                if (v == null) {
                    errors.at(c.args().get(0).pos(), "first argument to '__builtin_choose_expr' not a constant");
                    v = 0L;
                }
                return expr(c.args().get(v != 0 ? 1 : 2));
            }
            case "likely":
            case "unlikely":
            case "READ_ONCE":
            case "WARN_ON_ONCE_VALUE":
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

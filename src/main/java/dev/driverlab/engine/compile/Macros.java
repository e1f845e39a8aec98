package dev.driverlab.engine.compile;

import dev.driverlab.lang.Decl;
import dev.driverlab.lang.Expr;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.TypeRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel macros that are not functions: they assign to an argument (spin_lock_irqsave(lock, flags)), take a
 * member name (kfree_rcu(p, rcu)) or declare a variable (DEFINE_MUTEX(m)). Each is rewritten to plain C the
 * compiler already knows, mirroring the macro's definition in the kernel headers.
 */
final class Macros {
    private Macros() {}

    /** A call-shaped macro rewritten to an equivalent expression, or null if {@code c} is an ordinary call. */
    static Expr rewrite(String name, Expr.Call c) {
        List<Expr> a = c.args();
        Pos p = c.pos();
        switch (name) {
            case "spin_lock_irqsave":
            case "read_lock_irqsave":
            case "write_lock_irqsave":
                if (a.size() != 2) return null;
                return new Expr.Assign("=", a.get(1), call("_raw_" + name, p, a.get(0)), p);
            case "local_irq_save":
                if (a.size() != 1) return null;
                return new Expr.Assign("=", a.get(0), call("arch_local_irq_save", p), p);
            case "get_user":
            case "__get_user":
                if (a.size() != 2) return null;
                return new Expr.Assign(
                        "=",
                        a.get(0),
                        call("__get_user_val", p, a.get(1), new Expr.SizeofExpr(new Expr.Unary("*", a.get(1), p), p)),
                        p);
            case "put_user":
            case "__put_user":
                if (a.size() != 2) return null;
                return call(
                        "__put_user_val",
                        p,
                        a.get(0),
                        a.get(1),
                        new Expr.SizeofExpr(new Expr.Unary("*", a.get(1), p), p));
            case "kfree_rcu":
            case "kvfree_rcu":
            case "kfree_rcu_mightsleep":
                if (a.isEmpty() || a.size() > 2) return null;
                return call("__kfree_rcu", p, a.get(0));
            case "WRITE_ONCE":
                if (a.size() != 2) return null;
                return new Expr.Assign("=", a.get(0), a.get(1), p);
            case "PDE_DATA":
                return a.size() == 1 ? call("pde_data", p, a.get(0)) : null;
            default:
                return null;
        }
    }

    private static Expr call(String fn, Pos p, Expr... args) {
        return new Expr.Call(new Expr.Ident(fn, p), List.of(args), p);
    }

    /** ATOMIC_INIT(n) and friends in an initializer: the braces they stand for. */
    static Expr initializer(Expr init) {
        if (init instanceof Expr.Call c
                && c.callee() instanceof Expr.Ident id
                && c.args().size() == 1) {
            switch (id.name()) {
                case "ATOMIC_INIT":
                case "ATOMIC_LONG_INIT":
                    return list(c.pos(), c.args().get(0));
                case "REFCOUNT_INIT":
                    return list(c.pos(), list(c.pos(), c.args().get(0)));
                case "KREF_INIT":
                    return list(c.pos(), list(c.pos(), list(c.pos(), c.args().get(0))));
                default:
                    return init;
            }
        }
        return init;
    }

    private static Expr.InitList list(Pos p, Expr value) {
        return new Expr.InitList(List.of(new Expr.InitItem(null, null, value, p)), p);
    }

    /** Declaration macros at file scope: DEFINE_MUTEX(m) is {@code struct mutex m;}, and so on. */
    static Decl.GlobalVar declaration(Decl.MacroCall m) {
        if (m.args().isEmpty() || !(m.args().get(0) instanceof Expr.Ident var)) return null;
        Pos p = m.pos();
        Expr fn = m.args().size() > 1 ? m.args().get(1) : null;
        switch (m.name()) {
            case "DEFINE_MUTEX":
                return global(var, struct("mutex", p), null);
            case "DEFINE_SPINLOCK":
                return global(var, new TypeRef.Named("spinlock_t", p), null);
            case "DEFINE_RWLOCK":
                return global(var, new TypeRef.Named("rwlock_t", p), null);
            case "DECLARE_WAIT_QUEUE_HEAD":
                return global(var, new TypeRef.Named("wait_queue_head_t", p), null);
            case "DECLARE_COMPLETION":
                return global(var, struct("completion", p), null);
            case "DEFINE_SEMAPHORE":
                return global(
                        var,
                        struct("semaphore", p),
                        items(p, "count", m.args().size() > 1 ? m.args().get(1) : new Expr.IntLit(1, p)));
            case "LIST_HEAD":
                return global(
                        var,
                        struct("list_head", p),
                        items(p, "next", new Expr.Unary("&", var, p), "prev", new Expr.Unary("&", var, p)));
            case "DECLARE_TASKLET":
                return fn == null
                        ? null
                        : global(
                                var,
                                struct("tasklet_struct", p),
                                items(p, "callback", fn, "use_callback", new Expr.IntLit(1, p)));
            case "DECLARE_TASKLET_OLD":
                return fn == null ? null : global(var, struct("tasklet_struct", p), items(p, "func", fn));
            case "DECLARE_WORK":
                return fn == null ? null : global(var, struct("work_struct", p), items(p, "func", fn));
            case "DEVICE_ATTR_RW":
                return attribute(var, 0644, true, true, p);
            case "DEVICE_ATTR_RO":
                return attribute(var, 0444, true, false, p);
            case "DEVICE_ATTR_WO":
                return attribute(var, 0200, false, true, p);
            case "DEVICE_ATTR":
                if (m.args().size() != 4) return null;
                return new Decl.GlobalVar(
                        "dev_attr_" + var.name(),
                        struct("device_attribute", p),
                        items(
                                p,
                                "attr",
                                items(
                                        p,
                                        "name",
                                        new Expr.StringLit(var.name(), p),
                                        "mode",
                                        m.args().get(1)),
                                "show",
                                m.args().get(2),
                                "store",
                                m.args().get(3)),
                        true,
                        false,
                        var.pos());
            case "DEFINE_IDA":
                return global(var, struct("ida", p), null);
            case "DEFINE_IDR":
                return global(var, struct("idr", p), null);
            case "DEFINE_TIMER":
                return fn == null ? null : global(var, struct("timer_list", p), items(p, "function", fn));
            default:
                return null;
        }
    }

    /** DEVICE_ATTR_RW(foo): {@code struct device_attribute dev_attr_foo} with foo_show and/or foo_store. */
    private static Decl.GlobalVar attribute(Expr.Ident var, int mode, boolean show, boolean store, Pos p) {
        List<Object> fields = new ArrayList<>(
                List.of("attr", items(p, "name", new Expr.StringLit(var.name(), p), "mode", new Expr.IntLit(mode, p))));
        if (show) fields.addAll(List.of("show", new Expr.Ident(var.name() + "_show", p)));
        if (store) fields.addAll(List.of("store", new Expr.Ident(var.name() + "_store", p)));
        return new Decl.GlobalVar(
                "dev_attr_" + var.name(),
                struct("device_attribute", p),
                items(p, fields.toArray()),
                true,
                false,
                var.pos());
    }

    private static TypeRef struct(String tag, Pos p) {
        return new TypeRef.Struct(tag, false, p);
    }

    private static Decl.GlobalVar global(Expr.Ident var, TypeRef type, Expr init) {
        return new Decl.GlobalVar(var.name(), type, init, true, false, var.pos());
    }

    private static Expr.InitList items(Pos p, Object... fieldsAndValues) {
        ArrayList<Expr.InitItem> items = new ArrayList<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            items.add(new Expr.InitItem((String) fieldsAndValues[i], null, (Expr) fieldsAndValues[i + 1], p));
        }
        return new Expr.InitList(items, p);
    }
}

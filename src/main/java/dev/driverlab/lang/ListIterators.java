package dev.driverlab.lang;

import java.util.List;
import java.util.Set;

/**
 * The list iteration macros of include/linux/list.h, which wrap a loop body and so cannot be functions. Each is
 * expanded to the for loop its definition is. {@code __container_of_var(pos, ptr, member)} is container_of with
 * the type of *pos (the kernel writes typeof(*pos)); the compiler knows it.
 */
final class ListIterators {
    private ListIterators() {}

    private static final Set<String> NAMES = Set.of(
            "list_for_each",
            "list_for_each_safe",
            "list_for_each_entry",
            "list_for_each_entry_safe",
            "list_for_each_entry_reverse",
            "list_for_each_prev");

    static boolean isIterator(String name) {
        return NAMES.contains(name);
    }

    static Stmt.For expand(String name, List<Expr> a, Pos p) {
        switch (name) {
            case "list_for_each":
            case "list_for_each_prev": {
                if (a.size() != 2) return null;
                String dir = name.endsWith("prev") ? "prev" : "next";
                return loop(
                        assign(a.get(0), arrow(a.get(1), dir, p), p),
                        ne(a.get(0), a.get(1), p),
                        assign(a.get(0), arrow(a.get(0), dir, p), p),
                        p);
            }
            case "list_for_each_safe": {
                if (a.size() != 3) return null;
                Expr pos = a.get(0);
                Expr n = a.get(1);
                return loop(
                        comma(assign(pos, arrow(a.get(2), "next", p), p), assign(n, arrow(pos, "next", p), p), p),
                        ne(pos, a.get(2), p),
                        comma(assign(pos, n, p), assign(n, arrow(pos, "next", p), p), p),
                        p);
            }
            case "list_for_each_entry":
            case "list_for_each_entry_reverse": {
                if (a.size() != 3 || !(a.get(2) instanceof Expr.Ident member)) return null;
                String dir = name.endsWith("reverse") ? "prev" : "next";
                Expr pos = a.get(0);
                return loop(
                        assign(pos, entry(pos, arrow(a.get(1), dir, p), member, p), p),
                        ne(new Expr.Unary("&", new Expr.Member(pos, member.name(), true, p), p), a.get(1), p),
                        assign(
                                pos,
                                entry(
                                        pos,
                                        new Expr.Member(new Expr.Member(pos, member.name(), true, p), dir, false, p),
                                        member,
                                        p),
                                p),
                        p);
            }
            case "list_for_each_entry_safe": {
                if (a.size() != 4 || !(a.get(3) instanceof Expr.Ident member)) return null;
                Expr pos = a.get(0);
                Expr n = a.get(1);
                Expr next = entry(
                        pos,
                        new Expr.Member(new Expr.Member(pos, member.name(), true, p), "next", false, p),
                        member,
                        p);
                return loop(
                        comma(assign(pos, entry(pos, arrow(a.get(2), "next", p), member, p), p), assign(n, next, p), p),
                        ne(new Expr.Unary("&", new Expr.Member(pos, member.name(), true, p), p), a.get(2), p),
                        comma(
                                assign(pos, n, p),
                                assign(
                                        n,
                                        entry(
                                                n,
                                                new Expr.Member(
                                                        new Expr.Member(n, member.name(), true, p), "next", false, p),
                                                member,
                                                p),
                                        p),
                                p),
                        p);
            }
            default:
                return null;
        }
    }

    private static Stmt.For loop(Expr init, Expr cond, Expr update, Pos p) {
        return new Stmt.For(new Stmt.ExprStmt(init, p), cond, update, null, p);
    }

    private static Expr entry(Expr var, Expr ptr, Expr.Ident member, Pos p) {
        return new Expr.Call(new Expr.Ident("__container_of_var", p), List.of(var, ptr, member), p);
    }

    private static Expr arrow(Expr e, String field, Pos p) {
        return new Expr.Member(e, field, true, p);
    }

    private static Expr assign(Expr target, Expr value, Pos p) {
        return new Expr.Assign("=", target, value, p);
    }

    private static Expr ne(Expr a, Expr b, Pos p) {
        return new Expr.Binary("!=", a, b, p);
    }

    private static Expr comma(Expr a, Expr b, Pos p) {
        return new Expr.Binary(",", a, b, p);
    }
}

package dev.driverlab.lang;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * How deeply a program may nest, so that no pass over it (parser, constant folding, type resolution, compiler)
 * can run out of Java stack. One limit, {@link #LIMIT} levels, like clang's {@code -fbracket-depth=256}, measured
 * twice: by the parser's recursion (parentheses, braces, statements, declarators, unary and cast chains) and by
 * the depth of the tree it builds, which also grows without recursion in the parser: {@code a + b + c + ...},
 * {@code p->n->n->...}, {@code x[0][0]...}, {@code int ***...p}. Real driver code stays far below it.
 */
public final class Nesting {
    /** The deepest nesting accepted, in parser levels and in tree levels below a top-level declaration. */
    public static final int LIMIT = 256;

    private Nesting() {}

    /** The error for a construct that goes over the limit: "expression nested too deeply (the limit is 256)". */
    public static String tooDeep(String what) {
        return what + " nested too deeply (the limit is " + LIMIT + ")";
    }

    /** Whether a diagnostic is the one {@link #tooDeep} makes. */
    static boolean isTooDeep(String message) {
        return message.endsWith(" nested too deeply (the limit is " + LIMIT + ")");
    }

    /** A node deeper than the limit: where it is and what it is, for {@link #tooDeep}. */
    record Violation(Pos pos, String what) {}

    /**
     * The first node more than {@link #LIMIT} levels below {@code root} (a declaration, statement, expression or
     * type), or null. Walks with an explicit stack: the tree it checks may be far too deep for recursion.
     */
    static Violation check(Object root) {
        Deque<Object> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        while (!nodes.isEmpty()) {
            Object node = nodes.pop();
            int depth = depths.pop();
            if (depth > LIMIT) return new Violation(position(node), kind(node));
            children(node, child -> {
                if (child != null) {
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            });
        }
        return null;
    }

    private static String kind(Object node) {
        if (node instanceof Stmt) return "statement";
        if (node instanceof TypeRef) return "declarator";
        return "expression";
    }

    private static Pos position(Object node) {
        if (node instanceof Expr e) return e.pos();
        if (node instanceof Stmt s) return s.pos();
        if (node instanceof TypeRef t) return t.pos();
        if (node instanceof Decl d) return d.pos();
        return Pos.NONE;
    }

    /** The direct children of a node; initializer items, fields, parameters and local variables are not levels. */
    private static void children(Object node, Consumer<Object> add) {
        if (node instanceof Stmt s) statementChildren(s, add);
        else if (node instanceof Expr e) expressionChildren(e, add);
        else if (node instanceof TypeRef t) typeChildren(t, add);
        else if (node instanceof Decl.StructDef s) s.fields().forEach(f -> add.accept(f.type()));
        else if (node instanceof Decl.EnumDef e) e.values().forEach(v -> add.accept(v.value()));
        else if (node instanceof Decl.Typedef t) add.accept(t.type());
        else if (node instanceof Decl.GlobalVar g) {
            add.accept(g.type());
            add.accept(g.init());
        } else if (node instanceof Decl.Function f) {
            add.accept(f.returns());
            f.params().forEach(p -> add.accept(p.type()));
            add.accept(f.body());
        } else if (node instanceof Decl.MacroCall m) {
            m.args().forEach(add);
        }
    }

    private static void statementChildren(Stmt s, Consumer<Object> add) {
        if (s instanceof Stmt.Block b) b.body().forEach(add);
        else if (s instanceof Stmt.Local l)
            l.vars().forEach(v -> {
                add.accept(v.type());
                add.accept(v.init());
            });
        else if (s instanceof Stmt.ExprStmt e) add.accept(e.expr());
        else if (s instanceof Stmt.If i) {
            add.accept(i.cond());
            add.accept(i.then());
            add.accept(i.otherwise());
        } else if (s instanceof Stmt.While w) {
            add.accept(w.cond());
            add.accept(w.body());
        } else if (s instanceof Stmt.DoWhile d) {
            add.accept(d.body());
            add.accept(d.cond());
        } else if (s instanceof Stmt.For f) {
            add.accept(f.init());
            add.accept(f.cond());
            add.accept(f.update());
            add.accept(f.body());
        } else if (s instanceof Stmt.Switch sw) {
            add.accept(sw.value());
            add.accept(sw.body());
        } else if (s instanceof Stmt.Case c) add.accept(c.value());
        else if (s instanceof Stmt.Return r) add.accept(r.value());
        else if (s instanceof Stmt.Labeled l) add.accept(l.body());
    }

    private static void expressionChildren(Expr e, Consumer<Object> add) {
        if (e instanceof Expr.Unary u) add.accept(u.operand());
        else if (e instanceof Expr.Postfix p) add.accept(p.operand());
        else if (e instanceof Expr.Binary b) {
            add.accept(b.left());
            add.accept(b.right());
        } else if (e instanceof Expr.Assign a) {
            add.accept(a.target());
            add.accept(a.value());
        } else if (e instanceof Expr.Conditional c) {
            add.accept(c.cond());
            add.accept(c.then());
            add.accept(c.otherwise());
        } else if (e instanceof Expr.Call c) {
            add.accept(c.callee());
            c.args().forEach(add);
        } else if (e instanceof Expr.Member m) add.accept(m.object());
        else if (e instanceof Expr.Index i) {
            add.accept(i.array());
            add.accept(i.index());
        } else if (e instanceof Expr.Cast c) {
            add.accept(c.type());
            add.accept(c.operand());
        } else if (e instanceof Expr.SizeofType s) add.accept(s.type());
        else if (e instanceof Expr.SizeofExpr s) add.accept(s.operand());
        else if (e instanceof Expr.ContainerOf c) {
            add.accept(c.ptr());
            add.accept(c.type());
        } else if (e instanceof Expr.StmtExpr se) add.accept(se.body());
        else if (e instanceof Expr.InitList l)
            l.items().forEach(item -> {
                add.accept(item.index());
                add.accept(item.value());
            });
    }

    private static void typeChildren(TypeRef t, Consumer<Object> add) {
        if (t instanceof TypeRef.Pointer p) add.accept(p.target());
        else if (t instanceof TypeRef.Array a) {
            add.accept(a.element());
            add.accept(a.length());
        } else if (t instanceof TypeRef.Function f) {
            add.accept(f.returns());
            f.params().forEach(p -> add.accept(p.type()));
        } else if (t instanceof TypeRef.Typeof o) add.accept(o.expr());
    }
}

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
        Children children = new Children(add);
        if (node instanceof Stmt s) s.accept(children);
        else if (node instanceof Expr e) e.accept(children);
        else if (node instanceof TypeRef t) t.accept(children);
        else if (node instanceof Decl d) d.accept(children);
    }

    /** Hands each child of a node to {@code add} (nulls included: the caller skips them). */
    private record Children(Consumer<Object> add)
            implements Decl.Visitor<Void>, Stmt.Visitor<Void>, Expr.Visitor<Void>, TypeRef.Visitor<Void> {
        private Void all(Object... children) {
            for (Object child : children) add.accept(child);
            return null;
        }

        @Override
        public Void visitBlock(Stmt.Block b) {
            b.body().forEach(add);
            return null;
        }

        @Override
        public Void visitLocal(Stmt.Local l) {
            l.vars().forEach(v -> all(v.type(), v.init()));
            return null;
        }

        @Override
        public Void visitExprStmt(Stmt.ExprStmt e) {
            return all(e.expr());
        }

        @Override
        public Void visitIf(Stmt.If i) {
            return all(i.cond(), i.then(), i.otherwise());
        }

        @Override
        public Void visitWhile(Stmt.While w) {
            return all(w.cond(), w.body());
        }

        @Override
        public Void visitDoWhile(Stmt.DoWhile d) {
            return all(d.body(), d.cond());
        }

        @Override
        public Void visitFor(Stmt.For f) {
            return all(f.init(), f.cond(), f.update(), f.body());
        }

        @Override
        public Void visitSwitch(Stmt.Switch sw) {
            return all(sw.value(), sw.body());
        }

        @Override
        public Void visitCase(Stmt.Case c) {
            return all(c.value());
        }

        @Override
        public Void visitDefault(Stmt.Default d) {
            return null;
        }

        @Override
        public Void visitBreak(Stmt.Break b) {
            return null;
        }

        @Override
        public Void visitContinue(Stmt.Continue c) {
            return null;
        }

        @Override
        public Void visitReturn(Stmt.Return r) {
            return all(r.value());
        }

        @Override
        public Void visitGoto(Stmt.Goto g) {
            return null;
        }

        @Override
        public Void visitLabeled(Stmt.Labeled l) {
            return all(l.body());
        }

        @Override
        public Void visitEmpty(Stmt.Empty e) {
            return null;
        }

        @Override
        public Void visitIntLit(Expr.IntLit i) {
            return null;
        }

        @Override
        public Void visitStringLit(Expr.StringLit s) {
            return null;
        }

        @Override
        public Void visitIdent(Expr.Ident id) {
            return null;
        }

        @Override
        public Void visitUnary(Expr.Unary u) {
            return all(u.operand());
        }

        @Override
        public Void visitPostfix(Expr.Postfix p) {
            return all(p.operand());
        }

        @Override
        public Void visitBinary(Expr.Binary b) {
            return all(b.left(), b.right());
        }

        @Override
        public Void visitAssign(Expr.Assign a) {
            return all(a.target(), a.value());
        }

        @Override
        public Void visitConditional(Expr.Conditional c) {
            return all(c.cond(), c.then(), c.otherwise());
        }

        @Override
        public Void visitCall(Expr.Call c) {
            add.accept(c.callee());
            c.args().forEach(add);
            return null;
        }

        @Override
        public Void visitMember(Expr.Member m) {
            return all(m.object());
        }

        @Override
        public Void visitIndex(Expr.Index i) {
            return all(i.array(), i.index());
        }

        @Override
        public Void visitCast(Expr.Cast c) {
            return all(c.type(), c.operand());
        }

        @Override
        public Void visitSizeofType(Expr.SizeofType s) {
            return all(s.type());
        }

        @Override
        public Void visitSizeofExpr(Expr.SizeofExpr s) {
            return all(s.operand());
        }

        @Override
        public Void visitContainerOf(Expr.ContainerOf c) {
            return all(c.ptr(), c.type());
        }

        @Override
        public Void visitStmtExpr(Expr.StmtExpr se) {
            return all(se.body());
        }

        @Override
        public Void visitInitList(Expr.InitList l) {
            l.items().forEach(item -> all(item.index(), item.last(), item.value()));
            return null;
        }

        @Override
        public Void visitStructDef(Decl.StructDef s) {
            s.fields().forEach(f -> add.accept(f.type()));
            return null;
        }

        @Override
        public Void visitEnumDef(Decl.EnumDef e) {
            e.values().forEach(v -> add.accept(v.value()));
            return null;
        }

        @Override
        public Void visitTypedef(Decl.Typedef t) {
            return all(t.type());
        }

        @Override
        public Void visitGlobalVar(Decl.GlobalVar g) {
            return all(g.type(), g.init());
        }

        @Override
        public Void visitFunction(Decl.Function f) {
            add.accept(f.returns());
            f.params().forEach(p -> add.accept(p.type()));
            add.accept(f.body());
            return null;
        }

        @Override
        public Void visitMacroCall(Decl.MacroCall m) {
            m.args().forEach(add);
            return null;
        }

        @Override
        public Void visitNamed(TypeRef.Named n) {
            return null;
        }

        @Override
        public Void visitStruct(TypeRef.Struct s) {
            return null;
        }

        @Override
        public Void visitEnum(TypeRef.Enum e) {
            return null;
        }

        @Override
        public Void visitPointer(TypeRef.Pointer p) {
            return all(p.target());
        }

        @Override
        public Void visitArray(TypeRef.Array a) {
            return all(a.element(), a.length());
        }

        @Override
        public Void visitTypeof(TypeRef.Typeof o) {
            return all(o.expr());
        }

        @Override
        public Void visitFunction(TypeRef.Function f) {
            add.accept(f.returns());
            f.params().forEach(p -> add.accept(p.type()));
            return null;
        }
    }
}

package dev.driverlab.engine.compile;

import dev.driverlab.lang.Expr;
import dev.driverlab.lang.Stmt;

/** Visits every expression of a statement tree; subclasses override {@link #expr} and call super. */
class AstWalker {

    void stmt(Stmt s) {
        if (s == null) return;
        if (s instanceof Stmt.Block b) b.body().forEach(this::stmt);
        else if (s instanceof Stmt.Local l) l.vars().forEach(v -> expr(v.init()));
        else if (s instanceof Stmt.ExprStmt e) expr(e.expr());
        else if (s instanceof Stmt.If i) {
            expr(i.cond());
            stmt(i.then());
            stmt(i.otherwise());
        } else if (s instanceof Stmt.While w) {
            expr(w.cond());
            stmt(w.body());
        } else if (s instanceof Stmt.DoWhile d) {
            stmt(d.body());
            expr(d.cond());
        } else if (s instanceof Stmt.For f) {
            stmt(f.init());
            expr(f.cond());
            expr(f.update());
            stmt(f.body());
        } else if (s instanceof Stmt.Switch sw) {
            expr(sw.value());
            stmt(sw.body());
        } else if (s instanceof Stmt.Return r) expr(r.value());
        else if (s instanceof Stmt.Labeled l) stmt(l.body());
    }

    void expr(Expr e) {
        if (e == null) return;
        if (e instanceof Expr.Unary u) expr(u.operand());
        else if (e instanceof Expr.Postfix p) expr(p.operand());
        else if (e instanceof Expr.Binary b) {
            expr(b.left());
            expr(b.right());
        } else if (e instanceof Expr.Assign a) {
            expr(a.target());
            expr(a.value());
        } else if (e instanceof Expr.Conditional c) {
            expr(c.cond());
            expr(c.then());
            expr(c.otherwise());
        } else if (e instanceof Expr.Call c) {
            expr(c.callee());
            c.args().forEach(this::expr);
        } else if (e instanceof Expr.Member m) expr(m.object());
        else if (e instanceof Expr.Index i) {
            expr(i.array());
            expr(i.index());
        } else if (e instanceof Expr.Cast c) expr(c.operand());
        else if (e instanceof Expr.SizeofExpr s) expr(s.operand());
        else if (e instanceof Expr.ContainerOf c) expr(c.ptr());
        else if (e instanceof Expr.InitList l) l.items().forEach(i -> expr(i.value()));
        else if (e instanceof Expr.StmtExpr se) stmt(se.body());
    }
}

package dev.driverlab.engine.compile;

import dev.driverlab.lang.Expr;
import dev.driverlab.lang.Stmt;

/**
 * Visits every expression of a statement tree; subclasses override {@link #expr} and call super. As a visitor of
 * both statements and expressions it has to say, for every kind of node, which children it walks.
 */
class AstWalker implements Stmt.Visitor<Void>, Expr.Visitor<Void> {

    void stmt(Stmt s) {
        if (s != null) s.accept(this);
    }

    void expr(Expr e) {
        if (e != null) e.accept(this);
    }

    // ---- statements: their expressions and sub-statements ----

    @Override
    public Void visitBlock(Stmt.Block b) {
        b.body().forEach(this::stmt);
        return null;
    }

    @Override
    public Void visitLocal(Stmt.Local l) {
        l.vars().forEach(v -> expr(v.init()));
        return null;
    }

    @Override
    public Void visitExprStmt(Stmt.ExprStmt e) {
        expr(e.expr());
        return null;
    }

    @Override
    public Void visitIf(Stmt.If i) {
        expr(i.cond());
        stmt(i.then());
        stmt(i.otherwise());
        return null;
    }

    @Override
    public Void visitWhile(Stmt.While w) {
        expr(w.cond());
        stmt(w.body());
        return null;
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile d) {
        stmt(d.body());
        expr(d.cond());
        return null;
    }

    @Override
    public Void visitFor(Stmt.For f) {
        stmt(f.init());
        expr(f.cond());
        expr(f.update());
        stmt(f.body());
        return null;
    }

    @Override
    public Void visitSwitch(Stmt.Switch sw) {
        expr(sw.value());
        stmt(sw.body());
        return null;
    }

    /** A case label's value is a constant: nothing in it is evaluated at run time. */
    @Override
    public Void visitCase(Stmt.Case c) {
        return null;
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
        expr(r.value());
        return null;
    }

    @Override
    public Void visitGoto(Stmt.Goto g) {
        return null;
    }

    @Override
    public Void visitLabeled(Stmt.Labeled l) {
        stmt(l.body());
        return null;
    }

    @Override
    public Void visitEmpty(Stmt.Empty e) {
        return null;
    }

    // ---- expressions: their operands (types and their array lengths are not walked) ----

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
        expr(u.operand());
        return null;
    }

    @Override
    public Void visitPostfix(Expr.Postfix p) {
        expr(p.operand());
        return null;
    }

    @Override
    public Void visitBinary(Expr.Binary b) {
        expr(b.left());
        expr(b.right());
        return null;
    }

    @Override
    public Void visitAssign(Expr.Assign a) {
        expr(a.target());
        expr(a.value());
        return null;
    }

    @Override
    public Void visitConditional(Expr.Conditional c) {
        expr(c.cond());
        expr(c.then());
        expr(c.otherwise());
        return null;
    }

    @Override
    public Void visitCall(Expr.Call c) {
        expr(c.callee());
        c.args().forEach(this::expr);
        return null;
    }

    @Override
    public Void visitMember(Expr.Member m) {
        expr(m.object());
        return null;
    }

    @Override
    public Void visitIndex(Expr.Index i) {
        expr(i.array());
        expr(i.index());
        return null;
    }

    @Override
    public Void visitCast(Expr.Cast c) {
        expr(c.operand());
        return null;
    }

    @Override
    public Void visitSizeofType(Expr.SizeofType s) {
        return null;
    }

    @Override
    public Void visitSizeofExpr(Expr.SizeofExpr s) {
        expr(s.operand());
        return null;
    }

    @Override
    public Void visitContainerOf(Expr.ContainerOf c) {
        expr(c.ptr());
        return null;
    }

    @Override
    public Void visitStmtExpr(Expr.StmtExpr se) {
        stmt(se.body());
        return null;
    }

    @Override
    public Void visitInitList(Expr.InitList l) {
        l.items().forEach(i -> expr(i.value()));
        return null;
    }
}

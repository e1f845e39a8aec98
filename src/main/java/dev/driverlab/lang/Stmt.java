package dev.driverlab.lang;

import java.util.List;

/** Statements of kernel C. */
public sealed interface Stmt {
    Pos pos();

    /** Calls the visitor's method for this kind of node. */
    <R> R accept(Visitor<R> v);

    /**
     * One method per kind of statement: a walker that implements it must handle every kind, so adding a kind
     * is a compile error in each walker until it does.
     */
    interface Visitor<R> {
        R visitBlock(Block block);

        R visitLocal(Local local);

        R visitExprStmt(ExprStmt exprStmt);

        R visitIf(If ifStmt);

        R visitWhile(While whileStmt);

        R visitDoWhile(DoWhile doWhile);

        R visitFor(For forStmt);

        R visitSwitch(Switch switchStmt);

        R visitCase(Case caseLabel);

        R visitDefault(Default defaultLabel);

        R visitBreak(Break breakStmt);

        R visitContinue(Continue continueStmt);

        R visitReturn(Return returnStmt);

        R visitGoto(Goto gotoStmt);

        R visitLabeled(Labeled labeled);

        R visitEmpty(Empty empty);
    }

    record Block(List<Stmt> body, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitBlock(this);
        }
    }

    /** {@code int a = 1, *b;}: one VarDecl per declarator. */
    record Local(List<VarDecl> vars, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitLocal(this);
        }
    }

    record ExprStmt(Expr expr, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitExprStmt(this);
        }
    }

    record If(Expr cond, Stmt then, Stmt otherwise, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitIf(this);
        }
    }

    record While(Expr cond, Stmt body, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitWhile(this);
        }
    }

    record DoWhile(Stmt body, Expr cond, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitDoWhile(this);
        }
    }

    /** init is a Local or ExprStmt or null; cond and update may be null. */
    record For(Stmt init, Expr cond, Expr update, Stmt body, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitFor(this);
        }
    }

    record Switch(Expr value, Stmt body, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitSwitch(this);
        }
    }

    /** {@code case VALUE:} inside a switch body. */
    record Case(Expr value, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCase(this);
        }
    }

    record Default(Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitDefault(this);
        }
    }

    record Break(Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitBreak(this);
        }
    }

    record Continue(Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitContinue(this);
        }
    }

    record Return(Expr value, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitReturn(this);
        }
    }

    record Goto(String label, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitGoto(this);
        }
    }

    /** {@code label: stmt}. */
    record Labeled(String label, Stmt body, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitLabeled(this);
        }
    }

    /** {@code ;}, or an elision ({@code …} / {@code ...}) the seeds write for "code left out". */
    record Empty(boolean elision, Pos pos) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitEmpty(this);
        }
    }

    /**
     * A declared variable; init may be null, an expression, or an InitList. A {@code static} local keeps its value
     * between calls: it lives in the module's data, not in the frame.
     */
    record VarDecl(String name, TypeRef type, Expr init, Pos pos, boolean isStatic) {
        public VarDecl(String name, TypeRef type, Expr init, Pos pos) {
            this(name, type, init, pos, false);
        }
    }
}

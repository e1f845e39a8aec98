package dev.driverlab.lang;

import java.util.List;

/** Statements of kernel C. */
public sealed interface Stmt {
    Pos pos();

    record Block(List<Stmt> body, Pos pos) implements Stmt {}

    /** {@code int a = 1, *b;}: one VarDecl per declarator. */
    record Local(List<VarDecl> vars, Pos pos) implements Stmt {}

    record ExprStmt(Expr expr, Pos pos) implements Stmt {}

    record If(Expr cond, Stmt then, Stmt otherwise, Pos pos) implements Stmt {}

    record While(Expr cond, Stmt body, Pos pos) implements Stmt {}

    record DoWhile(Stmt body, Expr cond, Pos pos) implements Stmt {}

    /** init is a Local or ExprStmt or null; cond and update may be null. */
    record For(Stmt init, Expr cond, Expr update, Stmt body, Pos pos) implements Stmt {}

    record Switch(Expr value, Stmt body, Pos pos) implements Stmt {}

    /** {@code case VALUE:} inside a switch body. */
    record Case(Expr value, Pos pos) implements Stmt {}

    record Default(Pos pos) implements Stmt {}

    record Break(Pos pos) implements Stmt {}

    record Continue(Pos pos) implements Stmt {}

    record Return(Expr value, Pos pos) implements Stmt {}

    record Goto(String label, Pos pos) implements Stmt {}

    /** {@code label: stmt}. */
    record Labeled(String label, Stmt body, Pos pos) implements Stmt {}

    /** {@code ;}, or an elision ({@code …} / {@code ...}) the seeds write for "code left out". */
    record Empty(boolean elision, Pos pos) implements Stmt {}

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

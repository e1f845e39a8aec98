package dev.driverlab.lang;

import java.util.List;

/** Expressions of kernel C. */
public sealed interface Expr {
    Pos pos();

    /**
     * Integer and character literals ('a' is 97); {@code suffix} is the literal's u/l suffix in lower case ("",
     * "u", "l", "ul", "ll", "ull"), which decides its C type.
     */
    record IntLit(long value, Pos pos, String suffix) implements Expr {
        public IntLit(long value, Pos pos) {
            this(value, pos, "");
        }
    }

    /** A string literal; adjacent literals are already concatenated, escapes decoded. */
    record StringLit(String value, Pos pos) implements Expr {}

    record Ident(String name, Pos pos) implements Expr {}

    /** Prefix operators: "-", "+", "!", "~", "*" (deref), "&" (address-of), "++", "--". */
    record Unary(String op, Expr operand, Pos pos) implements Expr {}

    /** Postfix "++" and "--". */
    record Postfix(String op, Expr operand, Pos pos) implements Expr {}

    /** Binary operators including "&&", "||" and ",". */
    record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {}

    /** "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=". */
    record Assign(String op, Expr target, Expr value, Pos pos) implements Expr {}

    record Conditional(Expr cond, Expr then, Expr otherwise, Pos pos) implements Expr {}

    record Call(Expr callee, List<Expr> args, Pos pos) implements Expr {}

    /** {@code a.b} (arrow=false) or {@code a->b} (arrow=true). */
    record Member(Expr object, String field, boolean arrow, Pos pos) implements Expr {}

    record Index(Expr array, Expr index, Pos pos) implements Expr {}

    record Cast(TypeRef type, Expr operand, Pos pos) implements Expr {}

    record SizeofType(TypeRef type, Pos pos) implements Expr {}

    record SizeofExpr(Expr operand, Pos pos) implements Expr {}

    /** {@code container_of(ptr, type, member)} and {@code offsetof(type, member)} (ptr null). */
    record ContainerOf(Expr ptr, TypeRef type, String member, Pos pos) implements Expr {}

    /**
     * A GNU statement expression {@code ({ stmt; ... expr; })}: the statements run in a scope of their own and the
     * value is that of the last statement when it is an expression statement (void otherwise).
     */
    record StmtExpr(Stmt.Block body, Pos pos) implements Expr {}

    /** A brace initializer, only as a variable's initializer or inside another one. */
    record InitList(List<InitItem> items, Pos pos) implements Expr {}

    /** One item of a brace initializer: {@code .field = v}, {@code [index] = v}, or positional (both null). */
    record InitItem(String field, Expr index, Expr value, Pos pos) {}
}

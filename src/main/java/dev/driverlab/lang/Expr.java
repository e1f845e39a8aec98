package dev.driverlab.lang;

import java.util.List;

/** Expressions of kernel C. */
public sealed interface Expr {
    Pos pos();

    /** Calls the visitor's method for this kind of node. */
    <R> R accept(Visitor<R> v);

    /**
     * One method per kind of expression: a walker that implements it must handle every kind, so adding a kind
     * is a compile error in each walker until it does (the sealed interface alone cannot make Java 17 check that).
     */
    interface Visitor<R> {
        R visitIntLit(IntLit intLit);

        R visitStringLit(StringLit stringLit);

        R visitIdent(Ident ident);

        R visitUnary(Unary unary);

        R visitPostfix(Postfix postfix);

        R visitBinary(Binary binary);

        R visitAssign(Assign assign);

        R visitConditional(Conditional conditional);

        R visitCall(Call call);

        R visitMember(Member member);

        R visitIndex(Index index);

        R visitCast(Cast cast);

        R visitSizeofType(SizeofType sizeofType);

        R visitSizeofExpr(SizeofExpr sizeofExpr);

        R visitContainerOf(ContainerOf containerOf);

        R visitStmtExpr(StmtExpr stmtExpr);

        R visitInitList(InitList initList);
    }

    /**
     * Integer and character literals ('a' is 97); {@code suffix} is the literal's u/l suffix in lower case ("",
     * "u", "l", "ul", "ll", "ull"), which decides its C type.
     */
    record IntLit(long value, Pos pos, String suffix) implements Expr {
        public IntLit(long value, Pos pos) {
            this(value, pos, "");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitIntLit(this);
        }
    }

    /** A string literal; adjacent literals are already concatenated, escapes decoded. */
    record StringLit(String value, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitStringLit(this);
        }
    }

    record Ident(String name, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitIdent(this);
        }
    }

    /** Prefix operators: "-", "+", "!", "~", "*" (deref), "&" (address-of), "++", "--". */
    record Unary(String op, Expr operand, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitUnary(this);
        }
    }

    /** Postfix "++" and "--". */
    record Postfix(String op, Expr operand, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitPostfix(this);
        }
    }

    /** Binary operators including "&&", "||" and ",". */
    record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitBinary(this);
        }
    }

    /** "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=". */
    record Assign(String op, Expr target, Expr value, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitAssign(this);
        }
    }

    record Conditional(Expr cond, Expr then, Expr otherwise, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitConditional(this);
        }
    }

    record Call(Expr callee, List<Expr> args, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCall(this);
        }
    }

    /** {@code a.b} (arrow=false) or {@code a->b} (arrow=true). */
    record Member(Expr object, String field, boolean arrow, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitMember(this);
        }
    }

    record Index(Expr array, Expr index, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitIndex(this);
        }
    }

    record Cast(TypeRef type, Expr operand, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCast(this);
        }
    }

    record SizeofType(TypeRef type, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitSizeofType(this);
        }
    }

    record SizeofExpr(Expr operand, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitSizeofExpr(this);
        }
    }

    /** {@code container_of(ptr, type, member)} and {@code offsetof(type, member)} (ptr null). */
    record ContainerOf(Expr ptr, TypeRef type, String member, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitContainerOf(this);
        }
    }

    /**
     * A GNU statement expression {@code ({ stmt; ... expr; })}: the statements run in a scope of their own and the
     * value is that of the last statement when it is an expression statement (void otherwise).
     */
    record StmtExpr(Stmt.Block body, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitStmtExpr(this);
        }
    }

    /** A brace initializer, only as a variable's initializer or inside another one. */
    record InitList(List<InitItem> items, Pos pos) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitInitList(this);
        }
    }

    /** One item of a brace initializer: {@code .field = v}, {@code [index] = v}, or positional (both null). */
    /**
     * One item of an initializer list: {@code .field = value}, {@code [index] = value}, gcc's range
     * {@code [index ... last] = value} (every element from index to last), or a positional value (no designator).
     */
    record InitItem(String field, Expr index, Expr value, Pos pos, Expr last) {
        public InitItem(String field, Expr index, Expr value, Pos pos) {
            this(field, index, value, pos, null);
        }
    }
}

package dev.driverlab.lang;

import java.util.List;

/** Top-level declarations of a translation unit. */
public sealed interface Decl {
    Pos pos();

    /** Calls the visitor's method for this kind of node. */
    <R> R accept(Visitor<R> v);

    /** One method per kind of top-level declaration: a walker that implements it must handle every kind. */
    interface Visitor<R> {
        R visitStructDef(StructDef structDef);

        R visitEnumDef(EnumDef enumDef);

        R visitTypedef(Typedef typedef);

        R visitGlobalVar(GlobalVar globalVar);

        R visitFunction(Function function);

        R visitMacroCall(MacroCall macroCall);
    }

    /** {@code struct TAG { fields };} (or union). */
    record StructDef(String tag, boolean union, List<Field> fields, Pos pos) implements Decl {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitStructDef(this);
        }
    }

    /** A member; {@code width} is a bit-field's width (null for an ordinary member; name null when unnamed). */
    record Field(String name, TypeRef type, Pos pos, Expr width) {
        public Field(String name, TypeRef type, Pos pos) {
            this(name, type, pos, null);
        }
    }

    /** {@code enum TAG { A, B = 3 };} (tag may be null). */
    record EnumDef(String tag, List<Enumerator> values, Pos pos) implements Decl {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitEnumDef(this);
        }
    }

    record Enumerator(String name, Expr value, Pos pos) {}

    record Typedef(String name, TypeRef type, Pos pos) implements Decl {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitTypedef(this);
        }
    }

    /** A global variable; init may be null, an expression or an InitList. */
    record GlobalVar(String name, TypeRef type, Expr init, boolean isStatic, boolean isExtern, Pos pos)
            implements Decl {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitGlobalVar(this);
        }
    }

    /** A function definition, or a prototype when body is null. */
    record Function(
            String name,
            TypeRef returns,
            List<Param> params,
            boolean variadic,
            Stmt.Block body,
            boolean isStatic,
            Pos pos,
            boolean isInline)
            implements Decl {
        /** A function declared without {@code inline}. */
        public Function(
                String name,
                TypeRef returns,
                List<Param> params,
                boolean variadic,
                Stmt.Block body,
                boolean isStatic,
                Pos pos) {
            this(name, returns, params, variadic, body, isStatic, pos, false);
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitFunction(this);
        }
    }

    /** A declaration macro at top level: {@code module_init(fn);}, {@code MODULE_LICENSE("GPL");}. */
    record MacroCall(String name, List<Expr> args, Pos pos) implements Decl {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitMacroCall(this);
        }
    }
}

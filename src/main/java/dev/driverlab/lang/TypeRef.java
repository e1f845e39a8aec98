package dev.driverlab.lang;

import java.util.List;

/** A type as written in the source; the compiler resolves it to a layout. */
public sealed interface TypeRef {
    Pos pos();

    /** Calls the visitor's method for this kind of node. */
    <R> R accept(Visitor<R> v);

    /** One method per kind of written type: a walker that implements it must handle every kind. */
    interface Visitor<R> {
        R visitNamed(Named named);

        R visitStruct(Struct struct);

        R visitEnum(Enum enumType);

        R visitPointer(Pointer pointer);

        R visitArray(Array array);

        R visitTypeof(Typeof typeof);

        R visitFunction(Function function);
    }

    /** A scalar or typedef name: "int", "unsigned long", "u32", "irqreturn_t", "void", "bool". */
    record Named(String name, Pos pos) implements TypeRef {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitNamed(this);
        }
    }

    /** {@code struct TAG} or {@code union TAG}. */
    record Struct(String tag, boolean union, Pos pos) implements TypeRef {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitStruct(this);
        }
    }

    /** {@code enum TAG}: an int. */
    record Enum(String tag, Pos pos) implements TypeRef {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitEnum(this);
        }
    }

    record Pointer(TypeRef target, Pos pos) implements TypeRef {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitPointer(this);
        }
    }

    /** {@code T name[length]}; length may be null ({@code char buf[] = "..."}). */
    record Array(TypeRef element, Expr length, Pos pos) implements TypeRef {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitArray(this);
        }
    }

    /**
     * {@code typeof(expr)} / {@code __typeof__(expr)}: the type of an expression, which is not evaluated. With
     * {@code decay} (gcc's {@code __auto_type x = expr}) arrays and functions decay to pointers as a value does.
     */
    record Typeof(Expr expr, boolean decay, Pos pos) implements TypeRef {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitTypeof(this);
        }
    }

    /** A function type, seen through pointers: {@code int (*probe)(struct platform_device *)}. */
    record Function(TypeRef returns, List<Param> params, boolean variadic, Pos pos) implements TypeRef {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitFunction(this);
        }
    }
}

package dev.driverlab.lang;

import java.util.List;

/** A type as written in the source; the compiler resolves it to a layout. */
public sealed interface TypeRef {
    Pos pos();

    /** A scalar or typedef name: "int", "unsigned long", "u32", "irqreturn_t", "void", "bool". */
    record Named(String name, Pos pos) implements TypeRef {}

    /** {@code struct TAG} or {@code union TAG}. */
    record Struct(String tag, boolean union, Pos pos) implements TypeRef {}

    /** {@code enum TAG}: an int. */
    record Enum(String tag, Pos pos) implements TypeRef {}

    record Pointer(TypeRef target, Pos pos) implements TypeRef {}

    /** {@code T name[length]}; length may be null ({@code char buf[] = "..."}). */
    record Array(TypeRef element, Expr length, Pos pos) implements TypeRef {}

    /**
     * {@code typeof(expr)} / {@code __typeof__(expr)}: the type of an expression, which is not evaluated. With
     * {@code decay} (gcc's {@code __auto_type x = expr}) arrays and functions decay to pointers as a value does.
     */
    record Typeof(Expr expr, boolean decay, Pos pos) implements TypeRef {}

    /** A function type, seen through pointers: {@code int (*probe)(struct platform_device *)}. */
    record Function(TypeRef returns, List<Param> params, boolean variadic, Pos pos) implements TypeRef {}
}

package dev.driverlab.engine.compile;

import dev.driverlab.lang.Decl;
import dev.driverlab.lang.Expr;
import dev.driverlab.lang.Nesting;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.TypeRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Resolves written types (TypeRef) to CTypes, against the unit being compiled and the kernel's declarations. */
final class Types {
    /** Fixed-width and size typedefs every kernel source may use without declaring them. */
    static final Map<String, CType> SCALARS = Map.ofEntries(
            Map.entry("void", CType.VOID),
            Map.entry("bool", CType.BOOL),
            Map.entry("char", CType.CHAR),
            Map.entry("signed char", CType.CHAR),
            Map.entry("unsigned char", CType.UCHAR),
            Map.entry("short", CType.SHORT),
            Map.entry("unsigned short", CType.USHORT),
            Map.entry("int", CType.INT),
            Map.entry("unsigned int", CType.UINT),
            Map.entry("long", CType.LONG),
            Map.entry("unsigned long", CType.ULONG),
            Map.entry("long long", CType.LLONG),
            Map.entry("unsigned long long", CType.ULLONG),
            Map.entry("float", CType.INT),
            Map.entry("double", CType.LONG),
            Map.entry("u8", CType.UCHAR),
            Map.entry("u16", CType.USHORT),
            Map.entry("u32", CType.UINT),
            Map.entry("u64", CType.ULLONG),
            Map.entry("s8", CType.CHAR),
            Map.entry("s16", CType.SHORT),
            Map.entry("s32", CType.INT),
            Map.entry("s64", CType.LLONG),
            Map.entry("__u8", CType.UCHAR),
            Map.entry("__u16", CType.USHORT),
            Map.entry("__u32", CType.UINT),
            Map.entry("__u64", CType.ULLONG),
            Map.entry("__s32", CType.INT),
            Map.entry("__s64", CType.LLONG),
            Map.entry("uint8_t", CType.UCHAR),
            Map.entry("uint16_t", CType.USHORT),
            Map.entry("uint32_t", CType.UINT),
            Map.entry("uint64_t", CType.ULLONG),
            Map.entry("int8_t", CType.CHAR),
            Map.entry("int16_t", CType.SHORT),
            Map.entry("int32_t", CType.INT),
            Map.entry("int64_t", CType.LLONG),
            Map.entry("size_t", CType.ULONG),
            Map.entry("ssize_t", CType.LONG),
            Map.entry("uintptr_t", CType.ULONG),
            Map.entry("loff_t", CType.LLONG),
            Map.entry("gfp_t", CType.UINT),
            Map.entry("dev_t", CType.UINT),
            Map.entry("umode_t", CType.USHORT),
            Map.entry("fmode_t", CType.UINT),
            Map.entry("pid_t", CType.INT),
            Map.entry("phys_addr_t", CType.ULLONG),
            Map.entry("resource_size_t", CType.ULLONG));

    /**
     * The largest object the simulator can represent: sizes and offsets are Java ints. Anything bigger is
     * "too large", as gcc says of objects beyond PTRDIFF_MAX.
     */
    static final long MAX_OBJECT_SIZE = Integer.MAX_VALUE;

    private final Unit unit;
    private final Unit kernel;
    private final Errors errors;
    /**
     * How deep each derived type built here is. A declarator is at most {@link Nesting#LIMIT} deep, but typedefs
     * stack ({@code typedef T1 *T2; typedef T2 *T3; ...}), and every pass over a type (its size, its name) recurses.
     */
    private final Map<CType, Integer> depths = new IdentityHashMap<>();
    /** Set when constant arithmetic overflowed 64 bits since the caller last cleared it. */
    private boolean overflowed;

    /** Types {@code typeof(expr)} in the function being compiled (null outside a function body). */
    Function<TypeRef.Typeof, CType> typeofResolver;

    /** Types the operand of {@code sizeof expr} in the function being compiled (null outside a function body). */
    Function<Expr, CType> sizeofResolver;

    Types(Unit unit, Unit kernel, Errors errors) {
        this.unit = unit;
        this.kernel = kernel;
        this.errors = errors;
    }

    /** Names the parser must treat as types in this unit (scalars and the kernel's typedefs). */
    static Set<String> typeNames(Unit kernel) {
        Set<String> names = new HashSet<>(SCALARS.keySet());
        if (kernel != null) names.addAll(kernel.typedefs.keySet());
        return names;
    }

    CType resolve(TypeRef ref) {
        return resolve(ref, null);
    }

    /** Resolves the type of {@code name} (null for a type name), checking array sizes as gcc does. */
    CType resolve(TypeRef ref, String name) {
        return ref.accept(new Resolver(name));
    }

    /** Resolves one written type; {@code name} is what it declares (null for a type name), for array errors. */
    private final class Resolver implements TypeRef.Visitor<CType> {
        private final String name;

        Resolver(String name) {
            this.name = name;
        }

        @Override
        public CType visitNamed(TypeRef.Named n) {
            CType t = SCALARS.get(n.name());
            if (t == null) t = unit.typedefs.get(n.name());
            if (t == null && kernel != null) t = kernel.typedefs.get(n.name());
            if (t == null) {
                errors.at(n.pos(), "unknown type name '" + n.name() + "'");
                return CType.INT;
            }
            return t;
        }

        @Override
        public CType visitStruct(TypeRef.Struct s) {
            return struct(s.tag(), s.union());
        }

        @Override
        public CType visitEnum(TypeRef.Enum e) {
            return CType.INT;
        }

        @Override
        public CType visitTypeof(TypeRef.Typeof t) {
            if (typeofResolver != null) return typeofResolver.apply(t);
            errors.at(t.pos(), "typeof of an expression outside a function is not supported by the simulator");
            return CType.INT;
        }

        @Override
        public CType visitPointer(TypeRef.Pointer p) {
            CType to = resolve(p.target());
            return derived(new CType.Ptr(to), p, to);
        }

        @Override
        public CType visitArray(TypeRef.Array a) {
            CType element = resolve(a.element(), name);
            int length = 0;
            if (a.length() != null) {
                overflowed = false;
                long written = constant(a.length());
                length = arrayLength(
                        written, overflowed, element, name, a.length().pos());
            }
            return derived(new CType.Array(element, length), a, element);
        }

        @Override
        public CType visitFunction(TypeRef.Function f) {
            List<CType> params = new ArrayList<>();
            for (var p : f.params()) params.add(decay(resolve(p.type())));
            CType returns = resolve(f.returns());
            List<CType> parts = new ArrayList<>(params);
            parts.add(returns);
            return derived(new CType.Func(returns, params, f.variadic()), f, parts.toArray(new CType[0]));
        }
    }

    /**
     * The length of an array of {@code element}s named {@code name} (null: unnamed), written or inferred from its
     * initializer, as gcc checks it; 0 after an error: negative, or bigger than any object can be (also when the
     * arithmetic that computed it overflowed).
     */
    int arrayLength(long length, boolean overflowed, CType element, String name, Pos pos) {
        String what = name == null ? "unnamed array" : "array '" + name + "'";
        if (length < 0 && !overflowed) {
            errors.at(pos, "size of " + what + " is negative");
            return 0;
        }
        if (overflowed || length < 0 || length > MAX_OBJECT_SIZE / Math.max(1, element.size())) {
            errors.at(pos, "size of " + what + " is too large");
            return 0;
        }
        return (int) length;
    }

    /** {@code type}, made from {@code parts}, unless that nests it deeper than the limit (then an error, int). */
    private CType derived(CType type, TypeRef ref, CType... parts) {
        int depth = 0;
        for (CType part : parts) depth = Math.max(depth, depths.getOrDefault(part, 1));
        if (depth + 1 > Nesting.LIMIT) {
            errors.at(ref.pos(), Nesting.tooDeep("declarator"));
            return CType.INT;
        }
        depths.put(type, depth + 1);
        return type;
    }

    /** Finds or forward-declares a struct: the unit's own definitions shadow the kernel's. */
    CType.Struct struct(String tag, boolean union) {
        CType.Struct s = unit.structs.get(tag);
        if (s == null && kernel != null) s = kernel.structs.get(tag);
        if (s == null) {
            s = new CType.Struct(tag, union);
            unit.structs.put(tag, s);
        }
        return s;
    }

    void define(Decl.StructDef def) {
        CType.Struct s = unit.structs.get(def.tag());
        if (s == null || s.complete()) {
            if (s != null && s.complete()) errors.at(def.pos(), "redefinition of 'struct " + def.tag() + "'");
            s = new CType.Struct(def.tag(), def.union());
            unit.structs.put(def.tag(), s);
        }
        List<StructLayout.Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Decl.Field f : def.fields()) {
            CType t = resolve(f.type(), f.name());
            if (t instanceof CType.Struct st && !st.complete()) {
                errors.at(f.pos(), "field '" + f.name() + "' has incomplete type '" + st + "'");
            }
            if (f.name() != null && !seen.add(f.name())) errors.at(f.pos(), "duplicate member '" + f.name() + "'");
            fields.add(new StructLayout.Field(f.name(), t, 0, 0, f.width() == null ? 0 : bitWidth(f, t)));
        }
        try {
            s.define(StructLayout.of(fields, def.union(), MAX_OBJECT_SIZE));
        } catch (ArithmeticException tooLarge) {
            errors.at(def.pos(), "type '" + s + "' is too large");
            s.define(StructLayout.of(List.of(), def.union(), MAX_OBJECT_SIZE));
        }
    }

    /** A bit-field's width, checked as gcc checks it; -1 stands for the unnamed {@code : 0} that ends a unit. */
    private int bitWidth(Decl.Field f, CType t) {
        String what = f.name() == null ? "unnamed bit-field" : "bit-field '" + f.name() + "'";
        if (!(t instanceof CType.Int)) {
            errors.at(f.pos(), what + " has invalid type");
            return 0;
        }
        Long w = tryConstant(f.width());
        if (w == null) {
            errors.at(f.pos(), what + " width not an integer constant");
            return 0;
        }
        if (w < 0) {
            errors.at(f.pos(), "negative width in " + what);
            return 0;
        }
        if (w > 8L * t.size()) {
            errors.at(f.pos(), "width of '" + (f.name() == null ? "" : f.name()) + "' exceeds its type");
            return 0;
        }
        if (w == 0) {
            if (f.name() != null) errors.at(f.pos(), "zero width for " + what);
            return -1;
        }
        return (int) (long) w;
    }

    static CType decay(CType t) {
        if (t instanceof CType.Array a) return new CType.Ptr(a.element());
        if (t instanceof CType.Func) return new CType.Ptr(t);
        return t;
    }

    /** Evaluates an integer constant expression (array sizes, enum values, case labels). */
    long constant(Expr e) {
        Long v = tryConstant(e);
        if (v == null) {
            errors.at(e.pos(), "expression is not an integer constant");
            return 0;
        }
        return v;
    }

    /** C's wrapped result of constant arithmetic, noting when it overflowed (for array sizes). */
    private long checked(long value, boolean overflow) {
        overflowed |= overflow;
        return value;
    }

    /** The type of an lvalue made of globals, indexing and members, as sizeof sees it outside a function; or null. */
    private CType objectType(Expr e) {
        if (e instanceof Expr.Ident id) {
            Unit.Global g = unit.globals.get(id.name());
            if (g == null && kernel != null) g = kernel.globals.get(id.name());
            return g == null ? null : g.type();
        }
        if (e instanceof Expr.Index ix) {
            CType t = objectType(ix.array());
            return t instanceof CType.Array a ? a.element() : t instanceof CType.Ptr p ? p.to() : null;
        }
        if (e instanceof Expr.Unary u && u.op().equals("*")) {
            CType t = objectType(u.operand());
            return t instanceof CType.Array a ? a.element() : t instanceof CType.Ptr p ? p.to() : null;
        }
        if (e instanceof Expr.Member m && !m.arrow()) {
            CType t = objectType(m.object());
            if (t instanceof CType.Struct s && s.complete() && s.layout().field(m.field()) != null) {
                return s.layout().field(m.field()).type();
            }
        }
        return null;
    }

    /** The value of an integer constant expression, or null when {@code e} (which may be null) is not one. */
    Long tryConstant(Expr e) {
        return e == null ? null : e.accept(folder);
    }

    private final ConstantFolder folder = new ConstantFolder();

    /**
     * Folds integer constant expressions: literals, enumerators, sizeof, offsetof, casts and the arithmetic over
     * them (64-bit, wrapping; an overflow is noted for array sizes). Null for anything that is not constant.
     */
    private final class ConstantFolder implements Expr.Visitor<Long> {
        @Override
        public Long visitIntLit(Expr.IntLit i) {
            return i.value();
        }

        @Override
        public Long visitStringLit(Expr.StringLit s) {
            return null;
        }

        @Override
        public Long visitIdent(Expr.Ident id) {
            if (id.name().equals("NULL")) return 0L;
            Long v = unit.constants.get(id.name());
            if (v == null && kernel != null) v = kernel.constants.get(id.name());
            return v;
        }

        @Override
        public Long visitSizeofType(Expr.SizeofType s) {
            return (long) resolve(s.type()).size();
        }

        /** Of an object at file scope: sizeof(array), sizeof((array)[0]). */
        @Override
        public Long visitSizeofExpr(Expr.SizeofExpr s) {
            if (s.operand() instanceof Expr.StringLit str) { // sizeof("text"): the array with its NUL
                return (long) str.value().getBytes(StandardCharsets.ISO_8859_1).length + 1;
            }
            if (sizeofResolver != null)
                return (long) sizeofResolver.apply(s.operand()).size();
            CType t = objectType(s.operand());
            return t == null ? null : (long) t.size();
        }

        @Override
        public Long visitConditional(Expr.Conditional c) {
            Long cond = tryConstant(c.cond());
            return cond == null ? null : tryConstant(cond != 0 ? c.then() : c.otherwise());
        }

        /** Only {@code __builtin_choose_expr(const, a, b)}: the operand the constant picks. */
        @Override
        public Long visitCall(Expr.Call c) {
            if (c.callee() instanceof Expr.Ident id
                    && id.name().equals("__builtin_choose_expr")
                    && c.args().size() == 3) {
                Long cond = tryConstant(c.args().get(0));
                return cond == null ? null : tryConstant(c.args().get(cond != 0 ? 1 : 2));
            }
            return null;
        }

        @Override
        public Long visitCast(Expr.Cast c) {
            return tryConstant(c.operand());
        }

        @Override
        public Long visitUnary(Expr.Unary u) {
            Long v = tryConstant(u.operand());
            if (v == null) return null;
            switch (u.op()) {
                case "-":
                    return -v;
                case "+":
                    return v;
                case "~":
                    return ~v;
                case "!":
                    return v == 0 ? 1L : 0L;
                default:
                    return null;
            }
        }

        @Override
        public Long visitBinary(Expr.Binary b) {
            Long l = tryConstant(b.left());
            Long r = tryConstant(b.right());
            if (l == null || r == null) return null;
            switch (b.op()) {
                case "+":
                    return checked(l + r, ((l ^ (l + r)) & (r ^ (l + r))) < 0);
                case "-":
                    return checked(l - r, ((l ^ r) & (l ^ (l - r))) < 0);
                case "*":
                    return checked(l * r, Math.multiplyHigh(l, r) != ((l * r) >> 63));
                case "/":
                    return r == 0 ? null : l / r;
                case "%":
                    return r == 0 ? null : l % r;
                case "<<": // only the count can be wrong here: shifting bits out is defined for unsigned operands
                    return checked(l << r, r < 0 || r > 63);
                case ">>":
                    return l >> r;
                case "&":
                    return l & r;
                case "|":
                    return l | r;
                case "^":
                    return l ^ r;
                case "==":
                    return l.equals(r) ? 1L : 0L;
                case "!=":
                    return l.equals(r) ? 0L : 1L;
                case "<":
                    return l < r ? 1L : 0L;
                case "<=":
                    return l <= r ? 1L : 0L;
                case ">":
                    return l > r ? 1L : 0L;
                case ">=":
                    return l >= r ? 1L : 0L;
                case "&&":
                    return l != 0 && r != 0 ? 1L : 0L;
                case "||":
                    return l != 0 || r != 0 ? 1L : 0L;
                default:
                    return null;
            }
        }

        /** offsetof(type, member); container_of is no constant. */
        @Override
        public Long visitContainerOf(Expr.ContainerOf c) {
            if (c.ptr() != null) return null;
            CType t = resolve(c.type());
            if (t instanceof CType.Struct s && s.complete() && s.layout().field(c.member()) != null) {
                return (long) s.layout().field(c.member()).offset();
            }
            return null;
        }

        @Override
        public Long visitPostfix(Expr.Postfix p) {
            return null;
        }

        @Override
        public Long visitAssign(Expr.Assign a) {
            return null;
        }

        @Override
        public Long visitMember(Expr.Member m) {
            return null;
        }

        @Override
        public Long visitIndex(Expr.Index ix) {
            return null;
        }

        @Override
        public Long visitStmtExpr(Expr.StmtExpr se) {
            return null;
        }

        @Override
        public Long visitInitList(Expr.InitList l) {
            return null;
        }
    }
}

package dev.driverlab.engine.compile;

import dev.driverlab.lang.Decl;
import dev.driverlab.lang.Expr;
import dev.driverlab.lang.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Resolves written types (TypeRef) to CTypes, against the unit being compiled and the kernel's declarations. */
final class Types {
    /** Fixed-width and size typedefs every kernel source may use without declaring them. */
    static final Map<String, CType> SCALARS = Map.ofEntries(
            Map.entry("void", CType.VOID), Map.entry("bool", CType.BOOL), Map.entry("char", CType.CHAR),
            Map.entry("signed char", CType.CHAR), Map.entry("unsigned char", CType.UCHAR),
            Map.entry("short", CType.SHORT), Map.entry("unsigned short", CType.USHORT),
            Map.entry("int", CType.INT), Map.entry("unsigned int", CType.UINT),
            Map.entry("long", CType.LONG), Map.entry("unsigned long", CType.ULONG),
            Map.entry("long long", CType.LLONG), Map.entry("unsigned long long", CType.ULLONG),
            Map.entry("float", CType.INT), Map.entry("double", CType.LONG),
            Map.entry("u8", CType.UCHAR), Map.entry("u16", CType.USHORT), Map.entry("u32", CType.UINT),
            Map.entry("u64", CType.ULLONG), Map.entry("s8", CType.CHAR), Map.entry("s16", CType.SHORT),
            Map.entry("s32", CType.INT), Map.entry("s64", CType.LLONG),
            Map.entry("__u8", CType.UCHAR), Map.entry("__u16", CType.USHORT), Map.entry("__u32", CType.UINT),
            Map.entry("__u64", CType.ULLONG), Map.entry("__s32", CType.INT), Map.entry("__s64", CType.LLONG),
            Map.entry("uint8_t", CType.UCHAR), Map.entry("uint16_t", CType.USHORT),
            Map.entry("uint32_t", CType.UINT), Map.entry("uint64_t", CType.ULLONG),
            Map.entry("int8_t", CType.CHAR), Map.entry("int16_t", CType.SHORT), Map.entry("int32_t", CType.INT),
            Map.entry("int64_t", CType.LLONG), Map.entry("size_t", CType.ULONG), Map.entry("ssize_t", CType.LONG),
            Map.entry("uintptr_t", CType.ULONG), Map.entry("loff_t", CType.LLONG), Map.entry("gfp_t", CType.UINT),
            Map.entry("dev_t", CType.UINT), Map.entry("umode_t", CType.USHORT), Map.entry("fmode_t", CType.UINT),
            Map.entry("pid_t", CType.INT), Map.entry("phys_addr_t", CType.ULLONG),
            Map.entry("resource_size_t", CType.ULLONG));

    private final Unit unit;
    private final Unit kernel;
    private final Errors errors;

    Types(Unit unit, Unit kernel, Errors errors) {
        this.unit = unit;
        this.kernel = kernel;
        this.errors = errors;
    }

    /** Names the parser must treat as types in this unit (scalars and the kernel's typedefs). */
    static java.util.Set<String> typeNames(Unit kernel) {
        java.util.Set<String> names = new java.util.HashSet<>(SCALARS.keySet());
        if (kernel != null) names.addAll(kernel.typedefs.keySet());
        return names;
    }

    CType resolve(TypeRef ref) {
        if (ref instanceof TypeRef.Named n) {
            CType t = SCALARS.get(n.name());
            if (t == null) t = unit.typedefs.get(n.name());
            if (t == null && kernel != null) t = kernel.typedefs.get(n.name());
            if (t == null) {
                errors.at(n.pos(), "unknown type name '" + n.name() + "'");
                return CType.INT;
            }
            return t;
        }
        if (ref instanceof TypeRef.Struct s) return struct(s.tag(), s.union());
        if (ref instanceof TypeRef.Enum) return CType.INT;
        if (ref instanceof TypeRef.Pointer p) return new CType.Ptr(resolve(p.target()));
        if (ref instanceof TypeRef.Array a) {
            CType element = resolve(a.element());
            int length = a.length() == null ? 0 : (int) constant(a.length());
            return new CType.Array(element, length);
        }
        TypeRef.Function f = (TypeRef.Function) ref;
        List<CType> params = new ArrayList<>();
        for (var p : f.params()) params.add(decay(resolve(p.type())));
        return new CType.Func(resolve(f.returns()), params, f.variadic());
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
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Decl.Field f : def.fields()) {
            CType t = resolve(f.type());
            if (t instanceof CType.Struct st && !st.complete()) {
                errors.at(f.pos(), "field '" + f.name() + "' has incomplete type '" + st + "'");
            }
            if (f.name() != null && !seen.add(f.name())) errors.at(f.pos(), "duplicate member '" + f.name() + "'");
            fields.add(new StructLayout.Field(f.name(), t, 0));
        }
        s.define(StructLayout.of(fields, def.union()));
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

    Long tryConstant(Expr e) {
        if (e instanceof Expr.IntLit i) return i.value();
        if (e instanceof Expr.Ident id) {
            Long v = unit.constants.get(id.name());
            if (v == null && kernel != null) v = kernel.constants.get(id.name());
            return v;
        }
        if (e instanceof Expr.SizeofType s) return (long) resolve(s.type()).size();
        if (e instanceof Expr.Cast c) return tryConstant(c.operand());
        if (e instanceof Expr.Unary u) {
            Long v = tryConstant(u.operand());
            if (v == null) return null;
            switch (u.op()) {
                case "-": return -v;
                case "+": return v;
                case "~": return ~v;
                case "!": return v == 0 ? 1L : 0L;
                default: return null;
            }
        }
        if (e instanceof Expr.Binary b) {
            Long l = tryConstant(b.left());
            Long r = tryConstant(b.right());
            if (l == null || r == null) return null;
            switch (b.op()) {
                case "+": return l + r;
                case "-": return l - r;
                case "*": return l * r;
                case "/": return r == 0 ? null : l / r;
                case "%": return r == 0 ? null : l % r;
                case "<<": return l << r;
                case ">>": return l >> r;
                case "&": return l & r;
                case "|": return l | r;
                case "^": return l ^ r;
                default: return null;
            }
        }
        if (e instanceof Expr.ContainerOf c && c.ptr() == null) {
            CType t = resolve(c.type());
            if (t instanceof CType.Struct s && s.complete() && s.layout().field(c.member()) != null) {
                return (long) s.layout().field(c.member()).offset();
            }
        }
        return null;
    }
}

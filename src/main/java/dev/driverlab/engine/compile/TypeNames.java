package dev.driverlab.engine.compile;

/**
 * {@code sizeof} of a C type name given as text outside a program (a script's {@code _IOR('k', 1, struct x)}),
 * resolved against a compiled driver and the kernel it was compiled with.
 */
public final class TypeNames {
    private TypeNames() {}

    /** The size in bytes, or -1 when the name is not a complete type of {@code module} or {@code kernel}. */
    public static long sizeOf(String typeName, Unit module, Unit kernel) {
        String t = typeName.strip().replaceAll("\\s+", " ");
        if (t.endsWith("]")) {
            int open = t.lastIndexOf('[');
            if (open < 0) return -1;
            String n = t.substring(open + 1, t.length() - 1).strip();
            if (!n.matches("[0-9]{1,9}")) return -1;
            long element = sizeOf(t.substring(0, open), module, kernel);
            return element < 0 ? -1 : element * Long.parseLong(n);
        }
        if (t.endsWith("*")) return 8;
        t = t.replaceAll("\\b(const|volatile|__user|__iomem)\\b", "")
                .replaceAll("\\s+", " ")
                .strip();
        if (t.startsWith("struct ") || t.startsWith("union ")) {
            String tag = t.substring(t.indexOf(' ') + 1).strip();
            CType.Struct s = module == null ? null : module.struct(tag);
            if (s == null || !s.complete()) s = kernel.struct(tag);
            return s != null && s.complete() ? s.size() : -1;
        }
        if (t.startsWith("enum ")) return 4;
        CType scalar = Types.SCALARS.get(canonical(t));
        if (scalar != null) return scalar.size();
        CType typedef = module == null ? null : module.typedef(t);
        if (typedef == null) typedef = kernel.typedef(t);
        return typedef == null ? -1 : typedef.size();
    }

    /** "unsigned" is "unsigned int", "long int" is "long", "signed long" is "long"... */
    private static String canonical(String t) {
        if (t.equals("signed char")) return t;
        String s = (" " + t + " ").replace(" signed ", " ").strip();
        if (s.isEmpty()) return "int";
        if (s.equals("unsigned")) return "unsigned int";
        return s.endsWith(" int") && !s.equals("unsigned int") ? s.substring(0, s.length() - 4) : s;
    }
}

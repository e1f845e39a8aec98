package dev.driverlab.engine.compile;

import java.util.List;

/** A resolved C type with its size and alignment on x86-64 (LP64). */
public sealed interface CType {

    int size();

    default int align() {
        return Math.max(1, Math.min(size(), 8));
    }

    default boolean isScalar() {
        return this instanceof Int || this instanceof Ptr;
    }

    default boolean isPointerLike() {
        return this instanceof Ptr || this instanceof Array || this instanceof Func;
    }

    /** The pointed-to type of a pointer, or the element of an array. */
    default CType target() {
        if (this instanceof Ptr p) return p.to();
        if (this instanceof Array a) return a.element();
        return null;
    }

    record Void() implements CType {
        public int size() {
            return 1;
        } // GNU C: sizeof(void) == 1, so void* arithmetic is byte-wise

        @Override
        public String toString() {
            return "void";
        }
    }

    record Int(int size, boolean signed, String name) implements CType {
        @Override
        public String toString() {
            return name;
        }
    }

    record Ptr(CType to) implements CType {
        public int size() {
            return 8;
        }

        @Override
        public String toString() {
            return to instanceof Func f ? f.returns() + " (*)(" + f.paramList() + ")" : to + " *";
        }
    }

    record Array(CType element, int length) implements CType {
        public int size() {
            return element.size() * length;
        }

        public int align() {
            return element.align();
        }

        @Override
        public String toString() {
            return element + "[" + length + "]";
        }
    }

    record Func(CType returns, List<CType> params, boolean variadic) implements CType {
        public int size() {
            return 1;
        }

        String paramList() {
            return String.join(", ", params.stream().map(Object::toString).toList()) + (variadic ? ", ..." : "");
        }

        @Override
        public String toString() {
            return returns + " (" + paramList() + ")";
        }
    }

    /** A struct or union; its layout is filled in when the definition is seen (so it can be referenced first). */
    final class Struct implements CType {
        private final String tag;
        private final boolean union;
        private StructLayout layout;

        public Struct(String tag, boolean union) {
            this.tag = tag;
            this.union = union;
        }

        public String tag() {
            return tag;
        }

        public boolean union() {
            return union;
        }

        public boolean complete() {
            return layout != null;
        }

        public StructLayout layout() {
            return layout;
        }

        void define(StructLayout layout) {
            this.layout = layout;
        }

        public int size() {
            return layout == null ? 0 : layout.size();
        }

        public int align() {
            return layout == null ? 1 : layout.align();
        }

        @Override
        public String toString() {
            return (union ? "union " : "struct ") + tag;
        }
    }

    CType VOID = new Void();
    Int BOOL = new Int(1, false, "bool");
    Int CHAR = new Int(1, true, "char");
    Int UCHAR = new Int(1, false, "unsigned char");
    Int SHORT = new Int(2, true, "short");
    Int USHORT = new Int(2, false, "unsigned short");
    Int INT = new Int(4, true, "int");
    Int UINT = new Int(4, false, "unsigned int");
    Int LONG = new Int(8, true, "long");
    Int ULONG = new Int(8, false, "unsigned long");
    Int LLONG = new Int(8, true, "long long");
    Int ULLONG = new Int(8, false, "unsigned long long");
    Ptr VOID_PTR = new Ptr(VOID);
    Ptr CHAR_PTR = new Ptr(CHAR);

    /** The shared type objects above, which the compiler may compare by identity ({@code t == CType.BOOL}). */
    List<CType> SHARED =
            List.of(VOID, BOOL, CHAR, UCHAR, SHORT, USHORT, INT, UINT, LONG, ULONG, LLONG, ULLONG, VOID_PTR, CHAR_PTR);
}

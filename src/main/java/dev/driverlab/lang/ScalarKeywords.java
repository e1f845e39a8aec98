package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.Set;

/**
 * The scalar type keywords of one declaration's specifiers, counted in any order ({@code long unsigned int} is
 * {@code unsigned long}), then named canonically, with gcc's errors for combinations that name no type.
 */
final class ScalarKeywords {
    static final Set<TokenType> ALL =
            Set.of(VOID, CHAR_KW, SHORT, INT_KW, LONG, SIGNED, UNSIGNED, FLOAT, DOUBLE, BOOL_KW);

    private int voids, chars, shorts, ints, longs, signeds, unsigneds, floats, doubles, bools;
    /** Where the first keyword stood; null while there is none. */
    private Pos pos;

    boolean any() {
        return pos != null;
    }

    void add(Token t) {
        if (pos == null) {
            pos = t.pos();
        }
        switch (t.type()) {
            case VOID -> voids++;
            case CHAR_KW -> chars++;
            case SHORT -> shorts++;
            case INT_KW -> ints++;
            case LONG -> longs++;
            case SIGNED -> signeds++;
            case UNSIGNED -> unsigneds++;
            case FLOAT -> floats++;
            case DOUBLE -> doubles++;
            default -> bools++;
        }
    }

    /** The type the keywords name, spelt canonically ("unsigned long", "long long", "bool"...), errors reported. */
    TypeRef type(TokenStream in) {
        return new TypeRef.Named(name(in), pos);
    }

    private String name(TokenStream in) {
        int kinds = voids + chars + ints + floats + doubles + bools;
        boolean ok = kinds <= 1
                && shorts <= 1
                && longs <= 2
                && signeds + unsigneds <= 1
                && !(shorts > 0 && longs > 0)
                && !((shorts > 0 || longs > 0) && (voids + chars + floats + bools) > 0)
                && !((signeds + unsigneds) > 0 && (voids + floats + doubles + bools) > 0)
                && !(doubles > 0 && (longs > 1 || shorts > 0));
        if (!ok) {
            in.report(
                    pos,
                    signeds > 0 && unsigneds > 0
                            ? "both 'signed' and 'unsigned' in declaration specifiers"
                            : longs > 2
                                    ? "'long long long' is too long for GCC"
                                    : "two or more data types in declaration specifiers");
        }
        String sign = unsigneds > 0 ? "unsigned " : "";
        if (voids > 0) {
            return "void";
        }
        if (bools > 0) {
            return "bool";
        }
        if (floats > 0) {
            return "float";
        }
        if (doubles > 0) {
            return longs > 0 ? "long double" : "double";
        }
        if (chars > 0) {
            return unsigneds > 0 ? "unsigned char" : signeds > 0 ? "signed char" : "char";
        }
        if (shorts > 0) {
            return sign + "short";
        }
        if (longs >= 2) {
            return sign + "long long";
        }
        if (longs == 1) {
            return sign + "long";
        }
        return sign + "int";
    }
}

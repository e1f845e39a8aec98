package dev.driverlab.lang;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The macros in force: what {@code #define} and {@code #undef} change. The kernel prelude's headers fill one, and each
 * driver compiles against a copy of it, as if every kernel header were included before the driver's first line.
 */
public final class MacroTable {
    /**
     * One {@code #define}. {@code params} is null for an object-like macro; for a variadic one its last entry is the
     * name the variable arguments go by ({@code __VA_ARGS__}, or {@code args} for GNU's {@code args...}).
     */
    public record Macro(String name, List<String> params, boolean variadic, List<Token> body, Pos pos) {
        boolean functionLike() {
            return params != null;
        }

        /** Whether two definitions are the same (a redefinition that changes nothing is no redefinition). */
        boolean sameAs(Macro other) {
            if (!Objects.equals(params, other.params) || variadic != other.variadic || body.size() != other.body.size())
                return false;
            for (int i = 0; i < body.size(); i++) {
                Token a = body.get(i);
                Token b = other.body.get(i);
                if (a.type() != b.type() || !a.text().equals(b.text())) return false;
            }
            return true;
        }
    }

    private final Map<String, Macro> macros;

    public MacroTable() {
        this.macros = new HashMap<>();
    }

    private MacroTable(Map<String, Macro> macros) {
        this.macros = new HashMap<>(macros);
    }

    /** An independent copy: a driver's #defines never leak into the kernel's table or another driver's. */
    public MacroTable copy() {
        return new MacroTable(macros);
    }

    /** A table of these macros (a compiled kernel image's, read back). */
    public static MacroTable of(List<Macro> macros) {
        MacroTable t = new MacroTable();
        for (Macro m : macros) t.define(m);
        return t;
    }

    /** Every macro in force, in the table's own order (for writing a compiled kernel image). */
    public List<Macro> all() {
        return List.copyOf(macros.values());
    }

    public Macro get(String name) {
        return macros.get(name);
    }

    public boolean isDefined(String name) {
        return macros.containsKey(name);
    }

    void define(Macro m) {
        macros.put(m.name(), m);
    }

    void undefine(String name) {
        macros.remove(name);
    }

    /**
     * Defines an object-like macro from source text, as {@code -DNAME=TEXT} on a compiler's command line does (the
     * module name in {@code KBUILD_MODNAME}, the kernel's version).
     */
    public void define(String name, String text) {
        List<Token> tokens = new Lexer(new SourceFile("<command-line>", text)).tokenize();
        define(new Macro(name, null, false, List.copyOf(tokens.subList(0, tokens.size() - 1)), Pos.NONE));
    }

    public int size() {
        return macros.size();
    }
}

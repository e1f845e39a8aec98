package dev.driverlab.engine.headers;

import dev.driverlab.engine.Program;
import dev.driverlab.engine.compile.UnitCompiler;
import dev.driverlab.lang.Decl;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.SourceFile;
import dev.driverlab.lang.TranslationUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a driver can use from the simulated kernel, read off the prelude's own sources: every function, type,
 * variable and enum constant a header declares (as the parser reads it), every {@code #define} a header makes,
 * and the functions a kernel {@code .c} file defines without {@code static} and no header declares (the prelude is
 * one unit, so a driver sees them too). The first declaration of a name wins, in {@code files.txt} order. The
 * prototype is the declaration as its author wrote it, on one line.
 */
public final class KernelApi {
    /** What an entry names; {@link #label()} is its name in JSON and in the README. */
    public enum Kind {
        FUNCTION,
        MACRO,
        TYPE,
        CONSTANT,
        VARIABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One name a driver can use.
     *
     * @param header the file that declares it as a driver includes it ({@code linux/fs.h}), or the kernel
     *               {@code .c} file that defines it
     */
    public record Entry(String name, String prototype, String header, Kind kind) {}

    private static volatile KernelApi prelude;

    private final List<Entry> entries;
    private final List<String> files;

    private KernelApi(List<Entry> entries, List<String> files) {
        this.entries = List.copyOf(entries);
        this.files = List.copyOf(files);
    }

    /** The simulated kernel's API, read once per JVM from the prelude ({@code kernel/files.txt}). */
    public static KernelApi prelude() {
        KernelApi api = prelude;
        if (api == null) {
            synchronized (KernelApi.class) {
                if (prelude == null) prelude = of(Program.preludeSources());
                api = prelude;
            }
        }
        return api;
    }

    /** The API declared by {@code files}, parsed as the kernel prelude is (headers first). */
    public static KernelApi of(List<SourceFile> files) {
        // by file (an #included one after its includer), each file's names in line order
        Map<String, List<Found>> byFile = new LinkedHashMap<>();
        Map<String, HeaderText> texts = new LinkedHashMap<>();
        for (TranslationUnit tu : UnitCompiler.parseKernel(files)) {
            for (SourceFile file : tu.files()) {
                if (texts.containsKey(file.name())) continue;
                HeaderText text = new HeaderText(file);
                texts.put(file.name(), text);
                List<Found> found = byFile.computeIfAbsent(file.name(), f -> new ArrayList<>());
                if (isHeader(file)) for (HeaderText.Define d : text.defines()) found.add(define(d, where(file)));
            }
            for (Decl d : tu.decls()) {
                SourceFile file = tu.fileOf(d.pos());
                d.accept(
                        new Declared(tu, texts.get(file.name()), isHeader(file), where(file), byFile.get(file.name())));
            }
        }
        Map<String, Entry> byKey = new LinkedHashMap<>();
        for (List<Found> found : byFile.values()) {
            found.sort(Comparator.comparingInt((Found f) -> f.line));
            for (Found f : found) byKey.putIfAbsent(f.key, f.entry);
        }
        return new KernelApi(new ArrayList<>(byKey.values()), new ArrayList<>(texts.keySet()));
    }

    private static boolean isHeader(SourceFile file) {
        return file.name().endsWith(".h");
    }

    /** As a driver includes it ({@code linux/fs.h}), or the kernel file's path. */
    private static String where(SourceFile file) {
        String name = file.name();
        return isHeader(file) && name.startsWith("include/") ? name.substring("include/".length()) : name;
    }

    /** Every entry, by file in prelude order, then by line. */
    public List<Entry> entries() {
        return entries;
    }

    /** The prelude files that were read (with the files they include), in order. */
    public List<String> files() {
        return files;
    }

    private record Found(String key, int line, Entry entry) {}

    private static Found define(HeaderText.Define d, String where) {
        Kind kind;
        String prototype;
        if (d.params() != null) {
            kind = Kind.MACRO;
            prototype = "#define " + d.name() + "(" + String.join(", ", d.params()) + ")";
        } else {
            // an object-like macro with a value and an upper-case name is a constant (EPOLLIN, GFP_KERNEL, NULL);
            // the rest (__init, __user, current) stand for code or annotations
            boolean constant = !d.body().isEmpty() && d.name().equals(d.name().toUpperCase(Locale.ROOT));
            kind = constant ? Kind.CONSTANT : Kind.MACRO;
            prototype = ("#define " + d.name() + " " + d.body()).strip();
        }
        return new Found(d.name(), d.line(), new Entry(d.name(), prototype, where, kind));
    }

    /**
     * The entries one declaration of {@code tu} gives, found in {@code text} (its file's text): in a header whatever
     * it names, in a kernel {@code .c} file only the functions it exports. A {@link Decl.Visitor}, so that a new kind
     * of declaration cannot be left out unnoticed.
     */
    private record Declared(TranslationUnit tu, HeaderText text, boolean header, String where, List<Found> out)
            implements Decl.Visitor<Void> {
        @Override
        public Void visitFunction(Decl.Function f) {
            // in a .c file only what it exports: non-static definitions (the prelude is one unit)
            if (header || (!f.isStatic() && f.body() != null)) {
                add(out, f.name(), f.pos(), text.function(f.pos()), where, Kind.FUNCTION);
            }
            return null;
        }

        @Override
        public Void visitTypedef(Decl.Typedef t) {
            if (header) add(out, t.name(), t.pos(), text.declaration(t.pos()), where, Kind.TYPE);
            return null;
        }

        @Override
        public Void visitStructDef(Decl.StructDef s) {
            if (!header || s.tag().startsWith("__anon_") || typedefNamed(s, tu, text)) return null;
            String prototype = text.declaration(s.pos());
            if (prototype == null) return null;
            out.add(new Found(
                    (s.union() ? "union " : "struct ") + s.tag(),
                    s.pos().line(),
                    new Entry(s.tag(), prototype, where, Kind.TYPE)));
            return null;
        }

        @Override
        public Void visitEnumDef(Decl.EnumDef e) {
            if (!header) return null;
            if (e.tag() != null
                    && !e.tag().startsWith("__anon_")
                    && !text.isDirective(e.pos().line())) {
                String prototype = text.declaration(e.pos());
                if (prototype != null) {
                    out.add(new Found(
                            "enum " + e.tag(), e.pos().line(), new Entry(e.tag(), prototype, where, Kind.TYPE)));
                }
            }
            for (Decl.Enumerator v : e.values()) {
                if (text.isDirective(v.pos().line())) continue; // a #define the parser folded: listed as written
                add(out, v.name(), v.pos(), text.enumerator(v.pos()), where, Kind.CONSTANT);
            }
            return null;
        }

        @Override
        public Void visitGlobalVar(Decl.GlobalVar g) {
            if (header && !g.isStatic()) add(out, g.name(), g.pos(), text.declaration(g.pos()), where, Kind.VARIABLE);
            return null;
        }

        /** {@code EXPORT_SYMBOL(f);} and the like name nothing new: the macro itself is listed by its #define. */
        @Override
        public Void visitMacroCall(Decl.MacroCall m) {
            return null;
        }
    }

    /** {@code typedef struct { ... } atomic_t;}: the parser names the struct after the typedef; one entry is enough. */
    private static boolean typedefNamed(Decl.StructDef s, TranslationUnit tu, HeaderText text) {
        for (Decl d : tu.decls()) {
            if (d instanceof Decl.Typedef t
                    && t.name().equals(s.tag())
                    && t.pos().file() == s.pos().file()
                    && text.sameDeclaration(s.pos(), t.pos())) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<Found> out, String name, Pos pos, String prototype, String where, Kind kind) {
        if (prototype == null || prototype.isEmpty()) return;
        out.add(new Found(name, pos.line(), new Entry(name, prototype, where, kind)));
    }
}

package dev.driverlab.engine.compile;

import dev.driverlab.kernel.KernelVersion;
import dev.driverlab.kernel.Uts;
import dev.driverlab.lang.CompileException;
import dev.driverlab.lang.Decl;
import dev.driverlab.lang.Diagnostic;
import dev.driverlab.lang.Expr;
import dev.driverlab.lang.MacroTable;
import dev.driverlab.lang.Nesting;
import dev.driverlab.lang.Parser;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.SourceFile;
import dev.driverlab.lang.Stmt;
import dev.driverlab.lang.TranslationUnit;
import dev.driverlab.lang.TypeRef;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Compiles a translation unit: the kernel prelude (kernel == null) or a driver module linked against it.
 * Pass 1 declares types, constants, globals and function signatures in source order; pass 2 compiles bodies;
 * then global initializers become the data image, and declaration macros (module_init…) are resolved.
 */
public final class UnitCompiler {
    /** Declaration macros that only carry metadata. */
    /**
     * The most static data (globals, static locals, string literals) one unit may have. Every different module
     * source the server sees is compiled and cached with its image; a teaching module needs a few kilobytes.
     */
    static final int MAX_STATIC_DATA = 4 << 20;

    /**
     * How many expression nodes one unit may compile, counting each node every time it is compiled. Macros that
     * repeat an argument ({@code wait_event_timeout}'s condition, {@code sizeof(*ptr)} in {@code put_user}) double
     * the work at each level they nest, so a short source could keep the compiler busy for ever. The kernel and
     * real drivers compile a few tens of thousands.
     */
    static final int MAX_COMPILED_EXPRESSIONS = 1_000_000;

    private int compiledExpressions;

    /** Counts one expression node compiled (again); past the budget the compile stops with an error at it. */
    void compiling(Expr e) {
        if (++compiledExpressions > MAX_COMPILED_EXPRESSIONS) {
            errors.fatal(
                    e.pos(),
                    "expression too complex: compiling it takes more than " + MAX_COMPILED_EXPRESSIONS
                            + " steps (macros that repeat their arguments, nested)");
        }
    }

    private static final Set<String> IGNORED_MACROS = Set.of(
            "MODULE_AUTHOR",
            "MODULE_DESCRIPTION",
            "MODULE_ALIAS",
            "MODULE_DEVICE_TABLE",
            "MODULE_PARM_DESC",
            "module_param",
            "module_param_named",
            "MODULE_SOFTDEP",
            "MODULE_FIRMWARE");

    /** The MODULE_INFO tags the loader reads (check_modinfo); others are kept nowhere, as nothing reads them. */
    static final Set<String> MODINFO_READ = Set.of("vermagic", "intree");

    final Unit unit;
    final Unit kernel;
    final Errors errors;
    final Types types;
    private final ToIntFunction<String> builtins;
    private final Map<String, Integer> strings = new LinkedHashMap<>();
    private final List<Decl.GlobalVar> initializers = new ArrayList<>();
    private int dataEnd;

    private UnitCompiler(Unit unit, Unit kernel, ToIntFunction<String> builtins) {
        this.unit = unit;
        this.kernel = kernel;
        this.errors = new Errors(unit.file);
        this.types = new Types(unit, kernel, errors);
        this.builtins = builtins;
    }

    /**
     * Compiles the kernel prelude, several files in order (headers first) linked as one unit; prototypes without a
     * body bind to the Java primitive of that name.
     */
    public static Unit compileKernel(List<SourceFile> files, ToIntFunction<String> builtins) {
        return compile(new Unit("vmlinux", true, files.get(0)), null, builtins, files);
    }

    /** Parses and compiles a one-file driver module against the kernel prelude. */
    public static Unit compileModule(String module, SourceFile file, Unit kernel) {
        return compileModule(module, List.of(file), name -> null, kernel);
    }

    /**
     * Parses and compiles a driver module against the kernel prelude; {@code includes} finds the files a quoted
     * {@code #include} names (the module's other sources), null when there is none.
     */
    public static Unit compileModule(
            String module, List<SourceFile> files, Function<String, SourceFile> includes, Unit kernel) {
        return compileModule(module, files, includes, kernel, KernelVersion.V6_1);
    }

    /** The same for a given kernel version: LINUX_VERSION_CODE and UTS_RELEASE are its own. */
    public static Unit compileModule(
            String module,
            List<SourceFile> files,
            Function<String, SourceFile> includes,
            Unit kernel,
            KernelVersion version) {
        if (files.isEmpty()) throw new IllegalArgumentException("a module needs a C file");
        Unit unit = new Unit(module, false, files.get(0));
        unit.version = version;
        return compile(unit, kernel, name -> -1, files, includes);
    }

    private static Unit compile(Unit unit, Unit kernel, ToIntFunction<String> builtins, List<SourceFile> files) {
        return compile(unit, kernel, builtins, files, name -> null);
    }

    private static Unit compile(
            Unit unit,
            Unit kernel,
            ToIntFunction<String> builtins,
            List<SourceFile> files,
            Function<String, SourceFile> includes) {
        return CompilerStack.call(() -> compileHere(unit, kernel, builtins, files, includes));
    }

    /**
     * Parses the kernel prelude's files as {@link #compileKernel} does, without compiling them: each file sees the
     * typedef names and macros of the files before it. For tools that read the declarations (the kernel API).
     */
    public static List<TranslationUnit> parseKernel(List<SourceFile> files) {
        Unit unit = new Unit("vmlinux", true, files.get(0));
        return CompilerStack.call(() -> parse(unit, null, files, name -> null).stream()
                .map(FileDecls::tu)
                .toList());
    }

    private static List<FileDecls> parse(
            Unit unit, Unit kernel, List<SourceFile> files, Function<String, SourceFile> includes) {
        Set<String> typeNames = Types.typeNames(kernel);
        predefine(unit, kernel);
        List<FileDecls> parsed = new ArrayList<>();
        MacroTable moduleMacros = unit.macros;
        for (SourceFile file : files) {
            // the prelude's files share one table (each sees the headers before it); a module's C files are
            // translation units of their own
            var macros = unit.kernel ? unit.macros : moduleMacros.copy();
            var tu = Parser.parse(file, typeNames, macros, includes);
            for (Decl d : tu.decls()) if (d instanceof Decl.Typedef t) typeNames.add(t.name());
            unit.warnings.addAll(tu.warnings());
            parsed.add(new FileDecls(tu));
        }
        return parsed;
    }

    private static Unit compileHere(
            Unit unit,
            Unit kernel,
            ToIntFunction<String> builtins,
            List<SourceFile> files,
            Function<String, SourceFile> includes) {
        List<FileDecls> parsed = parse(unit, kernel, files, includes);
        UnitCompiler uc = new UnitCompiler(unit, kernel, builtins);
        try {
            uc.run(parsed);
        } catch (CompileException e) {
            throw e;
        } catch (Errors.Stop e) {
            // the errors so far are reported below
        } catch (StackOverflowError e) { // the nesting limits should make this impossible; never a Java trace
            uc.errors.at(new Pos(1, 1), "internal compiler error: " + Nesting.tooDeep("program"));
        } catch (RuntimeException e) { // gcc's "internal compiler error", never a Java stack trace
            uc.errors.at(new Pos(1, 1), "internal compiler error: unexpected failure while compiling");
        }
        if (!uc.errors.list().isEmpty()) {
            var sorted = new ArrayList<>(uc.errors.list());
            sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::col));
            throw new CompileException(sorted);
        }
        return unit;
    }

    /**
     * The macros a file starts with. The kernel's: what gcc and Kbuild define on the command line (the headers then add
     * theirs, CONFIG_* from include/generated/autoconf.h among them). A module's: all of the kernel's, as if every
     * kernel header were included, plus Kbuild's per-module names.
     */
    private static void predefine(Unit unit, Unit kernel) {
        if (kernel == null) {
            unit.macros.define("__KERNEL__", "1");
            unit.macros.define("__GNUC__", "12");
            unit.macros.define("__x86_64__", "1");
            unit.macros.define("__CHAR_BIT__", "8");
            unit.macros.define("__SIZEOF_POINTER__", "8");
            unit.macros.define("__SIZEOF_LONG__", "8");
            unit.macros.define("__LITTLE_ENDIAN", "1234");
            unit.macros.define("LINUX_VERSION_CODE", String.valueOf(Uts.VERSION_CODE));
            unit.macros.define("UTS_RELEASE", "\"" + Uts.RELEASE + "\"");
            unit.macros.define("UTS_VERSION", "\"" + Uts.VERSION + "\"");
            unit.macros.define("UTS_MACHINE", "\"x86_64\"");
            return;
        }
        unit.macros = kernel.macros.copy();
        unit.macros.define("MODULE", "1");
        if (unit.version != null) {
            unit.macros.define("LINUX_VERSION_CODE", String.valueOf(unit.version.versionCode()));
            unit.macros.define("UTS_RELEASE", "\"" + unit.version.release() + "\"");
        }
        unit.macros.define("KBUILD_MODNAME", "\"" + unit.name + "\"");
        unit.macros.define("KBUILD_BASENAME", "\"" + unit.name + "\"");
    }

    private record FileDecls(TranslationUnit tu) {
        SourceFile file() {
            return tu.file();
        }

        List<Decl> decls() {
            return tu.decls();
        }

        /** Where a declaration was written: its file's name and position ("ring.h:12:8"). */
        String origin(Decl d) {
            Pos p = d.pos();
            return tu.fileOf(p).name() + ":" + p.line() + ":" + p.col();
        }
    }

    private SourceFile current;

    private void run(List<FileDecls> files) {
        if (!unit.kernel) {
            CType.Struct module = types.struct("module", false);
            addGlobal("__this_module", "__this_module", module, false, Pos.NONE);
        }
        Declarations declarations = new Declarations();
        // A module's C files are linked as one unit: what a header declares is declared once, however many of its
        // C files include it (one namespace for the module: a simplification of C's per-file scopes).
        Set<String> fromHeaders = new HashSet<>();
        for (FileDecls fd : files) {
            use(fd.file());
            errors.setFiles(fd.tu().files());
            declarations.file = fd;
            for (Decl d : expandMacros(fd.decls())) {
                if (d.pos().file() > 0 && !fromHeaders.add(fd.origin(d))) continue;
                d.accept(declarations);
            }
        }
        Map<Decl.Function, SourceFile> bodyFiles = declarations.bodyFiles;
        for (Decl.Function f : declarations.bodies) {
            use(bodyFiles.get(f));
            errors.setFiles(List.of()); // the function's positions are all in its own file
            new FunctionCompiler(this, unit.functionsByName.get(f.name())).compile(f);
        }
        use(files.get(0).file());
        for (FunctionCode fc : unit.functions) {
            if (unit.kernel && fc.code == null && fc.builtin < 0) {
                errors.at(new Pos(fc.line, 1), "kernel primitive '" + fc.name + "' has no implementation");
            }
        }
        for (FileDecls fd : files) {
            use(fd.file());
            errors.setFiles(fd.tu().files());
            for (Decl d : fd.decls()) if (d instanceof Decl.MacroCall m) macro(m);
        }
        if (!unit.kernel) oldStyleEntryPoints();
        buildData();
    }

    /**
     * Pass 1 over one declaration: types, constants, globals and function signatures are declared in source order;
     * the functions with a body are kept for pass 2. Declaration macros wait until the bodies are compiled.
     */
    private final class Declarations implements Decl.Visitor<Void> {
        final List<Decl.Function> bodies = new ArrayList<>();
        final Map<Decl.Function, SourceFile> bodyFiles = new IdentityHashMap<>();
        FileDecls file;

        @Override
        public Void visitStructDef(Decl.StructDef s) {
            types.define(s);
            return null;
        }

        @Override
        public Void visitTypedef(Decl.Typedef t) {
            unit.typedefs.put(t.name(), types.resolve(t.type(), t.name()));
            return null;
        }

        @Override
        public Void visitEnumDef(Decl.EnumDef e) {
            enumDef(e);
            return null;
        }

        @Override
        public Void visitGlobalVar(Decl.GlobalVar g) {
            globalVar(g);
            return null;
        }

        @Override
        public Void visitFunction(Decl.Function f) {
            declareFunction(f);
            if (f.body() != null) {
                bodies.add(f);
                bodyFiles.put(f, file.tu().fileOf(f.pos()));
                UnitCompiler.this.bodies.add(f.name());
            }
            return null;
        }

        @Override
        public Void visitMacroCall(Decl.MacroCall m) {
            return null;
        }
    }

    private void use(SourceFile file) {
        current = file;
        errors.setFile(file);
    }

    /** module_platform_driver(drv) expands, as in the kernel, to drv_init/drv_exit plus module_init/exit. */
    private List<Decl> expandMacros(List<Decl> decls) {
        List<Decl> out = new ArrayList<>();
        for (Decl d : decls) {
            Decl.GlobalVar declared = d instanceof Decl.MacroCall mc ? Macros.declaration(mc) : null;
            out.add(declared != null ? declared : d);
            if (d instanceof Decl.MacroCall m
                    && DRIVER_MACROS.containsKey(m.name())
                    && m.args().size() == 1
                    && m.args().get(0) instanceof Expr.Ident drv) {
                String[] api = DRIVER_MACROS.get(m.name());
                Pos p = m.pos();
                Expr addr = new Expr.Unary("&", drv, p);
                out.add(new Decl.Function(
                        drv.name() + "_init",
                        new TypeRef.Named("int", p),
                        List.of(),
                        false,
                        new Stmt.Block(
                                List.of(new Stmt.Return(new Expr.Call(new Expr.Ident(api[0], p), List.of(addr), p), p)),
                                p),
                        true,
                        p));
                out.add(new Decl.Function(
                        drv.name() + "_exit",
                        new TypeRef.Named("void", p),
                        List.of(),
                        false,
                        new Stmt.Block(
                                List.of(new Stmt.ExprStmt(
                                        new Expr.Call(new Expr.Ident(api[1], p), List.of(addr), p), p)),
                                p),
                        true,
                        p));
            }
        }
        return out;
    }

    private static final Map<String, String[]> DRIVER_MACROS = Map.of(
            "module_platform_driver", new String[] {"platform_driver_register", "platform_driver_unregister"},
            "module_usb_driver", new String[] {"usb_register", "usb_deregister"},
            "module_misc_device", new String[] {"misc_register", "misc_deregister"},
            "module_i2c_driver", new String[] {"i2c_add_driver", "i2c_del_driver"});

    private void macro(Decl.MacroCall m) {
        if (Macros.declaration(m) != null) return;
        switch (m.name()) {
            case "module_init":
            case "module_exit": {
                FunctionCode f = m.args().size() == 1 && m.args().get(0) instanceof Expr.Ident id
                        ? unit.functionsByName.get(id.name())
                        : null;
                if (f == null || f.code == null) {
                    errors.at(m.pos(), m.name() + " needs a function defined in this file");
                } else if (m.name().equals("module_init")) {
                    unit.initFn = f;
                } else {
                    unit.exitFn = f;
                }
                return;
            }
            case "MODULE_LICENSE":
                if (m.args().size() == 1 && m.args().get(0) instanceof Expr.StringLit s) unit.license = s.value();
                return;
            case "MODULE_VERSION":
                if (m.args().size() == 1 && m.args().get(0) instanceof Expr.StringLit s) {
                    unit.modinfo.putIfAbsent("version", s.value());
                }
                return;
            case "MODULE_INFO": // the first entry of a tag is what get_modinfo finds
                if (m.args().size() == 2
                        && m.args().get(0) instanceof Expr.Ident tag
                        && MODINFO_READ.contains(tag.name())
                        && m.args().get(1) instanceof Expr.StringLit s) {
                    unit.modinfo.putIfAbsent(tag.name(), s.value());
                }
                return;
            case "EXPORT_SYMBOL":
            case "EXPORT_SYMBOL_GPL":
            case "EXPORT_SYMBOL_NS":
            case "EXPORT_SYMBOL_NS_GPL":
                export(m);
                return;
            case "MODULE_IMPORT_NS":
                if (m.args().size() == 1 && symbolName(m.args().get(0)) != null) {
                    importNamespaces.add(symbolName(m.args().get(0)));
                } else {
                    errors.at(m.pos(), "MODULE_IMPORT_NS expects a namespace");
                }
                return;
            default:
                if (DRIVER_MACROS.containsKey(m.name())) {
                    String drv = m.args().size() == 1 && m.args().get(0) instanceof Expr.Ident id ? id.name() : null;
                    if (drv == null || unit.globals.get(drv) == null) {
                        errors.at(m.pos(), m.name() + " needs the driver variable defined in this file");
                        return;
                    }
                    unit.initFn = unit.functionsByName.get(drv + "_init");
                    unit.exitFn = unit.functionsByName.get(drv + "_exit");
                    return;
                }
                if (!IGNORED_MACROS.contains(m.name())) {
                    errors.at(m.pos(), "unknown declaration macro '" + m.name() + "'");
                }
        }
    }

    private final List<String> importNamespaces = new ArrayList<>();

    /** A namespace or symbol as a macro argument: an identifier (6.1's spelling) or a string. */
    private static String symbolName(Expr e) {
        return e instanceof Expr.Ident id ? id.name() : e instanceof Expr.StringLit s ? s.value() : null;
    }

    /**
     * include/linux/export.h: the symbol goes into the module's __ksymtab (or __ksymtab_gpl), with its namespace
     * for the _NS forms. What it names must be a function or variable this module defines.
     */
    private void export(Decl.MacroCall m) {
        boolean ns = m.name().contains("_NS");
        if (m.args().size() != (ns ? 2 : 1) || !(m.args().get(0) instanceof Expr.Ident sym)) {
            errors.at(m.pos(), m.name() + " expects " + (ns ? "(symbol, namespace)" : "(symbol)"));
            return;
        }
        String namespace = ns ? symbolName(m.args().get(1)) : null;
        if (ns && namespace == null) {
            errors.at(m.pos(), m.name() + " expects (symbol, namespace)");
            return;
        }
        boolean defined = bodies.contains(sym.name()) || (unit.globals.containsKey(sym.name()));
        if (!defined) {
            errors.at(sym.pos(), "'" + sym.name() + "' undeclared here (not in a function)");
            return;
        }
        for (Unit.Export e : unit.exports) {
            if (e.name().equals(sym.name())) {
                errors.at(sym.pos(), "redefinition of '__ksymtab_" + sym.name() + "'");
                return;
            }
        }
        unit.exports.add(new Unit.Export(sym.name(), m.name().endsWith("_GPL"), namespace));
    }

    /**
     * A module without module_init()/module_exit() is loaded through the symbols those macros alias
     * (include/linux/module.h): a function named init_module() is its init, cleanup_module() its exit.
     */
    private void oldStyleEntryPoints() {
        FunctionCode init = unit.functionsByName.get("init_module");
        FunctionCode cleanup = unit.functionsByName.get("cleanup_module");
        if (unit.initFn == null && init != null && init.code != null) unit.initFn = init;
        if (unit.exitFn == null && cleanup != null && cleanup.code != null) unit.exitFn = cleanup;
    }

    private void enumDef(Decl.EnumDef e) {
        long next = 0;
        for (Decl.Enumerator en : e.values()) {
            long v = en.value() == null ? next : types.constant(en.value());
            unit.constants.put(en.name(), v);
            next = v + 1;
        }
    }

    private void declareFunction(Decl.Function f) {
        List<CType> params = new ArrayList<>();
        for (var p : f.params()) params.add(Types.decay(types.resolve(p.type())));
        CType.Func type = new CType.Func(types.resolve(f.returns()), params, f.variadic());
        FunctionCode existing = unit.functionsByName.get(f.name());
        if (existing != null) {
            existing.inline |= f.isInline();
            if (f.body() != null) {
                existing.file = current;
                existing.line = f.pos().line();
            }
            if (existing.code != null && f.body() != null) errors.at(f.pos(), "redefinition of '" + f.name() + "'");
            if (existing.type.params().size() != params.size() && !type.variadic()) {
                errors.at(f.pos(), "conflicting types for '" + f.name() + "'");
            }
            return;
        }
        if (unit.globals.containsKey(f.name())) {
            errors.at(f.pos(), "'" + f.name() + "' redeclared as different kind of symbol");
            return;
        }
        FunctionCode fc = new FunctionCode(
                f.name(), unit.functions.size(), type, current, f.pos().line(), unit.kernel);
        if (f.body() == null && unit.kernel) fc.builtin = builtins.applyAsInt(f.name());
        fc.inline = f.isInline();
        unit.functions.add(fc);
        unit.functionsByName.put(f.name(), fc);
    }

    /** A module's variables declared {@code extern} (not by the kernel), until a definition comes. */
    private final Map<String, CType> externs = new HashMap<>();

    /** Globals declared so far only without an initializer (tentative definitions). */
    private final Set<String> tentative = new HashSet<>();

    private void globalVar(Decl.GlobalVar g) {
        CType t = types.resolve(g.type(), g.name());
        if (t instanceof CType.Array a && a.length() == 0 && g.init() != null) {
            long inferred = inferLength(g.init());
            t = new CType.Array(a.element(), types.arrayLength(inferred, false, a.element(), g.name(), g.pos()));
            if (((CType.Array) t).length() != inferred) return; // too large: reported, its initializer pointless
        }
        if (g.isExtern() && g.init() == null) {
            if (kernel != null && kernel.globals.containsKey(g.name())) return; // declared by the kernel
            if (!unit.kernel && !unit.globals.containsKey(g.name())) {
                externs.put(g.name(), t); // defined elsewhere in the module, or an undefined symbol
                return;
            }
        }
        if (t instanceof CType.Struct s && !s.complete()) {
            errors.at(g.pos(), "storage size of '" + g.name() + "' isn't known");
            return;
        }
        Unit.Global earlier = unit.globals.get(g.name());
        if (earlier != null && tentative.contains(g.name()) && earlier.type().size() == t.size()) {
            // C11 6.9.2: a file-scope declaration without initializer is a tentative definition; the one with
            // the initializer defines the same object.
            if (g.init() != null) {
                tentative.remove(g.name());
                initializers.add(g);
            }
            return;
        }
        if (earlier != null || unit.functionsByName.containsKey(g.name())) {
            errors.at(g.pos(), "redefinition of '" + g.name() + "'");
            return;
        }
        if (addGlobal(g.name(), g.name(), t, g.isStatic(), g.pos()) && g.init() != null) initializers.add(g);
        else if (g.init() == null) tentative.add(g.name());
    }

    /**
     * Places a global in the data image; false (after an error, the global placed at 0 so that its uses still
     * compile) when it would take the image over {@link #MAX_STATIC_DATA}.
     */
    private boolean addGlobal(String name, String sourceName, CType t, boolean isStatic, Pos pos) {
        int a = t.align();
        // after any string literal already placed: a static local is added while its function compiles
        long at = ((long) Math.max(dataEnd, stringsEnd) + a - 1) / a * a;
        long end = at + Math.max(1, t.size());
        if (end > MAX_STATIC_DATA) {
            errors.at(pos, staticDataTooLarge("'" + sourceName + "'", t.size()));
            unit.globals.put(name, new Unit.Global(name, t, 0, isStatic));
            return false;
        }
        dataEnd = (int) end;
        unit.globals.put(name, new Unit.Global(name, t, (int) at, isStatic));
        return true;
    }

    private static String staticDataTooLarge(String what, long bytes) {
        return "static data of " + what + " (" + bytes + " bytes) exceeds the simulator's limit of " + MAX_STATIC_DATA
                + " bytes";
    }

    /**
     * A function's static local: a global named "function.variable", initialised like any global. Blocks of one
     * function may each have their own static of the same name: the later ones are "function.variable#2"...
     */
    int staticLocal(String function, Stmt.VarDecl v, CType type) {
        String name = function + "." + v.name();
        for (int n = 2; unit.globals.containsKey(name); n++) name = function + "." + v.name() + "#" + n;
        if (addGlobal(name, v.name(), type, true, v.pos()) && v.init() != null) {
            initializers.add(new Decl.GlobalVar(name, v.type(), v.init(), true, false, v.pos()));
        }
        return unit.globals.get(name).offset();
    }

    /** The length of an array declared {@code []} with initializer {@code init}: {@code "abc"}, {@code {1, 2}}. */
    long inferLength(Expr init) {
        if (init instanceof Expr.StringLit s) return s.value().getBytes(StandardCharsets.ISO_8859_1).length + 1;
        if (init instanceof Expr.InitList l) {
            long n = 0;
            long pos = 0;
            for (Expr.InitItem item : items(l)) {
                Long index = item.index() == null ? null : types.tryConstant(item.index());
                if (index != null) pos = index;
                pos++;
                n = Math.max(n, pos);
            }
            return n;
        }
        return 0;
    }

    // ---- data image ----

    private ByteBuffer data;

    private void buildData() {
        List<Runnable> pending = new ArrayList<>();
        // Strings are interned while compiling initializers too, so size the image after a dry run.
        for (Decl.GlobalVar g : initializers) {
            Unit.Global gl = unit.globals.get(g.name());
            pending.add(() -> staticInit(gl.type(), g.init(), gl.offset()));
        }
        data = null;
        pending.forEach(Runnable::run); // first pass: collect strings and relocations
        if (!unit.kernel) { // sized now that every undefined symbol is known, initializers' too
            Runnable tables = symbolTables();
            tables.run();
            pending.add(tables);
        }
        unit.relocs.clear();
        int size = Math.max(dataEnd, stringsEnd);
        if (size > MAX_STATIC_DATA) {
            errors.at(new Pos(1, 1), staticDataTooLarge("variables and string literals", size));
            return;
        }
        data = ByteBuffer.allocate(Math.max(size, 8)).order(ByteOrder.LITTLE_ENDIAN);
        pending.forEach(Runnable::run);
        for (var e : strings.entrySet()) {
            data.put(e.getValue(), stringBytes(e.getKey()));
            unit.strings.add(new int[] {e.getValue(), stringBytes(e.getKey()).length + 1});
        }
        unit.initialData = data.array();
        unit.dataSize = data.capacity();
    }

    private static byte[] stringBytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Offset of a string literal in the unit's data (after globals; strings are allocated lazily). */
    int string(String value) {
        Integer at = strings.get(value);
        if (at == null) {
            at = Math.max(dataEnd, stringsEnd);
            stringsEnd = at + stringBytes(value).length + 1;
            strings.put(value, at);
        }
        return at;
    }

    private int stringsEnd;

    private void staticInit(CType t, Expr init, int offset) {
        init = Macros.initializer(init);
        if (init instanceof Expr.Cast c
                && c.operand() instanceof Expr.InitList list
                && !t.isScalar()
                && types.resolve(c.type()).equals(t)) {
            init = list; // gcc: a constant compound literal of the object's type initializes it as its braces would
        }
        if (init instanceof Expr.InitList list) {
            int position = 0;
            for (Expr.InitItem item : items(list)) {
                Member m = member(t, item, position, data == null ? errors : new Errors(unit.file));
                if (m == null) continue;
                position = m.next();
                if (m.bitWidth() > 0) {
                    staticBits(m, item.value(), offset + m.offset());
                    continue;
                }
                staticInit(m.type(), item.value(), offset + m.offset());
            }
            return;
        }
        if (t instanceof CType.Array && init instanceof Expr.StringLit s) {
            if (data != null)
                data.put(
                        offset,
                        stringBytes(s.value()),
                        0,
                        Math.min(t.size(), s.value().length()));
            return;
        }
        if (t instanceof CType.Struct || t instanceof CType.Array) {
            if (data == null) errors.at(init.pos(), "invalid initializer");
            return;
        }
        Long c = types.tryConstant(init);
        if (c != null) {
            write(offset, t.size(), c);
            return;
        }
        Expr e = init;
        while (e instanceof Expr.Cast cast) e = cast.operand();
        if (e instanceof Expr.StringLit s) {
            reloc(offset, Unit.RelocKind.DATA, string(s.value()));
            return;
        }
        if (e instanceof Expr.Ident id && id.name().equals("THIS_MODULE")) {
            if (!unit.kernel)
                reloc(
                        offset,
                        Unit.RelocKind.DATA,
                        unit.globals.get("__this_module").offset());
            return;
        }
        if (e instanceof Expr.Unary u && u.op().equals("&") && !(u.operand() instanceof Expr.Ident)) {
            long[] place = place(u.operand());
            if (place != null) {
                reloc(offset, place[0] == 1 ? Unit.RelocKind.KDATA : Unit.RelocKind.DATA, (int) place[1]);
                return;
            }
        }
        if (e instanceof Expr.Unary u && u.op().equals("&")) e = u.operand();
        if (e instanceof Expr.Ident id) {
            FunctionCode f = findFunction(id.name());
            if (f != null) {
                if (f.builtin >= 0) reloc(offset, Unit.RelocKind.BUILTIN, f.builtin);
                else reloc(offset, f.kernel && !unit.kernel ? Unit.RelocKind.KFUNC : Unit.RelocKind.FUNC, f.index);
                return;
            }
            Unit.Global g = unit.globals.get(id.name());
            if (g != null) {
                reloc(offset, Unit.RelocKind.DATA, g.offset());
                return;
            }
            if (kernel != null && kernel.globals.get(id.name()) != null) {
                reloc(
                        offset,
                        Unit.RelocKind.KDATA,
                        kernel.globals.get(id.name()).offset());
                return;
            }
            if (!unit.kernel && importable(id.name())) { // insmod's relocation writes the symbol's address here
                importSlot(id.name(), id.pos());
                if (data == null) importUses.add(new int[] {offset, importIndex(id.name())}); // once: the first pass
                return;
            }
            if (data == null) errors.at(id.pos(), "'" + id.name() + "' undeclared here (not in a function)");
            return;
        }
        if (data == null) errors.at(init.pos(), "initializer element is not constant");
    }

    /**
     * The data offset a constant address expression designates, {@code arr[2]} or {@code s.field.sub}:
     * {kernel ? 1 : 0, offset}, or null when it is not such an expression.
     */
    private long[] place(Expr e) {
        if (e instanceof Expr.Ident id) {
            Unit.Global g = unit.globals.get(id.name());
            if (g != null) return new long[] {0, g.offset()};
            if (kernel != null && (g = kernel.globals.get(id.name())) != null) return new long[] {1, g.offset()};
            return null;
        }
        if (e instanceof Expr.Index ix) {
            long[] base = place(ix.array());
            Long i = types.tryConstant(ix.index());
            CType t = placeType(ix.array());
            if (base == null || i == null || !(t instanceof CType.Array a)) return null;
            return new long[] {base[0], base[1] + i * a.element().size()};
        }
        if (e instanceof Expr.Member m && !m.arrow()) {
            long[] base = place(m.object());
            CType t = placeType(m.object());
            if (base == null
                    || !(t instanceof CType.Struct s)
                    || !s.complete()
                    || s.layout().field(m.field()) == null) {
                return null;
            }
            return new long[] {base[0], base[1] + s.layout().field(m.field()).offset()};
        }
        return null;
    }

    private CType placeType(Expr e) {
        if (e instanceof Expr.Ident id) {
            Unit.Global g = unit.globals.get(id.name());
            if (g == null && kernel != null) g = kernel.globals.get(id.name());
            return g == null ? null : g.type();
        }
        if (e instanceof Expr.Index ix) {
            CType t = placeType(ix.array());
            return t instanceof CType.Array a ? a.element() : null;
        }
        if (e instanceof Expr.Member m) {
            CType t = placeType(m.object());
            return t instanceof CType.Struct s && s.complete() && s.layout().field(m.field()) != null
                    ? s.layout().field(m.field()).type()
                    : null;
        }
        return null;
    }

    /** A bit-field's constant initializer, merged into its unit. */
    private void staticBits(Member m, Expr init, int offset) {
        Long c = types.tryConstant(init);
        if (c == null) {
            if (data == null) errors.at(init.pos(), "initializer element is not constant");
            return;
        }
        if (data == null) return;
        int size = m.type().size();
        long unit = switch (size) {
            case 1 -> data.get(offset);
            case 2 -> data.getShort(offset);
            case 4 -> data.getInt(offset);
            default -> data.getLong(offset);
        };
        long mask = (m.bitWidth() == 64 ? -1L : (1L << m.bitWidth()) - 1) << m.bitOffset();
        write(offset, size, (unit & ~mask) | ((c << m.bitOffset()) & mask));
    }

    private void write(int offset, int size, long v) {
        if (data == null) return;
        switch (size) {
            case 1:
                data.put(offset, (byte) v);
                break;
            case 2:
                data.putShort(offset, (short) v);
                break;
            case 4:
                data.putInt(offset, (int) v);
                break;
            default:
                data.putLong(offset, v);
        }
    }

    private void reloc(int offset, Unit.RelocKind kind, int target) {
        if (data != null) unit.relocs.add(new Unit.Reloc(offset, kind, target));
    }

    /** The most elements one range designator may name: a bound on the work a line of source can ask for. */
    static final long MAX_RANGE = 1 << 16;

    /**
     * A list's items with each gcc range {@code [first ... last] = v} spelled out as {@code [first] = v, ...,
     * [last] = v} (the value is the same expression each time, evaluated once per element as gcc does for a constant).
     */
    List<Expr.InitItem> items(Expr.InitList list) {
        List<Expr.InitItem> out = null;
        for (int i = 0; i < list.items().size(); i++) {
            Expr.InitItem item = list.items().get(i);
            if (item.last() == null) {
                if (out != null) out.add(item);
                continue;
            }
            if (out == null) out = new ArrayList<>(list.items().subList(0, i));
            Long first = types.tryConstant(item.index());
            Long last = types.tryConstant(item.last());
            if (first == null || last == null) {
                errors.at(item.pos(), "nonconstant array index in initializer");
            } else if (last < first) {
                errors.at(item.pos(), "empty index range in initializer");
            } else if (last - first >= MAX_RANGE) {
                errors.at(item.pos(), "index range in initializer is too large (more than " + MAX_RANGE + " elements)");
            } else {
                for (long k = first; k <= last; k++) {
                    out.add(new Expr.InitItem(null, new Expr.IntLit(k, item.pos()), item.value(), item.pos()));
                }
            }
        }
        return out == null ? list.items() : out;
    }

    /** The place an initializer item designates inside an aggregate of type t. */
    record Member(int offset, CType type, int next, int bitOffset, int bitWidth) {
        Member(int offset, CType type, int next) {
            this(offset, type, next, 0, 0);
        }
    }

    Member member(CType t, Expr.InitItem item, int position, Errors sink) {
        if (t instanceof CType.Struct s && s.complete()) {
            List<StructLayout.Field> fields = s.layout().fields();
            int index = position;
            if (item.field() != null) {
                StructLayout.Field f = s.layout().field(item.field());
                if (f == null) {
                    sink.at(item.pos(), "'" + s + "' has no member named '" + item.field() + "'");
                    return null;
                }
                index = fields.indexOf(f);
            }
            if (index >= fields.size()) {
                sink.at(item.pos(), "excess elements in struct initializer");
                return null;
            }
            StructLayout.Field f = fields.get(index);
            return new Member(f.offset(), f.type(), index + 1, f.bitOffset(), f.bitWidth());
        }
        if (t instanceof CType.Array a) {
            long index = item.index() != null ? types.constant(item.index()) : position;
            if (index < 0 || index >= a.length()) { // an array of unknown length has its length inferred by now
                sink.at(item.pos(), "array index in initializer exceeds array bounds");
                return null;
            }
            return new Member((int) index * a.element().size(), a.element(), (int) index + 1);
        }
        if (item.field() == null && item.index() == null && position == 0) return new Member(0, t, 1);
        sink.at(item.pos(), "field name not in record or union initializer");
        return null;
    }

    // ---- name resolution used by FunctionCompiler ----

    FunctionCode findFunction(String name) {
        FunctionCode f = unit.functionsByName.get(name);
        if (f != null && (bodies.contains(name) || f.builtin >= 0)) return f;
        if (kernel != null) {
            FunctionCode k = kernel.functionsByName.get(name);
            if (k != null) return k;
        }
        return unit.kernel ? f : null; // a prototype never defined runs as an unknown function
    }

    private final Set<String> bodies = new HashSet<>();

    /** A module's prototype that nothing defines: no body in its files, no kernel function, no primitive. */
    boolean declaredWithoutBody(String name) {
        FunctionCode f = unit.functionsByName.get(name);
        return !unit.kernel && f != null && findFunction(name) == null;
    }

    String moduleName() {
        return unit.name;
    }

    boolean isFunctionName(String name) {
        return (findFunction(name) != null || declaredWithoutBody(name)) && unit.globals.get(name) == null;
    }

    CType pushFunctionAddress(CodeBuffer code, String name, Pos pos) {
        FunctionCode f = findFunction(name);
        if (f == null) { // an undefined symbol: its address is in the place insmod's relocation fills
            f = unit.functionsByName.get(name);
            code.emit(Op.ADDR_DATA, importSlot(name, pos));
            code.emit(Op.LOAD, 8, 0);
        } else if (f.builtin >= 0) code.emit(Op.ADDR_BUILTIN, f.builtin);
        else if (f.kernel && !unit.kernel) code.emit(Op.ADDR_KFUNC, f.index);
        else code.emit(Op.ADDR_FUNC, f.index);
        code.stack(1);
        return new CType.Ptr(f.type);
    }

    /** Emits the address of a global (module first, then kernel, then an undefined symbol); its type or null. */
    CType pushGlobalAddress(CodeBuffer code, String name) {
        return pushGlobalAddress(code, name, Pos.NONE);
    }

    CType pushGlobalAddress(CodeBuffer code, String name, Pos pos) {
        if (name.equals("THIS_MODULE")) {
            if (unit.kernel) {
                code.emit(Op.CONST, code.constant(0));
            } else {
                code.emit(Op.ADDR_DATA, unit.globals.get("__this_module").offset());
            }
            return new CType.Ptr(types.struct("module", false));
        }
        Unit.Global g = unit.globals.get(name);
        if (g != null) {
            code.emit(Op.ADDR_DATA, g.offset());
            return g.type();
        }
        if (kernel != null && (g = kernel.globals.get(name)) != null && !g.isStatic()) {
            code.emit(Op.ADDR_KDATA, g.offset());
            return g.type();
        }
        CType extern = externs.get(name);
        if (extern != null) { // another module's variable: its address is in the place insmod's relocation fills
            code.emit(Op.ADDR_DATA, importSlot(name, pos));
            code.emit(Op.LOAD, 8, 0);
            return extern;
        }
        return null;
    }

    // ---- undefined symbols and the symbol tables insmod reads ----

    /** Each undefined symbol's place (8 bytes of data that insmod's relocation fills with its address). */
    private final Map<String, Integer> importSlots = new LinkedHashMap<>();

    /** Where static initializers name an undefined symbol: {offset, symbol index}. */
    private final List<int[]> importUses = new ArrayList<>();

    int importSlot(String name, Pos pos) {
        Integer at = importSlots.get(name);
        if (at == null) {
            addGlobal(name + "@reloc", name, CType.ULONG, true, pos);
            at = unit.globals.get(name + "@reloc").offset();
            importSlots.put(name, at);
            unit.imports.add(new Unit.Import(
                    name,
                    errors.diagnostic(
                            pos,
                            "'" + name + "' is declared but defined in no file of the module and not by the kernel"
                                    + " (modpost: \"" + name + "\" [" + unit.name + ".ko] undefined!)")));
        }
        return at;
    }

    private int importIndex(String name) {
        return new ArrayList<>(importSlots.keySet()).indexOf(name);
    }

    /** Whether a name is a module's undefined symbol (a prototype or an extern variable nothing here defines). */
    private boolean importable(String name) {
        return declaredWithoutBody(name) || (externs.containsKey(name) && !unit.globals.containsKey(name));
    }

    /**
     * The sections insmod reads, as global arrays of the module's data: __ksymtab and __ksymtab_gpl (struct
     * kernel_symbol: address, name, namespace), the undefined symbols (struct module_undef) and the places that
     * name them (struct module_reloc), the import_ns and license entries of .modinfo. Written by the returned
     * action, run in both passes of {@link #buildData}.
     */
    private Runnable symbolTables() {
        List<Runnable> writes = new ArrayList<>();
        CType.Struct ksym = types.struct("kernel_symbol", false);
        for (boolean gpl : new boolean[] {false, true}) {
            List<Unit.Export> list = unit.exports.stream()
                    .filter(e -> e.gpl() == gpl)
                    .sorted(Comparator.comparing(Unit.Export::name)) // the linker script sorts each section
                    .toList();
            if (list.isEmpty()) continue;
            int base = table(gpl ? "__ksymtab_gpl" : "__ksymtab", ksym, list.size());
            for (int i = 0; i < list.size(); i++) {
                Unit.Export e = list.get(i);
                int at = base + i * ksym.size();
                writes.add(() -> {
                    Unit.Global g = unit.globals.get(e.name());
                    if (g != null) reloc(at + fieldOffset(ksym, "value"), Unit.RelocKind.DATA, g.offset());
                    else reloc(at + fieldOffset(ksym, "value"), Unit.RelocKind.FUNC, findFunction(e.name()).index);
                    reloc(at + fieldOffset(ksym, "name"), Unit.RelocKind.DATA, string(e.name()));
                    if (e.namespace() != null)
                        reloc(at + fieldOffset(ksym, "namespace"), Unit.RelocKind.DATA, string(e.namespace()));
                });
            }
        }
        List<String> names = new ArrayList<>(importSlots.keySet());
        if (!names.isEmpty()) {
            CType.Struct undef = types.struct("module_undef", false);
            int base = table("__undefs", undef, names.size());
            for (int i = 0; i < names.size(); i++) {
                int at = base + i * undef.size();
                String name = names.get(i);
                writes.add(() -> reloc(at + fieldOffset(undef, "name"), Unit.RelocKind.DATA, string(name)));
            }
            List<int[]> places = new ArrayList<>();
            importSlots.forEach((name, slot) -> places.add(new int[] {slot, importIndex(name)}));
            places.addAll(importUses);
            CType.Struct rel = types.struct("module_reloc", false);
            int relBase = table("__relocs", rel, places.size());
            for (int i = 0; i < places.size(); i++) {
                int at = relBase + i * rel.size();
                int[] place = places.get(i);
                writes.add(() -> {
                    reloc(at + fieldOffset(rel, "loc"), Unit.RelocKind.DATA, place[0]);
                    write(at + fieldOffset(rel, "sym"), 4, place[1]);
                });
            }
        }
        if (!importNamespaces.isEmpty()) {
            int base = table("__import_ns", CType.CHAR_PTR, importNamespaces.size());
            for (int i = 0; i < importNamespaces.size(); i++) {
                int at = base + i * 8;
                String ns = importNamespaces.get(i);
                writes.add(() -> reloc(at, Unit.RelocKind.DATA, string(ns)));
            }
        }
        if (unit.license != null) {
            String license = unit.license;
            int at = table("__modinfo_license", CType.CHAR_PTR, 1);
            writes.add(() -> reloc(at, Unit.RelocKind.DATA, string(license)));
        }
        for (var entry : unit.modinfo.entrySet()) {
            int at = table("__modinfo_" + entry.getKey(), CType.CHAR_PTR, 1);
            writes.add(() -> reloc(at, Unit.RelocKind.DATA, string(entry.getValue())));
        }
        return () -> writes.forEach(Runnable::run);
    }

    private int table(String name, CType element, int length) {
        addGlobal(name, name, new CType.Array(element, length), true, Pos.NONE);
        return unit.globals.get(name).offset();
    }

    private static int fieldOffset(CType.Struct s, String field) {
        return s.layout().field(field).offset();
    }

    /**
     * modpost: every module's undefined symbols must be exported by another module built with it (vmlinux's are
     * linked already); the first use of each one that is not is the error.
     */
    public static void modpost(List<Unit> modules) {
        List<Diagnostic> undefined = new ArrayList<>();
        for (Unit u : modules) {
            for (Unit.Import i : u.imports) {
                boolean exported = modules.stream()
                        .anyMatch(o -> o != u
                                && o.exports.stream().anyMatch(e -> e.name().equals(i.name())));
                if (!exported) undefined.add(i.undefined());
            }
        }
        if (!undefined.isEmpty()) throw new CompileException(undefined);
    }

    CType pushGlobalAddressType(String name) {
        if (name.equals("THIS_MODULE")) return CType.VOID_PTR;
        Unit.Global g = unit.globals.get(name);
        if (g == null && kernel != null) g = kernel.globals.get(name);
        return g == null ? externs.get(name) : g.type();
    }

    Long constant(String name) {
        if (name.equals("NULL")) return 0L;
        Long v = unit.constants.get(name);
        if (v == null && kernel != null) v = kernel.constants.get(name);
        return v;
    }

    int nameIndex(String name) {
        int i = unit.names.indexOf(name);
        if (i < 0) {
            unit.names.add(name);
            i = unit.names.size() - 1;
        }
        return i;
    }

    /**
     * gcc's hint after an unknown name: "; did you mean 'x'?" for the closest function in scope (edit distance at
     * most a third of the name), or nothing.
     */
    String didYouMean(String name) {
        String best = null;
        int bestDistance = Math.max(1, name.length() / 3) + 1;
        List<Collection<FunctionCode>> scopes = new ArrayList<>();
        scopes.add(unit.functions);
        if (kernel != null) scopes.add(kernel.functions);
        for (var scope : scopes) {
            for (FunctionCode f : scope) {
                if (f.name.startsWith("_")) continue; // internals are nobody's intended name
                int d = editDistance(name, f.name, bestDistance);
                if (d < bestDistance || (d == bestDistance && best != null && f.name.compareTo(best) < 0)) {
                    best = d < bestDistance || best == null ? f.name : best;
                    bestDistance = d;
                }
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** Levenshtein distance, or {@code limit} as soon as it is known to be at least that. */
    private static int editDistance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) return limit;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) return limit;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], limit);
    }
}

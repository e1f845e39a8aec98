package dev.driverlab.engine;

import dev.driverlab.engine.compile.Unit;
import dev.driverlab.engine.compile.UnitCompiler;
import dev.driverlab.kernel.Primitives;
import dev.driverlab.kernel.World;
import dev.driverlab.lang.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a scenario compiles to: the kernel prelude, its driver modules (the main one first) and the world it runs
 * in. Immutable.
 */
public record Program(Unit kernel, Unit module, World world, List<Unit> modules) {
    private static volatile Unit prelude;

    /** A scenario of one module. */
    public Program(Unit kernel, Unit module, World world) {
        this(kernel, module, world, module == null ? List.of() : List.of(module));
    }

    public Program {
        modules = List.copyOf(modules);
    }

    /** The module of that name, or null. */
    public Unit module(String name) {
        for (Unit u : modules) if (u.name.equals(name)) return u;
        return null;
    }

    /** Compiles the driver source against the (cached) kernel prelude; throws CompileException on errors. */
    public static Program compile(String moduleName, SourceFile source, World world) {
        return compile(moduleName, List.of(source), name -> null, world);
    }

    /**
     * Compiles a module of several C files (linked as one unit) against the kernel prelude; {@code includes} finds
     * the module's own headers for a quoted {@code #include}. Throws CompileException on errors.
     */
    public static Program compile(
            String moduleName, List<SourceFile> files, Function<String, SourceFile> includes, World world) {
        return compile(Map.of(moduleName, files), includes, world);
    }

    /**
     * Compiles several modules built together (Kbuild's {@code obj-m += a.o b.o}), each of its own C files, then
     * checks as modpost does that every symbol a module uses without defining is exported by another of them. The
     * first module is the main one.
     */
    public static Program compile(
            Map<String, List<SourceFile>> modules, Function<String, SourceFile> includes, World world) {
        List<Unit> units = new ArrayList<>();
        modules.forEach((name, files) ->
                units.add(UnitCompiler.compileModule(name, files, includes, kernelUnit(), world.kernel())));
        UnitCompiler.modpost(units);
        return new Program(kernelUnit(), units.get(0), world, units);
    }

    public static Unit kernelUnit() {
        Unit k = prelude;
        if (k == null) {
            synchronized (Program.class) {
                if (prelude == null) prelude = loadOrCompileKernel(KernelCache.fromEnvironment());
                k = prelude;
            }
        }
        return k;
    }

    /**
     * The prelude from the on-disk cache when it holds an image of these very sources for this build, else compiled
     * (and stored there for the next start); always compiled when {@code cache} is null.
     */
    static Unit loadOrCompileKernel(KernelCache cache) {
        List<SourceFile> sources = preludeSources();
        Primitives table = Primitives.table();
        if (cache == null) return UnitCompiler.compileKernel(sources, table::indexOf);
        List<String> names = new ArrayList<>(table.size());
        for (int i = 0; i < table.size(); i++) names.add(table.name(i));
        return cache.loadOrCompile(names, sources, () -> UnitCompiler.compileKernel(sources, table::indexOf));
    }

    /**
     * Starts compiling the prelude on a daemon thread, so that it overlaps with whatever the caller does next
     * (reading a scenario's YAML, starting a web server) instead of following it: the first {@link #kernelUnit()}
     * then waits for that compile (or finds it done) and gets the very same unit. A failure is left for that first
     * call to report, as it would without the head start: it compiles again and throws.
     */
    public static void compileInBackground() {
        if (prelude != null) return;
        Thread t = new Thread(
                () -> {
                    try {
                        kernelUnit();
                    } catch (RuntimeException | Error e) { // reported by the caller's own kernelUnit(), not from here
                    }
                },
                "prelude-compile");
        t.setDaemon(true);
        t.start();
    }

    /** The kernel's own sources, named after their real counterparts, in the order kernel/files.txt gives. */
    public static List<SourceFile> preludeSources() {
        List<SourceFile> files = new ArrayList<>();
        for (String line : resource("files.txt").lines().toList()) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) files.add(new SourceFile(name, resource(name)));
        }
        return files;
    }

    private static String resource(String name) {
        try (InputStream in = Program.class.getResourceAsStream("/kernel/" + name)) {
            if (in == null) throw new IllegalStateException("kernel/" + name + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

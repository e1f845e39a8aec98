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

/** What a scenario compiles to: the kernel prelude, the driver module and the world it runs in. Immutable. */
public record Program(Unit kernel, Unit module, World world) {
    private static volatile Unit prelude;

    /** Compiles the driver source against the (cached) kernel prelude; throws CompileException on errors. */
    public static Program compile(String moduleName, SourceFile source, World world) {
        return new Program(kernelUnit(), UnitCompiler.compileModule(moduleName, source, kernelUnit()), world);
    }

    public static Unit kernelUnit() {
        Unit k = prelude;
        if (k == null) {
            synchronized (Program.class) {
                if (prelude == null) prelude = UnitCompiler.compileKernel(preludeSource(), Primitives.table()::indexOf);
                k = prelude;
            }
        }
        return k;
    }

    public static SourceFile preludeSource() {
        try (InputStream in = Program.class.getResourceAsStream("/kernel/prelude.c")) {
            if (in == null) throw new IllegalStateException("kernel/prelude.c missing from the classpath");
            return new SourceFile("kernel/prelude.c", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

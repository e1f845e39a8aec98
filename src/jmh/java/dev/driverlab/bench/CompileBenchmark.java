package dev.driverlab.bench;

import dev.driverlab.engine.Program;
import dev.driverlab.engine.compile.Unit;
import dev.driverlab.engine.compile.UnitCompiler;
import dev.driverlab.kernel.Primitives;
import dev.driverlab.lang.SourceFile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The front end and compiler: {@link #compilePrelude} preprocesses, parses and compiles the whole kernel prelude
 * (what every start pays once), {@link #compileModule} the platform driver of {@link EngineBenchmark} against it (what each new module
 * source costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompileBenchmark {
    private List<SourceFile> prelude;
    private Unit kernel;

    @Setup
    public void setup() {
        prelude = Program.preludeSources();
        kernel = Program.kernelUnit();
    }

    @Benchmark
    public Unit compilePrelude() {
        return UnitCompiler.compileKernel(prelude, Primitives.table()::indexOf);
    }

    @Benchmark
    public Unit compileModule() {
        return UnitCompiler.compileModule("bench", new SourceFile("bench.c", EngineBenchmark.IRQS), kernel);
    }
}

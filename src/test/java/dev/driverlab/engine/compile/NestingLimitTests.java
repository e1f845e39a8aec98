package dev.driverlab.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Program;
import dev.driverlab.lang.CompileException;
import dev.driverlab.lang.Nesting;
import dev.driverlab.lang.SourceFile;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way C nests is bounded by {@link Nesting#LIMIT}: the deepest accepted program of each kind (the limit less
 * the few levels of the function around it) compiles when called from a thread with a small stack (512 KiB, half a
 * server thread's), one level more is the gcc-style nesting error, and 20,000 levels are the same error rather than
 * a StackOverflowError (which the compiler would report as an internal error, failing these tests).
 */
class NestingLimitTests {
    private static final int SMALL_STACK = 512 * 1024;

    /** A kind of nesting: the driver source with n levels of it. */
    enum Kind {
        ADDITIONS(n -> "int f(int a) { return a" + " + 1".repeat(n) + "; }"),
        LOGICAL_ORS(n -> "int f(int a) { return a" + " || a".repeat(n) + "; }"),
        COMMAS(n -> "int f(int a) { return (a" + ", a".repeat(n) + "); }"),
        SUBSCRIPTS(n -> "int a" + "[1]".repeat(n) + ";\nint f(void) { return a" + "[0]".repeat(n) + "; }"),
        ARROWS(n -> "struct node { struct node *n; int v; };\nint f(struct node *p) { return p" + "->n".repeat(n)
                + "->v; }"),
        DOTS(n -> "struct s0 { int v; };\n"
                + IntStream.rangeClosed(1, n)
                        .mapToObj(i -> "struct s" + i + " { struct s" + (i - 1) + " n; };\n")
                        .collect(Collectors.joining())
                + "struct s" + n + " g;\nint f(void) { return g" + ".n".repeat(n) + ".v; }"),
        TERNARIES(n -> "int f(int a) { return " + "a ? 1 : ".repeat(n) + "0; }"),
        ELSE_IFS(n -> "int f(int a) { if (a == 0) return 0;"
                + IntStream.rangeClosed(1, n)
                        .mapToObj(i -> " else if (a == " + i + ") return " + i + ";")
                        .collect(Collectors.joining())
                + " return -1; }"),
        PARENTHESES(n -> "int f(int a) { return " + "(".repeat(n) + "a" + ")".repeat(n) + "; }"),
        BLOCKS(n -> "int f(int a) { " + "{ ".repeat(n) + "a++; " + "} ".repeat(n) + "return a; }"),
        CALLS(n -> "int g(int x) { return x; }\nint f(int a) { return " + "g(".repeat(n) + "a" + ")".repeat(n) + "; }"),
        ASSIGNMENTS(n -> "int f(int a) { return " + "a = ".repeat(n) + "1; }"),
        UNARY_OPERATORS(n -> "int f(int a) { return " + "~".repeat(n) + "a; }"),
        CASTS(n -> "long f(long a) { return " + "(long)".repeat(n) + "a; }"),
        SIZEOFS(n -> "unsigned long f(int a) { return " + "sizeof ".repeat(n) + "a; }"),
        POINTER_DECLARATORS(n -> "int " + "*".repeat(n) + "p;"),
        PARENTHESISED_DECLARATORS(n -> "int " + "(*".repeat(n) + "p" + ")".repeat(n) + ";"),
        INITIALIZER_BRACES(n -> "int x = " + "{".repeat(n) + "1" + "}".repeat(n) + ";"),
        NESTED_STRUCTS(n -> "struct s { " + "struct { ".repeat(n) + "int v; " + "} n; ".repeat(n) + "};"),
        DEFINE_CONSTANTS(n -> "#define X 0" + " + 1".repeat(n) + "\nint y = X;");

        final IntFunction<String> source;

        Kind(IntFunction<String> source) {
            this.source = source;
        }
    }

    @BeforeAll
    static void compileTheKernelOnAnOrdinaryStack() {
        Program.kernelUnit();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theDeepestAcceptedProgramCompilesOnASmallStackAndOneLevelMoreIsTheNestingError(Kind kind) {
        int deepest = deepestAccepted(kind);
        assertThat(deepest)
                .as("deepest accepted %s", kind)
                .isGreaterThanOrEqualTo(Nesting.LIMIT - 8)
                .isLessThanOrEqualTo(Nesting.LIMIT);
        assertThat(compileOnSmallStack(kind.source.apply(deepest)))
                .as("%s x%d", kind, deepest)
                .isNull();
        assertThat(compileOnSmallStack(kind.source.apply(deepest + 1)))
                .as("%s x%d", kind, deepest + 1)
                .satisfies(NestingLimitTests::isTheNestingError);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twentyThousandLevelsAreTheNestingErrorNotAStackOverflow(Kind kind) {
        assertThat(compileOnSmallStack(kind.source.apply(20_000))).satisfies(NestingLimitTests::isTheNestingError);
    }

    private static void isTheNestingError(String errors) {
        assertThat(errors)
                .isNotNull()
                .containsPattern(
                        "drv\\.c:\\d+:\\d+: error: [a-z]+ nested too deeply \\(the limit is " + Nesting.LIMIT + "\\)")
                .doesNotContain("internal")
                .doesNotContain("program nested");
    }

    /** The largest n whose program is not rejected for nesting (by bisection: nesting errors are monotonic). */
    private static int deepestAccepted(Kind kind) {
        int ok = 1;
        int bad = 4 * Nesting.LIMIT;
        while (bad - ok > 1) {
            int mid = (ok + bad) / 2;
            String errors = compile(kind.source.apply(mid));
            if (errors != null && errors.contains("nested too deeply")) bad = mid;
            else ok = mid;
        }
        return ok;
    }

    /** The compile errors of a driver source, null when it compiles. */
    static String compile(String source) {
        try {
            UnitCompiler.compileModule("drv", new SourceFile("drv.c", source), Program.kernelUnit());
            return null;
        } catch (CompileException e) {
            return e.getMessage();
        }
    }

    /** {@link #compile} on a fresh thread with a small stack; a Throwable escaping the compiler fails the test. */
    static String compileOnSmallStack(String source) {
        AtomicReference<String> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(
                null,
                () -> {
                    try {
                        result.set(compile(source));
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                "small-stack",
                SMALL_STACK);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(failure.get()).as("escaped the compiler").isNull();
        return result.get();
    }
}

package dev.driverlab.engine.compile;

import static dev.driverlab.engine.compile.NestingLimitTests.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Program;
import dev.driverlab.lang.SourceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Array and struct sizes are checked as gcc checks them, and a module's static data has a budget. */
class StaticDataLimitTests {
    private static final String LIMIT = "the simulator's limit of " + UnitCompiler.MAX_STATIC_DATA + " bytes";

    @Test
    void staticDataOverTheBudgetIsAnErrorNamingTheVariable() {
        assertThat(compile("static char buf[1<<26];\n"))
                .isEqualTo("drv.c:1:13: error: static data of 'buf' (67108864 bytes) exceeds " + LIMIT);
        assertThat(compile("static char buf[1<<30];\n"))
                .isEqualTo("drv.c:1:13: error: static data of 'buf' (1073741824 bytes) exceeds " + LIMIT);
        assertThat(compile("int f(void)\n{\n\tstatic char buf[8 << 20];\n\treturn buf[0];\n}\n"))
                .isEqualTo("drv.c:3:14: error: static data of 'buf' (8388608 bytes) exceeds " + LIMIT);
    }

    @Test
    void staticDataWithinTheBudgetCompilesToAnImageOfThatSize() {
        Unit u = UnitCompiler.compileModule(
                "drv", new SourceFile("drv.c", "static char buf[1 << 20];\n"), Program.kernelUnit());
        assertThat(u.dataSize()).isGreaterThanOrEqualTo(1 << 20).isLessThanOrEqualTo(UnitCompiler.MAX_STATIC_DATA);
    }

    @Test
    void stringLiteralsCountTowardsTheBudget() {
        String literal = "\"" + "x".repeat(1 << 20) + "\"";
        assertThat(compile("static char big[3 << 20];\nconst char *a = " + literal + ";\n"))
                .startsWith("drv.c:1:1: error: static data of variables and string literals (")
                .endsWith(" bytes) exceeds " + LIMIT);
    }

    @Test
    void aNegativeArraySizeIsAnError() {
        assertThat(compile("static char buf[-1];\n")).isEqualTo("drv.c:1:17: error: size of array 'buf' is negative");
        assertThat(compile("int f(void)\n{\n\tchar buf[1 - 2];\n\treturn 0;\n}\n"))
                .isEqualTo("drv.c:3:13: error: size of array 'buf' is negative");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "static char buf[1UL<<62];",
                "static char buf[1<<20][1<<20];",
                "static long buf[1L<<60];",
                "static char buf[sizeof(long) * (1L << 61)];",
                "static char buf[(1L << 62) + (1L << 62)];",
                "static char buf[1L << 64];",
                "static char buf[] = { [1099511627776] = 1 };"
            })
    void anArrayBiggerThanAnyObjectIsTooLarge(String declaration) {
        assertThat(compile(declaration + "\n"))
                .startsWith("drv.c:1:")
                .endsWith(": error: size of array 'buf' is too large");
    }

    @Test
    void anArrayOfUnknownLengthTakesItsLengthFromTheLargestDesignator() {
        Unit u = UnitCompiler.compileModule(
                "drv",
                new SourceFile("drv.c", "static char buf[] = { [1 << 12] = 1, [4] = 2 };\n"),
                Program.kernelUnit());
        assertThat(u.global("buf").type()).hasToString("char[4097]");
        assertThat(compile("static char buf[] = { [1 << 28] = 1 };\n"))
                .isEqualTo("drv.c:1:13: error: static data of 'buf' (268435457 bytes) exceeds " + LIMIT);
    }

    @Test
    void aStructBiggerThanAnyObjectIsTooLarge() {
        assertThat(compile("struct big {\n\tchar a[1 << 30];\n\tchar b[1 << 30];\n\tchar c[1 << 30];\n};\n"))
                .isEqualTo("drv.c:1:8: error: type 'struct big' is too large");
    }

    @Test
    void aFrameBiggerThanTheSimulatorCanHoldIsAnError() {
        assertThat(compile("int f(void)\n{\n\tchar a[1 << 20];\n\tchar b[1 << 20];\n\treturn a[0] + b[0];\n}\n"))
                .isEqualTo("drv.c:4:7: error: local variable 'b' (1048576 bytes) makes the frame exceed the "
                        + "simulator's limit of " + FunctionContext.MAX_FRAME_SIZE + " bytes");
    }
}

package dev.driverlab.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The front end's budgets: macro expansion, string literal bytes and the number of errors of one file. */
class InputLimitsTests {

    /** {@code #define A0 <zero>}, then {@code #define Ai A(i-1) A(i-1)} up to level n: 2^n copies of A0. */
    private static String doublingMacros(String zero, int levels) {
        return "#define A0 " + zero + "\n"
                + IntStream.rangeClosed(1, levels)
                        .mapToObj(i -> "#define A" + i + " A" + (i - 1) + " A" + (i - 1) + "\n")
                        .collect(Collectors.joining());
    }

    private static List<Diagnostic> errors(String source) {
        CompileException e = catchThrowableOfType(
                CompileException.class, () -> Parser.parse(new SourceFile("drv.c", source), Set.of()));
        assertThat(e).as("a compile error").isNotNull();
        return e.diagnostics();
    }

    @Test
    void exponentialMacroExpansionStopsAtTheTokenBudgetWithAnErrorAtTheMacroUse() {
        String source = doublingMacros("x x", 24) + "int y = A24;\n"; // 2^25 tokens if expanded
        assertThat(errors(source))
                .extracting(Diagnostic::headline)
                .containsExactly("drv.c:26:9: error: macro expansion of 'A24' exceeds the limit of "
                        + Preprocessor.MAX_EXPANDED_TOKENS + " tokens");
    }

    @Test
    void theBudgetCountsFunctionLikeMacroArgumentsToo() {
        String source = "#define TWICE(x) x x\n" + doublingMacros("TWICE(TWICE(TWICE(TWICE(z))))", 16)
                + "int y = A16;\n"; // 16 tokens for each of the 2^16 copies
        assertThat(errors(source))
                .extracting(Diagnostic::message)
                .containsExactly("macro expansion of 'A16' exceeds the limit of " + Preprocessor.MAX_EXPANDED_TOKENS
                        + " tokens");
    }

    @Test
    void macrosThatExpandToNothingStillCountAgainstTheBudget() {
        StringBuilder source = new StringBuilder("#define E\n#define B0 E E E E E E E E E E\n");
        for (int i = 1; i <= 8; i++) { // 10^9 uses of E, producing no token at all
            source.append("#define B")
                    .append(i)
                    .append(String.format(" B%d", i - 1).repeat(10))
                    .append('\n');
        }
        source.append("int y = 1 B8;\n");
        assertThat(errors(source.toString()))
                .extracting(Diagnostic::message)
                .containsExactly(
                        "macro expansion of 'B8' exceeds the limit of " + Preprocessor.MAX_EXPANDED_TOKENS + " tokens");
    }

    @Test
    void expansionWithinTheBudgetIsUnchanged() {
        String source = doublingMacros("x +", 7) + "int y = A7 0;\n"; // 128 x's
        TranslationUnit tu = Parser.parse(new SourceFile("drv.c", source), Set.of());
        Decl.GlobalVar y = (Decl.GlobalVar) tu.decls().get(tu.decls().size() - 1);
        int additions = 0;
        for (Expr e = y.init(); e instanceof Expr.Binary b; e = b.left()) {
            additions++;
        }
        assertThat(additions).isEqualTo(128);
    }

    @Test
    void stringLiteralsPastTheirBudgetAreAnErrorNotAnOutOfMemoryError() {
        String kilobyte = "\"" + "x".repeat(1024) + "\"";
        String source = doublingMacros(kilobyte, 13) + "const char *s = A13;\n"; // 8 MiB of one literal
        assertThat(errors(source))
                .extracting(Diagnostic::message)
                .containsExactly("string literals exceed the limit of " + ExpressionParser.MAX_STRING_BYTES + " bytes");
    }

    @Test
    void aFileOfJunkStopsAfterTheErrorLimit() {
        List<Diagnostic> lexing = errors("@ ".repeat(10_000));
        assertThat(lexing).hasSize(CompileException.MAX_ERRORS + 1);
        assertThat(lexing.get(lexing.size() - 1).message()).isEqualTo(CompileException.TOO_MANY_ERRORS);

        List<Diagnostic> parsing = errors("int f(void) { " + "return ) ; ".repeat(10_000) + "}");
        assertThat(parsing).hasSize(CompileException.MAX_ERRORS + 1);
        assertThat(parsing).extracting(Diagnostic::message).contains(CompileException.TOO_MANY_ERRORS);
    }
}

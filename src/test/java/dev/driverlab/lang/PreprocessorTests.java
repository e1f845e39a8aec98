package dev.driverlab.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The C preprocessor as gcc runs it on kernel code (C11 6.10 and the GNU extensions): each test preprocesses a file
 * and compares the token spellings the parser would get, or gcc's diagnostic.
 */
class PreprocessorTests {

    private static Preprocessor.Result run(String text, Map<String, String> others, MacroTable macros) {
        return Preprocessor.run(
                new SourceFile("m.c", text),
                macros,
                name -> others.containsKey(name) ? new SourceFile(name, others.get(name)) : null);
    }

    /** The tokens' spellings, joined by one space, EOF left out. */
    private static String out(String text) {
        return out(text, Map.of());
    }

    private static String out(String text, Map<String, String> others) {
        Preprocessor.Result r = run(text, others, new MacroTable());
        assertThat(r.diagnostics()).as("diagnostics").isEmpty();
        return spell(r.tokens());
    }

    private static String spell(List<Token> tokens) {
        return String.join(
                " ",
                tokens.stream()
                        .filter(t -> !t.is(TokenType.EOF))
                        .map(Token::text)
                        .toList());
    }

    private static List<String> errors(String text) {
        return errors(text, Map.of());
    }

    private static List<String> errors(String text, Map<String, String> others) {
        return run(text, others, new MacroTable()).diagnostics().stream()
                .map(d -> d.file() + ":" + d.line() + ":" + d.col() + ": " + d.message())
                .toList();
    }

    // ---------------------------------------------------------------- #define and expansion

    @Test
    void objectLikeMacrosExpandAndRescan() {
        assertThat(out("#define A B + 1\n#define B 2\nA;")).isEqualTo("2 + 1 ;");
    }

    @Test
    void aMacroIsNotExpandedInsideItself() {
        assertThat(out("#define foo foo + 1\nfoo;")).isEqualTo("foo + 1 ;");
        assertThat(out("#define f(x) g(x)\n#define g(x) f(x)\nf(1);")).isEqualTo("f ( 1 ) ;");
    }

    @Test
    void functionLikeMacrosTakeArgumentsFromTheRestOfTheFile() {
        assertThat(out("#define f(a, b) a * b\nf((1, 2), 3);")).isEqualTo("( 1 , 2 ) * 3 ;");
        assertThat(out("#define f(x) [x]\n#define g f\ng(1);")).isEqualTo("[ 1 ] ;");
        assertThat(out("#define f(x) x\nint f;")).isEqualTo("int f ;"); // the name alone is no call
    }

    @Test
    void argumentsAreExpandedBeforeSubstitution() {
        assertThat(out("#define N 4\n#define SQ(x) ((x) * (x))\nSQ(N);")).isEqualTo("( ( 4 ) * ( 4 ) ) ;");
    }

    @Test
    void stringizingSpellsTheArgument() {
        assertThat(out("#define S(x) #x\nS(a  +  \"q\\\\\" b);")).isEqualTo("\"a + \\\"q\\\\\\\\\\\" b\" ;");
        Token t = run("#define S(x) #x\nS(a+b);", Map.of(), new MacroTable())
                .tokens()
                .get(0);
        assertThat(t.string()).isEqualTo("a+b");
    }

    @Test
    void pastingMakesOneToken() {
        assertThat(out("#define CAT(a, b) a ## b\nCAT(dev_attr_, foo);")).isEqualTo("dev_attr_foo ;");
        assertThat(out("#define CAT(a, b) a ## b\nCAT(, x) CAT(y, );")).isEqualTo("x y ;");
        assertThat(out("#define V(n) 0x ## n\nV(ff);")).isEqualTo("0xff ;");
    }

    @Test
    void pastingThatMakesNoTokenIsGccsError() {
        assertThat(errors("#define CAT(a, b) a ## b\nCAT(+, /);"))
                .containsExactly("m.c:2:1: pasting \"+\" and \"/\" does not give a valid preprocessing token");
    }

    @Test
    void variadicMacrosAndTheGnuComma() {
        String defs = "#define P(fmt, ...) printk(fmt, ##__VA_ARGS__)\n#define Q(fmt, args...) q(fmt, ## args)\n";
        assertThat(out(defs + "P(\"a\"); P(\"b\", 1, 2); Q(\"c\"); Q(\"d\", x);"))
                .isEqualTo("printk ( \"a\" ) ; printk ( \"b\" , 1 , 2 ) ; q ( \"c\" ) ; q ( \"d\" , x ) ;");
    }

    @Test
    void prFmtIsTheOneInForceWhereTheMacroIsUsed() {
        MacroTable kernel = new MacroTable();
        run(
                "#ifndef pr_fmt\n#define pr_fmt(fmt) fmt\n#endif\n#define pr_info(fmt, ...) printk(fmt, ##__VA_ARGS__)\n",
                Map.of(),
                kernel);
        MacroTable module = kernel.copy();
        module.define("KBUILD_MODNAME", "\"m\"");
        Preprocessor.Result r = run(
                "#define pr_fmt(fmt) KBUILD_MODNAME \": \" fmt\n#undef pr_info\n"
                        + "#define pr_info(fmt, ...) printk(pr_fmt(fmt), ##__VA_ARGS__)\npr_info(\"hi %d\", 1);",
                Map.of(), module);
        assertThat(spell(r.tokens())).isEqualTo("printk ( \"m\" \": \" \"hi %d\" , 1 ) ;");
        assertThat(kernel.get("pr_fmt").body()).hasSize(1); // the module's #define stays in its copy
    }

    @Test
    void wrongArgumentCountsAreGccsErrors() {
        assertThat(errors("#define F(a, b) a\nF(1);\nF(1, 2, 3);"))
                .containsExactly(
                        "m.c:2:1: macro \"F\" requires 2 arguments, but only 1 given",
                        "m.c:3:1: macro \"F\" passed 3 arguments, but takes just 2");
        assertThat(errors("#define F(a) a\nF(1"))
                .containsExactly("m.c:2:1: unterminated argument list invoking macro \"F\"");
    }

    @Test
    void bodyTokensSitAtTheUseAndArgumentsWhereTheyWere() {
        List<Token> ts = run("#define F(x) (x + 1)\nint a = F(\n   y);", Map.of(), new MacroTable())
                .tokens();
        Token paren = ts.get(3);
        Token y = ts.get(4);
        assertThat(paren.pos()).isEqualTo(new Pos(2, 9));
        assertThat(y.pos()).isEqualTo(new Pos(3, 4));
    }

    @Test
    void builtinMacros() {
        assertThat(out("__LINE__ __FILE__\n__LINE__")).isEqualTo("1 \"m.c\" 2");
    }

    @Test
    void undefForgetsAMacro() {
        assertThat(out("#define X 1\n#undef X\nX")).isEqualTo("X");
    }

    // ---------------------------------------------------------------- conditionals

    @Test
    void conditionalGroups() {
        String src = """
                #define ON 1
                #if 0
                hidden1 don't mind the apostrophe
                #if 1
                hidden2
                #endif
                #else
                shown1
                #endif
                #ifdef ON
                shown2
                #else
                hidden3
                #endif
                #ifndef OFF
                shown3
                #endif
                #if defined(ON) && !defined OFF
                shown4
                #endif
                #if OFF
                hidden4
                #elif ON + 1 == 2
                shown5
                #elif 1
                hidden5
                #else
                hidden6
                #endif
                end
                """;
        assertThat(out(src)).isEqualTo("shown1 shown2 shown3 shown4 shown5 end");
    }

    @Test
    void versionChecksAsDriversWriteThem() {
        MacroTable m = new MacroTable();
        m.define("LINUX_VERSION_CODE", String.valueOf((6 << 16) + (1 << 8)));
        Preprocessor.Result r = run("""
                #define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
                #if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)
                #define HAVE_PROC_OPS
                #endif
                #if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0) && defined(HAVE_PROC_OPS)
                new_enough
                #endif
                """, Map.of(), m);
        assertThat(spell(r.tokens())).isEqualTo("new_enough");
    }

    @Test
    void ifExpressionErrors() {
        assertThat(errors("#if\n#endif")).containsExactly("m.c:1:2: #if with no expression");
        assertThat(errors("#if 1 / 0\n#endif")).containsExactly("m.c:1:7: division by zero in #if");
        assertThat(errors("#if (1\n#endif")).containsExactly("m.c:1:2: missing ')' in expression");
        assertThat(errors("#if 1 2\n#endif")).containsExactly("m.c:1:7: missing binary operator before token \"2\"");
    }

    @Test
    void unbalancedConditionalsAreErrors() {
        assertThat(errors("#ifdef X\nint a;")).containsExactly("m.c:1:2: unterminated #ifdef");
        assertThat(errors("#endif")).containsExactly("m.c:1:2: #endif without #if");
        assertThat(errors("#else")).containsExactly("m.c:1:2: #else without #if");
        assertThat(errors("#if 1\n#else\n#else\n#endif")).containsExactly("m.c:3:2: #else after #else");
    }

    @Test
    void errorDirectiveInATakenGroupOnly() {
        assertThat(errors("#if 0\n#error not this\n#else\n#error \"this one\"\n#endif"))
                .containsExactly("m.c:4:2: #error \"this one\"");
    }

    @Test
    void unknownDirectivesAreErrorsAndHarmlessOnesAreIgnored() {
        assertThat(errors("#pragma once\n#warning later\n#line 10\n#frobnicate"))
                .containsExactly("m.c:4:2: invalid preprocessing directive #frobnicate");
    }

    @Test
    void warningDirectivesAreWarningsAndTheCompileGoesOn() {
        Preprocessor.Result r = run("#if 1\n#warning \"check the board\"\n#endif\nint x;", Map.of(), new MacroTable());
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.warnings()).containsExactly("m.c:2:2: warning: #warning \"check the board\"");
        assertThat(spell(r.tokens())).isEqualTo("int x ;");
    }

    // ---------------------------------------------------------------- #include

    @Test
    void quotedIncludesComeFromTheModulesSources() {
        Map<String, String> others = Map.of("chardev.h", """
                #ifndef CHARDEV_H
                #define CHARDEV_H
                #define MAJOR_NUM 100
                int shared;
                #endif
                """);
        assertThat(out("#include \"chardev.h\"\n#include \"chardev.h\"\nint x = MAJOR_NUM;", others))
                .isEqualTo("int shared ; int x = 100 ;");
    }

    @Test
    void angleIncludesFindTheModulesHeaderAtThatPathAndQuotedOnesLookBesideTheIncluderFirst() {
        Map<String, String> others = Map.of(
                "lkmc/ioctl.h", "#include \"types.h\"\nint from_lkmc = T;",
                "lkmc/types.h", "#define T 1",
                "types.h", "#define T 2",
                "module.h", "int not_the_kernels;");
        assertThat(out("#include <lkmc/ioctl.h>\n#include <linux/module.h>\n#include \"types.h\"\nint x = T;", others))
                .isEqualTo("int from_lkmc = 1 ; int x = 2 ;");
        assertThat(SourceFile.normalize("a/./b/../c.h")).isEqualTo("a/c.h");
        assertThat(SourceFile.normalize("../c.h")).isNull();
    }

    @Test
    void kernelHeadersAreAlwaysThere() {
        assertThat(out("#include <linux/module.h>\n#include <linux/proc_fs.h>\nint x;"))
                .isEqualTo("int x ;");
    }

    @Test
    void errorsNameTheFileTheyAreIn() {
        Map<String, String> others = Map.of("a.h", "int a;\n#error in the header\n");
        assertThat(errors("#include \"a.h\"\n#include \"missing.h\"\n", others))
                .containsExactly("a.h:2:2: #error in the header", "m.c:2:10: missing.h: No such file or directory");
        List<Token> ts = run("#include \"a.h\"\nint b;", Map.of("a.h", "int a;"), new MacroTable())
                .tokens();
        assertThat(ts.get(0).pos()).isEqualTo(new Pos(1, 1, 1));
        assertThat(ts.get(3).pos()).isEqualTo(new Pos(2, 1, 0));
    }

    @Test
    void includingItselfStopsAtGccsDepth() {
        List<String> errors = errors("#include \"m.h\"\n", Map.of("m.h", "#include \"m.h\"\n"));
        assertThat(errors).containsExactly("m.h:1:2: #include nested depth 200 exceeds maximum of 200");
    }

    // ---------------------------------------------------------------- budgets

    @Test
    void deeplyNestedMacroArgumentsAreAnErrorNotAStackOverflow() {
        String src = "#define F(x) x\n" + "F(".repeat(300) + "1" + ")".repeat(300) + ";";
        assertThat(errors(src))
                .singleElement()
                .asString()
                .endsWith("macro arguments nested too deeply (the limit is " + Nesting.LIMIT + ")");
    }

    @Test
    void quadraticRescanningStopsAtTheBudget() {
        String src = "#define F(x) x\n" + "F(".repeat(5000) + "1" + ")".repeat(5000) + ";";
        assertThat(errors(src))
                .singleElement()
                .asString()
                .endsWith("exceeds the limit of " + Preprocessor.MAX_EXPANDED_TOKENS + " tokens");
    }

    @Test
    void exponentialExpansionStopsAtTheBudget() {
        StringBuilder src = new StringBuilder("#define A0 x\n");
        for (int i = 1; i <= 30; i++)
            src.append("#define A")
                    .append(i)
                    .append(" A")
                    .append(i - 1)
                    .append(" A")
                    .append(i - 1)
                    .append('\n');
        src.append("A30;");
        assertThat(errors(src.toString()))
                .containsExactly("m.c:32:1: macro expansion of 'A30' exceeds the limit of "
                        + Preprocessor.MAX_EXPANDED_TOKENS + " tokens");
    }
}

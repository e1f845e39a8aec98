package dev.driverlab.engine.compile;

import static dev.driverlab.Fuzz.pick;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.Fuzz;
import dev.driverlab.engine.Program;
import dev.driverlab.lang.CompileException;
import dev.driverlab.lang.Diagnostic;
import dev.driverlab.lang.Nesting;
import dev.driverlab.lang.SourceFile;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the C front end and compiler: whatever the source, a compile ends compiled or in a CompileException of
 * at most {@link CompileException#MAX_ERRORS} (+1) gcc-style diagnostics, none of them an internal compiler error
 * (the compiler's catch-all for its own bugs), and never in any other exception. Sources are token soups and
 * mutations of the built-in scenarios' drivers: tokens or lines deleted, duplicated or swapped, deep nesting,
 * long chains, exponential macros or huge arrays inserted.
 */
class CompilerProperties {
    private static final List<String> DRIVERS =
            ScenarioLibrary.builtIn().all().stream().map(Scenario::source).toList();
    private static final Pattern HEADLINE = Pattern.compile("(?s)drv\\.c:\\d+:\\d+: error: .+");
    /** A word, a number, another character, or a run of white space: what token mutations work on. */
    private static final Pattern PIECE = Pattern.compile("\\s+|[A-Za-z_]\\w*|\\d\\w*|\\S");

    private static final List<String> VOCABULARY = List.of(
            "int",
            "char",
            "long",
            "unsigned",
            "void",
            "struct",
            "union",
            "enum",
            "typedef",
            "static",
            "extern",
            "const",
            "if",
            "else",
            "for",
            "while",
            "do",
            "switch",
            "case",
            "default",
            "break",
            "continue",
            "return",
            "goto",
            "sizeof",
            "u32",
            "bool",
            "size_t",
            "a",
            "b",
            "p",
            "s",
            "f",
            "n",
            "kmalloc",
            "kfree",
            "min",
            "max",
            "container_of",
            "offsetof",
            "list_for_each_entry",
            "list_first_entry",
            "module_init",
            "module_exit",
            "MODULE_LICENSE",
            "THIS_MODULE",
            "NULL",
            "current",
            "spin_lock_irqsave",
            "get_user",
            "put_user",
            "ARRAY_SIZE",
            "DEFINE_MUTEX",
            "printk",
            "KERN_INFO",
            "0",
            "1",
            "-1",
            "0x7fffffff",
            "0xffffffffffffffff",
            "99999999999999999999",
            "1UL",
            "'c'",
            "'\\n'",
            "\"str\"",
            "\"%d\\n\"",
            "(",
            ")",
            "{",
            "}",
            "[",
            "]",
            ";",
            ",",
            ".",
            "->",
            "+",
            "-",
            "*",
            "/",
            "%",
            "&",
            "|",
            "^",
            "!",
            "~",
            "?",
            ":",
            "=",
            "==",
            "!=",
            "<",
            ">",
            "<=",
            ">=",
            "<<",
            ">>",
            "&&",
            "||",
            "++",
            "--",
            "+=",
            "<<=",
            "...",
            "\u2026",
            "\n",
            "\n#define ",
            "\n#define F(x) ",
            "\n#if 0\n",
            "\n#else\n",
            "\n#endif\n",
            "#",
            "@",
            "\\\n",
            "/*",
            "*/",
            "//");
    private static final List<String> NESTINGS = List.of(
            "(",
            "-",
            "!",
            "~",
            "(long)",
            "*&",
            "f(",
            "sizeof ",
            "{",
            "a = ",
            "a ? 1 : ",
            "if (a) ",
            "{ .x = ",
            "int *");
    private static final List<String> CHAINS =
            List.of(" + 1", ", 0", "[0]", "->n", ".n", " ? 1 : 0", " || 0", " = 0", "*", " else if (a) ;");
    private static final List<String> DECLARATIONS = List.of(
            "static char fuzz[1 << 30];",
            "static char fuzz[-1];",
            "static long fuzz[1UL << 62][2];",
            "struct fuzz { char a[1 << 30]; char b[1 << 30]; char c[1 << 30]; };",
            "static char fuzz[] = { [1 << 28] = 1 };",
            "typedef int T0; typedef T0 *T1; typedef T1 *T2;",
            "static int fuzz = sizeof(long) * (1L << 61);",
            "static const char *fuzz = \"unterminated;");

    private static final Unit KERNEL = Program.kernelUnit();

    @Test
    void tokenSoupsCompileOrFailWithDiagnostics() {
        Fuzz.check("token-soup", CompilerProperties::tokenSoup, CompilerProperties::compileOrDiagnose);
    }

    @Test
    void mutatedBuiltInDriversCompileOrFailWithDiagnostics() {
        Fuzz.check("mutated-driver", CompilerProperties::mutatedDriver, CompilerProperties::compileOrDiagnose);
    }

    static void compileOrDiagnose(String source) {
        try {
            UnitCompiler.compileModule("drv", new SourceFile("drv.c", source), KERNEL);
        } catch (CompileException e) {
            List<Diagnostic> diagnostics = e.diagnostics();
            assertThat(diagnostics).isNotEmpty().hasSizeLessThanOrEqualTo(CompileException.MAX_ERRORS + 1);
            for (Diagnostic d : diagnostics) {
                assertThat(d.headline())
                        .matches(HEADLINE)
                        .doesNotContain("internal compiler error")
                        .doesNotContain("program nested");
            }
        }
    }

    static String tokenSoup(Random random) {
        StringBuilder soup = new StringBuilder();
        for (int i = random.nextInt(300); i > 0; i--)
            soup.append(pick(random, VOCABULARY)).append(' ');
        return soup.toString();
    }

    /** A built-in driver with one to four mutations. */
    static String mutatedDriver(Random random) {
        String source = pick(random, DRIVERS);
        for (int i = 1 + random.nextInt(4); i > 0; i--) source = mutate(source, random);
        return source;
    }

    /** A depth: mostly small, often around the nesting limit, sometimes far beyond it. */
    private static int depth(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(30);
            case 1 -> Nesting.LIMIT - 8 + random.nextInt(16);
            case 2 -> 1 + random.nextInt(600);
            default -> 5_000 + random.nextInt(20_000);
        };
    }

    private static String mutate(String source, Random random) {
        List<String> pieces = pieces(source);
        List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
        int at = random.nextInt(pieces.size());
        int other = random.nextInt(pieces.size());
        int line = random.nextInt(lines.size());
        int kind = random.nextInt(13);
        switch (kind) {
            case 0 -> pieces.remove(at);
            case 1 -> pieces.add(at, pieces.get(other));
            case 2 -> Collections.swap(pieces, at, other);
            case 3 -> pieces.add(at, " " + pick(random, VOCABULARY) + " ");
            case 4 -> {
                int n = depth(random);
                String open = pick(random, NESTINGS);
                pieces.add(at, open.repeat(n));
                pieces.add(Math.min(pieces.size(), at + 2), closing(open).repeat(n));
            }
            case 5 -> pieces.add(at, pick(random, CHAINS).repeat(depth(random)));
            case 6 -> lines.remove(line);
            case 7 -> lines.add(line, lines.get(random.nextInt(lines.size())));
            case 8 -> Collections.swap(lines, line, random.nextInt(lines.size()));
            case 9 -> lines.add(line, exponentialMacro(random));
            case 10 -> { // a name of the driver redefined as a macro of one of its tokens (and itself)
                List<String> names =
                        pieces.stream().filter(p -> p.matches("[A-Za-z_]\\w*")).toList();
                String name = names.isEmpty() ? "x" : pick(random, names);
                lines.add(0, "#define " + name + " " + pieces.get(other).strip() + " " + name);
            }
            case 11 -> lines.add(line, pick(random, DECLARATIONS));
            default -> {
                return source.substring(0, random.nextInt(source.length() + 1)); // truncated
            }
        }
        return kind <= 5 ? String.join("", pieces) : String.join("\n", lines);
    }

    private static String closing(String open) {
        return switch (open) {
            case "(", "f(" -> ")";
            case "{", "{ .x = " -> "}";
            default -> "";
        };
    }

    private static String exponentialMacro(Random random) {
        int levels = 5 + random.nextInt(25);
        StringBuilder macros =
                new StringBuilder("#define M0 " + pick(random, "1 + x", "x x", "\"s\" \"s\"", "(M0)") + "\n");
        for (int i = 1; i <= levels; i++) {
            macros.append("#define M")
                    .append(i)
                    .append(" M")
                    .append(i - 1)
                    .append(pick(random, " + ", " ", ", "))
                    .append('M')
                    .append(i - 1)
                    .append('\n');
        }
        return macros
                + pick(random, "static int fuzz = M", "int fuzz(void) { return M", "static const char *s = M")
                + levels
                + pick(random, ";", "; }", "");
    }

    private static List<String> pieces(String source) {
        List<String> pieces = new ArrayList<>();
        Matcher m = PIECE.matcher(source);
        while (m.find()) pieces.add(m.group());
        if (pieces.isEmpty()) pieces.add(" ");
        return pieces;
    }
}

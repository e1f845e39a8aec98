package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTests {

    private static List<Token> lex(String text) {
        return Lexer.lex(new SourceFile("t.c", text));
    }

    private static List<TokenType> types(String text) {
        return lex(text).stream().map(Token::type).toList();
    }

    private static List<String> texts(String text) {
        return lex(text).stream().filter(t -> !t.is(EOF)).map(Token::text).toList();
    }

    private static Lexer lexer(String text) {
        Lexer lexer = new Lexer(new SourceFile("t.c", text));
        lexer.tokenize();
        return lexer;
    }

    private static List<String> errors(String text) {
        return lexer(text).diagnostics().stream()
                .map(d -> d.line() + ":" + d.col() + ": " + d.message())
                .toList();
    }

    @Test
    void emptyInputIsJustEof() {
        assertThat(types("")).containsExactly(EOF);
        assertThat(types("  \n\t// nothing\n/* at all */\n")).containsExactly(EOF);
    }

    @Test
    void identifiersAndKeywords() {
        assertThat(types("static int __init my_init _Bool sizeof struct_x"))
                .containsExactly(STATIC, INT_KW, IDENT, IDENT, BOOL_KW, SIZEOF, IDENT, EOF);
        assertThat(texts("unsigned long foo_1")).containsExactly("unsigned", "long", "foo_1");
        assertThat(types("bool container_of NULL")).containsExactly(IDENT, IDENT, IDENT, EOF);
    }

    @Test
    void integerLiteralsInEveryBaseWithSuffixes() {
        List<Token> ts = lex("0 42 0x1F 0XffUL 017 10u 10l 10ul 10LU 10ull 10LL 0b101 18446744073709551615ULL");
        assertThat(ts.stream().filter(t -> t.is(INT)).map(Token::value))
                .containsExactly(0L, 42L, 31L, 255L, 15L, 10L, 10L, 10L, 10L, 10L, 10L, 5L, -1L);
        assertThat(ts.get(3).text()).isEqualTo("0XffUL");
    }

    @Test
    void badNumbersAreReported() {
        assertThat(errors("int x = 09;")).containsExactly("1:9: invalid digit \"9\" in octal constant");
        assertThat(errors("int x = 12abc;")).containsExactly("1:9: invalid suffix \"abc\" on integer constant");
        assertThat(errors("int x = 0x;")).containsExactly("1:9: invalid suffix \"x\" on integer constant");
        assertThat(errors("x = 99999999999999999999;"))
                .containsExactly("1:5: integer constant is too large for its type");
        assertThat(errors("x = 1.5;")).hasSize(1).first().asString().contains("floating-point");
    }

    @Test
    void characterLiteralsWithEscapes() {
        List<Token> ts = lex("'a' '\\n' '\\0' '\\\\' '\\'' '\\x41' '\\101' '\"' '\\t' '\\xff'");
        assertThat(ts.stream().filter(t -> t.is(CHAR)).map(Token::value))
                .containsExactly(97L, 10L, 0L, 92L, 39L, 65L, 65L, 34L, 9L, -1L);
        assertThat(ts.get(0).text()).isEqualTo("'a'");
    }

    @Test
    void stringLiteralsAreDecoded() {
        Token s = lex("\"a\\tb\\n\\\"q\\\" \\x41\\\\ \\0end\"").get(0);
        assertThat(s.type()).isEqualTo(STRING);
        assertThat(s.string()).isEqualTo("a\tb\n\"q\" A\\ \0end");
        assertThat(lex("\"\"").get(0).string()).isEmpty();
    }

    @Test
    void everyOperatorAndPunctuator() {
        String all = "-> ... <<= >>= << >> <= >= == != && || ++ -- += -= *= /= %= &= |= ^= "
                + "( ) { } [ ] ; , . ? : + - * / % & | ^ ~ ! < > =";
        assertThat(types(all))
                .containsExactly(
                        ARROW,
                        ELLIPSIS,
                        LT_LT_EQ,
                        GT_GT_EQ,
                        LT_LT,
                        GT_GT,
                        LE,
                        GE,
                        EQ_EQ,
                        BANG_EQ,
                        AMP_AMP,
                        PIPE_PIPE,
                        PLUS_PLUS,
                        MINUS_MINUS,
                        PLUS_EQ,
                        MINUS_EQ,
                        STAR_EQ,
                        SLASH_EQ,
                        PERCENT_EQ,
                        AMP_EQ,
                        PIPE_EQ,
                        CARET_EQ,
                        LPAREN,
                        RPAREN,
                        LBRACE,
                        RBRACE,
                        LBRACKET,
                        RBRACKET,
                        SEMI,
                        COMMA,
                        DOT,
                        QUESTION,
                        COLON,
                        PLUS,
                        MINUS,
                        STAR,
                        SLASH,
                        PERCENT,
                        AMP,
                        PIPE,
                        CARET,
                        TILDE,
                        BANG,
                        LT,
                        GT,
                        EQ,
                        EOF);
    }

    @Test
    void longestMatchWithoutSpaces() {
        assertThat(types("a->b--c<<=d...e"))
                .containsExactly(IDENT, ARROW, IDENT, MINUS_MINUS, IDENT, LT_LT_EQ, IDENT, ELLIPSIS, IDENT, EOF);
        assertThat(types("x+++y")).containsExactly(IDENT, PLUS_PLUS, PLUS, IDENT, EOF);
        assertThat(types("a..b")).containsExactly(IDENT, DOT, DOT, IDENT, EOF);
    }

    @Test
    void unicodeEllipsisIsTheSameTokenAsThreeDots() {
        List<Token> ts = lex("f(\u2026); ...");
        assertThat(ts.get(2).type()).isEqualTo(ELLIPSIS);
        assertThat(ts.get(2).text()).isEqualTo("\u2026");
        assertThat(ts.get(5).type()).isEqualTo(ELLIPSIS);
        assertThat(ts.get(5).text()).isEqualTo("...");
    }

    @Test
    void commentsAreSkipped() {
        assertThat(texts("a /* b \n c */ d // e f\ng /**/h")).containsExactly("a", "d", "g", "h");
        assertThat(texts("a // continued \\\n still comment\nb")).containsExactly("a", "b");
    }

    @Test
    void positionsAreOneBasedAndATabIsOneColumn() {
        List<Token> ts = lex("int x;\n\tfoo(a,\n  /* c */ b);");
        assertThat(ts.get(0).pos()).isEqualTo(new Pos(1, 1));
        assertThat(ts.get(1).pos()).isEqualTo(new Pos(1, 5));
        assertThat(ts.get(3).pos()).isEqualTo(new Pos(2, 2)); // foo after a tab
        assertThat(ts.get(4).pos()).isEqualTo(new Pos(2, 5)); // (
        assertThat(ts.get(7).pos()).isEqualTo(new Pos(3, 11)); // b
        assertThat(ts.get(ts.size() - 1).pos()).isEqualTo(new Pos(3, 14)); // EOF after the last token
    }

    @Test
    void crlfLineEndings() {
        List<Token> ts = lex("a\r\nb\r\n  c");
        assertThat(ts.get(1).pos()).isEqualTo(new Pos(2, 1));
        assertThat(ts.get(2).pos()).isEqualTo(new Pos(3, 3));
    }

    @Test
    void preprocessorLinesComeBetweenDirectiveAndNewline() {
        String src = """
                #include <linux/module.h>
                  #  define F(x) \\
                	do { foo(x); } while (0)
                int x;
                """;
        List<Token> ts = lex(src);
        assertThat(ts.stream().map(Token::type).toList())
                .startsWith(
                        DIRECTIVE, IDENT, LT, IDENT, SLASH, IDENT, DOT, IDENT, GT, NEWLINE, DIRECTIVE, IDENT, IDENT,
                        LPAREN);
        Token defineEnd = ts.stream().filter(t -> t.is(NEWLINE)).toList().get(1);
        assertThat(defineEnd.string()).isEqualTo("define F(x) \tdo { foo(x); } while (0)");
        assertThat(ts.get(ts.size() - 4).pos()).isEqualTo(new Pos(4, 1)); // int, after the continued line
    }

    @Test
    void errorsInsidePreprocessorLinesAreLeftToThePreprocessor() {
        assertThat(errors("#error don't do this @\nint x;")).isEmpty();
    }

    @Test
    void positionsNameTheirFile() {
        List<Token> ts = new Lexer(new SourceFile("h.h", "int y;"), 3).tokenize();
        assertThat(ts.get(0).pos()).isEqualTo(new Pos(1, 1, 3));
    }

    @Test
    void hashInsideALineIsStray() {
        assertThat(errors("int x; # define")).containsExactly("1:8: stray '#' in program");
    }

    @Test
    void strayCharactersAreReportedAndSkipped() {
        Lexer lexer = lexer("a @ b ` c\n  \\ d");
        assertThat(lexer.diagnostics().stream().map(d -> d.line() + ":" + d.col() + ": " + d.message()))
                .containsExactly(
                        "1:3: stray '@' in program", "1:7: stray '`' in program", "2:3: stray '\\' in program");
        assertThat(lexer.tokenize().stream().map(Token::text)).containsExactly("a", "b", "c", "d", "");
    }

    @Test
    void unterminatedCommentIsReportedAtItsStart() {
        assertThat(errors("int x;\n  /* never\nclosed")).containsExactly("2:3: unterminated comment");
        assertThat(errors("#define X 1 /* never\nclosed")).containsExactly("1:13: unterminated comment");
    }

    @Test
    void unterminatedStringAndCharacter() {
        assertThat(errors("s = \"abc;\nint y;")).containsExactly("1:5: missing terminating \" character");
        assertThat(errors("c = 'a;\n")).containsExactly("1:5: missing terminating ' character");
        assertThat(errors("c = '';")).containsExactly("1:5: empty character constant");
        // lexing goes on on the next line
        assertThat(lexer("s = \"abc;\nint y;").tokenize().stream().map(Token::text))
                .containsExactly("s", "=", "\"abc;", "int", "y", ";", "");
    }

    @Test
    void lexThrowsCompileExceptionWithAllErrors() {
        assertThatThrownBy(() -> lex("@ $ok `"))
                .isInstanceOf(CompileException.class)
                .hasMessageContaining("t.c:1:1: error: stray '@' in program")
                .hasMessageContaining("t.c:1:7: error: stray '`' in program");
    }

    @Test
    void widePrefixedLiterals() {
        List<Token> ts = lex("L'a' L\"wide\" u8\"x\"");
        assertThat(ts.get(0).value()).isEqualTo(97L);
        assertThat(ts.get(1).string()).isEqualTo("wide");
        assertThat(ts.get(2).string()).isEqualTo("x");
    }
}

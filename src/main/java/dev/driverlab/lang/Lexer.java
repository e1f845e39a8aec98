package dev.driverlab.lang;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Turns kernel C source into tokens.
 *
 * <p>A preprocessor line comes out as its tokens between a {@link TokenType#DIRECTIVE} (its '#') and a
 * {@link TokenType#NEWLINE} (its end, whose {@link Token#string()} is the line's raw text after the '#', for
 * {@code #error}); {@link Preprocessor} acts on them. Backslash continuations join lines everywhere.
 *
 * <p>Errors are collected as diagnostics (none for the text of preprocessor lines: the preprocessor judges those);
 * lexing always runs to the end and yields a token list ending in EOF.
 */
public final class Lexer {
    private static final List<TokenType> PUNCTUATORS = Arrays.stream(TokenType.values())
            .filter(t -> t.spelling() != null && !t.isKeyword())
            .sorted(Comparator.comparingInt((TokenType t) -> t.spelling().length())
                    .reversed())
            .toList();

    private static final Set<String> INT_SUFFIXES = Set.of("", "u", "l", "ul", "lu", "ll", "ull", "llu");

    private final SourceFile file;
    private final int fileIndex;
    private final String src;
    private int idx = 0;
    private int line = 1;
    private int col = 1;
    private boolean atLineStart = true;

    private final List<Token> tokens = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    /** Where the text of the preprocessor line being lexed starts (just after its '#'), or -1 outside one. */
    private int directive = -1;

    private boolean done;

    public Lexer(SourceFile file) {
        this(file, 0);
    }

    /** A lexer for file number {@code fileIndex} of a translation unit: its positions say so. */
    public Lexer(SourceFile file, int fileIndex) {
        this.file = file;
        this.fileIndex = fileIndex;
        this.src = file.text() == null ? "" : file.text();
    }

    /** Lexes {@code file}, throwing its diagnostics (if any) as a CompileException. */
    public static List<Token> lex(SourceFile file) {
        Lexer lexer = new Lexer(file);
        List<Token> tokens = lexer.tokenize();
        if (!lexer.diagnostics.isEmpty()) {
            throw new CompileException(lexer.diagnostics);
        }
        return tokens;
    }

    /** All tokens of the file, the last one EOF. Errors go to {@link #diagnostics()}. */
    public List<Token> tokenize() {
        if (done) {
            return tokens;
        }
        done = true;
        while (true) {
            skipTrivia();
            if (idx >= src.length()) {
                break;
            }
            if (src.charAt(idx) == '#' && atLineStart && directive < 0) {
                tokens.add(new Token(TokenType.DIRECTIVE, "#", pos(), 0, null));
                advance();
                directive = idx;
                continue;
            }
            Token token = scanToken();
            atLineStart = false;
            if (token != null) {
                tokens.add(token);
            }
        }
        if (directive >= 0) {
            endDirective();
        }
        tokens.add(new Token(TokenType.EOF, "", eofPos(), 0, null));
        return tokens;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    // ---------------------------------------------------------------- characters

    private char peek(int ahead) {
        int i = idx + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private boolean atEnd() {
        return idx >= src.length();
    }

    private static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    private void advance() {
        char c = src.charAt(idx++);
        if (c == '\n') {
            line++;
            col = 1;
        } else if (c == '\r') {
            if (idx < src.length() && src.charAt(idx) == '\n') {
                col++;
            } else {
                line++;
                col = 1;
            }
        } else {
            col++;
        }
    }

    /** Consumes one line break ({@code \n}, {@code \r\n} or {@code \r}). */
    private void advanceNewline() {
        if (peek(0) == '\r' && peek(1) == '\n') {
            advance();
        }
        advance();
    }

    private Pos pos() {
        return new Pos(line, col, fileIndex);
    }

    private Pos eofPos() {
        if (tokens.isEmpty()) {
            return new Pos(1, 1, fileIndex);
        }
        Token last = tokens.get(tokens.size() - 1);
        return new Pos(last.pos().line(), last.endCol(), fileIndex);
    }

    private void error(Pos pos, String message) {
        if (directive < 0) { // the preprocessor judges its own lines
            diagnose(pos, message);
        }
    }

    /** Records a diagnostic, up to {@link CompileException#MAX_ERRORS} and the note that says so. */
    private void diagnose(Pos pos, String message) {
        if (diagnostics.size() < CompileException.MAX_ERRORS) {
            diagnostics.add(Diagnostic.at(file, pos, message));
        } else if (diagnostics.size() == CompileException.MAX_ERRORS) {
            diagnostics.add(Diagnostic.at(file, pos, CompileException.TOO_MANY_ERRORS));
        }
    }

    // ---------------------------------------------------------------- whitespace, comments, line ends

    private void skipTrivia() {
        while (!atEnd()) {
            char c = peek(0);
            if (isNewline(c)) {
                if (directive >= 0) {
                    endDirective();
                }
                advanceNewline();
                atLineStart = true;
            } else if (c == ' ' || c == '\t' || c == '\f' || c == 0x0B) {
                advance();
            } else if (c == '\\' && isNewline(peek(1))) {
                advance();
                advanceNewline(); // line continuation
            } else if (c == '/' && peek(1) == '/') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipLineComment() {
        while (!atEnd() && !isNewline(peek(0))) {
            if (peek(0) == '\\' && isNewline(peek(1))) {
                advance();
                advanceNewline();
            } else {
                advance();
            }
        }
    }

    private void skipBlockComment() {
        Pos start = pos();
        advance();
        advance();
        while (!atEnd()) {
            if (peek(0) == '*' && peek(1) == '/') {
                advance();
                advance();
                return;
            }
            advance();
        }
        diagnose(start, "unterminated comment"); // even on a preprocessor line: it swallows the rest of the file
    }

    // ---------------------------------------------------------------- tokens

    private Token scanToken() {
        Pos start = pos();
        int from = idx;
        char c = peek(0);

        if ((c == 'L' || c == 'U') && (peek(1) == '\'' || peek(1) == '"')) {
            advance(); // wide prefix: lex the literal as a plain one
            return peek(0) == '"' ? string(start, from) : character(start, from);
        }
        if (c == 'u' && peek(1) == '8' && peek(2) == '"') {
            advance();
            advance();
            return string(start, from);
        }
        if (c == 'u' && (peek(1) == '\'' || peek(1) == '"')) {
            advance();
            return peek(0) == '"' ? string(start, from) : character(start, from);
        }
        if (isIdentStart(c)) {
            while (!atEnd() && isIdentPart(peek(0))) {
                advance();
            }
            String word = src.substring(from, idx);
            TokenType keyword = TokenType.keyword(word);
            return Token.of(keyword != null ? keyword : TokenType.IDENT, word, start);
        }
        if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
            return number(start, from);
        }
        if (c == '\'') {
            return character(start, from);
        }
        if (c == '"') {
            return string(start, from);
        }
        if (c == '\u2026') {
            advance();
            return Token.of(TokenType.ELLIPSIS, "\u2026", start);
        }
        for (TokenType p : PUNCTUATORS) {
            if (src.startsWith(p.spelling(), idx)) {
                for (int i = 0; i < p.spelling().length(); i++) {
                    advance();
                }
                if ((p == TokenType.HASH || p == TokenType.HASH_HASH) && directive < 0) {
                    error(start, "stray '#' in program");
                    return null;
                }
                return Token.of(p, p.spelling(), start);
            }
        }
        int cp = src.codePointAt(idx);
        advance();
        if (Character.charCount(cp) == 2 && !atEnd()) {
            advance();
        }
        error(start, "stray '" + new String(Character.toChars(cp)) + "' in program");
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    private Token number(Pos start, int from) {
        // A preprocessing number: digits, letters, '_', '.', and a sign right after an exponent letter.
        advance();
        while (!atEnd()) {
            char c = peek(0);
            char prev = src.charAt(idx - 1);
            boolean hex = src.startsWith("0x", from) || src.startsWith("0X", from);
            if (isIdentPart(c) || c == '.') {
                advance();
            } else if ((c == '+' || c == '-')
                    && ((!hex && (prev == 'e' || prev == 'E')) || (hex && (prev == 'p' || prev == 'P')))) {
                advance();
            } else {
                break;
            }
        }
        String text = src.substring(from, idx);
        return new Token(TokenType.INT, text, start, integerValue(text, start), null);
    }

    private long integerValue(String text, Pos start) {
        String lower = text.toLowerCase();
        boolean hex = lower.startsWith("0x");
        boolean binary = lower.startsWith("0b");
        if (lower.indexOf('.') >= 0 || (!hex && lower.indexOf('e') >= 0) || (hex && lower.indexOf('p') >= 0)) {
            error(start, "floating-point constant '" + text + "' is not supported in kernel code");
            return 0;
        }
        int radix = hex ? 16 : binary ? 2 : lower.startsWith("0") ? 8 : 10;
        int i = hex || binary ? 2 : 0;
        int digitsFrom = i;
        while (i < text.length() && Character.digit(text.charAt(i), radix == 8 ? 10 : radix) >= 0) {
            i++;
        }
        String digits = text.substring(digitsFrom, i);
        String suffix = text.substring(i);
        if ((hex || binary) && digits.isEmpty()) {
            error(start, "invalid suffix \"" + text.substring(1) + "\" on integer constant");
            return 0;
        }
        if (!INT_SUFFIXES.contains(suffix.toLowerCase())) {
            error(start, "invalid suffix \"" + suffix + "\" on integer constant");
            return 0;
        }
        if (radix == 8) {
            for (char d : digits.toCharArray()) {
                if (d == '8' || d == '9') {
                    error(start, "invalid digit \"" + d + "\" in octal constant");
                    return 0;
                }
            }
        }
        BigInteger value = new BigInteger(digits, radix);
        if (value.bitLength() > 64) {
            error(start, "integer constant is too large for its type");
            return 0;
        }
        return value.longValue();
    }

    private Token character(Pos start, int from) {
        advance(); // opening quote
        List<Integer> chars = new ArrayList<>();
        boolean closed = false;
        while (!atEnd() && !isNewline(peek(0))) {
            char c = peek(0);
            if (c == '\'') {
                advance();
                closed = true;
                break;
            }
            if (c == '\\') {
                int e = escape();
                if (e >= 0) {
                    chars.add(e);
                }
            } else {
                int cp = src.codePointAt(idx);
                advance();
                if (Character.charCount(cp) == 2 && !atEnd()) {
                    advance();
                }
                chars.add(cp);
            }
        }
        if (!closed) {
            error(start, "missing terminating ' character");
        } else if (chars.isEmpty()) {
            error(start, "empty character constant");
        }
        long value = 0;
        if (chars.size() == 1) {
            int c = chars.get(0);
            value = c >= 128 && c <= 255 ? (byte) c : c; // plain char is signed, as on x86
        } else {
            int v = 0;
            for (int c : chars) {
                v = (v << 8) | (c & 0xff);
            }
            value = v;
        }
        return new Token(TokenType.CHAR, src.substring(from, idx), start, value, null);
    }

    private Token string(Pos start, int from) {
        advance(); // opening quote
        StringBuilder sb = new StringBuilder();
        boolean closed = false;
        while (!atEnd() && !isNewline(peek(0))) {
            char c = peek(0);
            if (c == '"') {
                advance();
                closed = true;
                break;
            }
            if (c == '\\') {
                int e = escape();
                if (e >= 0) {
                    sb.appendCodePoint(e);
                }
            } else {
                sb.append(c);
                advance();
            }
        }
        if (!closed) {
            error(start, "missing terminating \" character");
        }
        return new Token(TokenType.STRING, src.substring(from, idx), start, 0, sb.toString());
    }

    /** Reads an escape sequence starting at a backslash; -1 for a backslash-newline (line continuation). */
    private int escape() {
        Pos at = pos();
        advance(); // the backslash
        if (atEnd()) {
            return '\\';
        }
        char c = peek(0);
        if (isNewline(c)) {
            advanceNewline();
            return -1;
        }
        advance();
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'a':
                return 7;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'v':
                return 0x0B;
            case 'e':
            case 'E':
                return 27;
            case 'x': {
                int value = 0;
                int n = 0;
                while (!atEnd() && Character.digit(peek(0), 16) >= 0) {
                    value = value * 16 + Character.digit(peek(0), 16);
                    if (value > 0xfffff) {
                        value = 0xfffff;
                    }
                    n++;
                    advance();
                }
                if (n == 0) {
                    error(at, "\\x used with no following hex digits");
                    return 0;
                }
                if (value > 0xff) {
                    error(at, "hex escape sequence out of range");
                    return value & 0xff;
                }
                return value;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int n = 1; n < 3 && peek(0) >= '0' && peek(0) <= '7'; n++) {
                        value = value * 8 + (peek(0) - '0');
                        advance();
                    }
                    return value & 0xff;
                }
                return c; // \\ \' \" \? and unknown escapes stand for the character itself
        }
    }

    // ---------------------------------------------------------------- preprocessor lines

    /** Ends the preprocessor line being lexed with a NEWLINE token carrying its raw text. */
    private void endDirective() {
        String raw = src.substring(directive, idx).replaceAll("\\\\\\R", "").strip();
        directive = -1;
        tokens.add(new Token(TokenType.NEWLINE, "", pos(), 0, raw));
    }
}

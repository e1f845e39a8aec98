package dev.driverlab.lang;

import java.util.List;
import java.util.Set;

/**
 * The tokens of one file and a cursor over them, with what every parser of that file shares: the diagnostics
 * recorded so far, the typedef names known, and the recursion guard ({@link #enter}). {@link ExpressionParser},
 * {@link TypeParser}, {@link TagParser}, {@link StatementParser} and {@link Parser} all read from one stream.
 */
final class TokenStream {

    /** Unwinds to the nearest recovery point; the diagnostic has already been recorded. */
    static final class ParseError extends RuntimeException {
        ParseError() {
            super(null, null, false, false);
        }
    }

    /** Unwinds the whole parse: {@link CompileException#MAX_ERRORS} errors have been recorded. */
    static final class TooManyErrors extends RuntimeException {
        final Pos pos;

        TooManyErrors(Pos pos) {
            super(null, null, false, false);
            this.pos = pos;
        }
    }

    private final SourceFile file;
    /** The files the tokens came from, by {@link Pos#file()}: the file parsed and what it includes. */
    private final List<SourceFile> files;

    private final List<Token> tokens;
    private final List<Diagnostic> diagnostics;
    /** Typedef names: those known from outside plus the file's own typedefs so far. */
    private final Set<String> typeNames;

    private int current;
    private int nesting;

    TokenStream(
            SourceFile file,
            List<SourceFile> files,
            List<Token> tokens,
            Set<String> typeNames,
            List<Diagnostic> diagnostics) {
        this.file = file;
        this.files = files;
        this.tokens = tokens;
        this.typeNames = typeNames;
        this.diagnostics = diagnostics;
    }

    /** The file a position is in. */
    SourceFile sourceOf(Pos pos) {
        return pos.file() > 0 && pos.file() < files.size() ? files.get(pos.file()) : file;
    }

    // ---------------------------------------------------------------- typedef names

    boolean isTypeName(String name) {
        return typeNames.contains(name);
    }

    void addTypeName(String name) {
        typeNames.add(name);
    }

    // ---------------------------------------------------------------- cursor

    /** How many tokens have been consumed: compared before and after a step to see that it moved. */
    int position() {
        return current;
    }

    Token peek() {
        return tokens.get(current);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(current + ahead, tokens.size() - 1));
    }

    Token previous() {
        return tokens.get(Math.max(0, current - 1));
    }

    boolean check(TokenType type) {
        return peek().type() == type;
    }

    boolean isAtEnd() {
        return check(TokenType.EOF);
    }

    Token advance() {
        Token t = peek();
        if (!isAtEnd()) {
            current++;
        }
        return t;
    }

    boolean match(TokenType type) {
        if (check(type)) {
            advance();
            return true;
        }
        return false;
    }

    /** Consumes a token of {@code type}, or reports {@code expected 'X' before ...} and unwinds. */
    Token expect(TokenType type) {
        if (check(type)) {
            return advance();
        }
        throw expected("'" + type.spelling() + "'");
    }

    Token expectIdentifier(String what) {
        if (check(TokenType.IDENT)) {
            return advance();
        }
        throw expected(what);
    }

    // ---------------------------------------------------------------- errors

    /** Records {@code expected WHAT before <next token>} at the next token; returns the error to throw. */
    ParseError expected(String what) {
        return report(peek().pos(), "expected " + what + " " + where(peek()));
    }

    /** Records a diagnostic (unless one is already recorded at that spot) and returns an error to throw. */
    ParseError report(Pos pos, String message) {
        SourceFile in = sourceOf(pos);
        boolean seen = diagnostics.stream()
                .anyMatch(d -> d.line() == pos.line()
                        && d.col() == pos.col()
                        && d.file().equals(in.name()));
        if (!seen) {
            if (diagnostics.size() >= CompileException.MAX_ERRORS) {
                throw new TooManyErrors(pos);
            }
            diagnostics.add(Diagnostic.at(in, pos, message));
        }
        return new ParseError();
    }

    /**
     * Reports a missing ';' at the next token, gcc-style. When that token starts a new line (or closes the block,
     * or is the end) parsing goes on as if the ';' were there; otherwise it unwinds to skip the junk.
     */
    void missingSemicolon(String what) {
        Token next = peek();
        ParseError error = expected(what);
        if (!next.is(TokenType.RBRACE)
                && !next.is(TokenType.EOF)
                && next.pos().line() == previous().pos().line()) {
            throw error;
        }
    }

    /** How gcc names the token an error happened at: "before 'x'", "before ')' token", "at end of input"... */
    static String where(Token t) {
        switch (t.type()) {
            case EOF:
                return "at end of input";
            case IDENT:
            case CHAR:
                return "before " + (t.type() == TokenType.IDENT ? "'" + t.text() + "'" : t.text());
            case INT:
                return "before numeric constant";
            case STRING:
                return "before string constant";
            default:
                return t.type().isKeyword() ? "before '" + t.text() + "'" : "before '" + t.text() + "' token";
        }
    }

    /**
     * Guards recursion: call before descending into a nested {@code what} ("expression", "statement"...), and
     * {@link #leave()} after. Past {@link Nesting#LIMIT} levels it reports the error instead of using up the stack.
     */
    void enter(String what) {
        if (++nesting > Nesting.LIMIT) {
            nesting--;
            throw report(peek().pos(), Nesting.tooDeep(what));
        }
    }

    void leave() {
        nesting--;
    }
}

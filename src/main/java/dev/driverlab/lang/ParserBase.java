package dev.driverlab.lang;

import java.util.List;
import java.util.Set;

/**
 * The token cursor and error reporting shared by the parser layers
 * ({@link ExpressionParser} &lt; {@link TypeParser} &lt; {@link Parser}).
 */
abstract class ParserBase {

    /** Unwinds to the nearest recovery point; the diagnostic has already been recorded. */
    static final class ParseError extends RuntimeException {
        ParseError() {
            super(null, null, false, false);
        }
    }

    protected final SourceFile file;
    /** The files the tokens came from, by {@link Pos#file()}: the file parsed and what it includes. */
    protected List<SourceFile> files = List.of();

    protected final List<Token> tokens;
    protected final List<Diagnostic> diagnostics;
    /** Typedef names: those known from outside plus the file's own typedefs so far. */
    protected final Set<String> typeNames;

    protected int current;
    private int nesting;

    ParserBase(SourceFile file, List<Token> tokens, Set<String> typeNames, List<Diagnostic> diagnostics) {
        this.file = file;
        this.tokens = tokens;
        this.typeNames = typeNames;
        this.diagnostics = diagnostics;
    }

    /** The file a position is in. */
    protected SourceFile sourceOf(Pos pos) {
        return pos.file() > 0 && pos.file() < files.size() ? files.get(pos.file()) : file;
    }

    // ---------------------------------------------------------------- cursor

    protected Token peek() {
        return tokens.get(current);
    }

    protected Token peek(int ahead) {
        return tokens.get(Math.min(current + ahead, tokens.size() - 1));
    }

    protected Token previous() {
        return tokens.get(Math.max(0, current - 1));
    }

    protected boolean check(TokenType type) {
        return peek().type() == type;
    }

    protected boolean isAtEnd() {
        return check(TokenType.EOF);
    }

    protected Token advance() {
        Token t = peek();
        if (!isAtEnd()) {
            current++;
        }
        return t;
    }

    protected boolean match(TokenType type) {
        if (check(type)) {
            advance();
            return true;
        }
        return false;
    }

    /** Consumes a token of {@code type}, or reports {@code expected 'X' before ...} and unwinds. */
    protected Token expect(TokenType type) {
        if (check(type)) {
            return advance();
        }
        throw expected("'" + type.spelling() + "'");
    }

    protected Token expectIdentifier(String what) {
        if (check(TokenType.IDENT)) {
            return advance();
        }
        throw expected(what);
    }

    // ---------------------------------------------------------------- errors

    /** Records {@code expected WHAT before <next token>} at the next token; returns the error to throw. */
    protected ParseError expected(String what) {
        return report(peek().pos(), "expected " + what + " " + where(peek()));
    }

    /** Records a diagnostic (unless one is already recorded at that spot) and returns an error to throw. */
    protected ParseError report(Pos pos, String message) {
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

    /** Unwinds the whole parse: {@link CompileException#MAX_ERRORS} errors have been recorded. */
    static final class TooManyErrors extends RuntimeException {
        final Pos pos;

        TooManyErrors(Pos pos) {
            super(null, null, false, false);
            this.pos = pos;
        }
    }

    /** How gcc names the token an error happened at: "before 'x'", "before ')' token", "at end of input"... */
    protected static String where(Token t) {
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
    protected void enter(String what) {
        if (++nesting > Nesting.LIMIT) {
            nesting--;
            throw report(peek().pos(), Nesting.tooDeep(what));
        }
    }

    protected void leave() {
        nesting--;
    }
}

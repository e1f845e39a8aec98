package dev.driverlab.lang;

/**
 * One token.
 *
 * @param type   its kind
 * @param text   the source text it was lexed from ({@code "…"} for the Unicode ellipsis, {@code "0x1fUL"} for a
 *               number)
 * @param pos    the position of its first character
 * @param value  the value of an INT or CHAR token, 0 otherwise
 * @param string the decoded contents of a STRING token (escapes applied, no quotes), null otherwise
 */
public record Token(TokenType type, String text, Pos pos, long value, String string) {

    public static Token of(TokenType type, String text, Pos pos) {
        return new Token(type, text, pos, 0, null);
    }

    public boolean is(TokenType t) {
        return type == t;
    }

    /** True when this token is the identifier {@code name}. */
    public boolean isIdent(String name) {
        return type == TokenType.IDENT && text.equals(name);
    }

    /** The column just past the last character, when the token sits on one line. */
    public int endCol() {
        return pos.col() + text.length();
    }

    @Override
    public String toString() {
        return type + "(" + text + ")@" + pos;
    }
}

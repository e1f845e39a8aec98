package dev.driverlab.lang;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the C preprocessor drivers lean on: object-like macros ({@code #define NAME "sleep"}) and
 * function-like ones ({@code #define to_my_dev(d) container_of(d, struct my_dev, dev)}), expanded at token level
 * after their definition, rescanned, never recursively. Expanded tokens carry the position of the use, so errors
 * point at the line the author wrote. Stringification and token pasting are not supported.
 *
 * <p>Macros can grow exponentially ({@code #define A1 A0 A0}, {@code #define A2 A1 A1}, ...), so expansion counts
 * its work as it goes, against {@link #MAX_EXPANDED_TOKENS} per file: each use of a macro, and the tokens of the
 * body it scans (after argument substitution), whether they expand further or are produced as they are.
 */
final class MacroExpander {
    /**
     * How many tokens macro expansion may produce in one file. Real drivers produce a few thousand; this is
     * generous for them and keeps a hostile file within a few tens of megabytes.
     */
    static final int MAX_EXPANDED_TOKENS = 500_000;

    /** Expansion went over {@link #MAX_EXPANDED_TOKENS}: the diagnostic for the outermost macro use. */
    static final class LimitExceeded extends RuntimeException {
        final Pos pos;

        LimitExceeded(Token use) {
            super("macro expansion of '" + use.text() + "' exceeds the limit of " + MAX_EXPANDED_TOKENS + " tokens",
                    null, false, false);
            this.pos = use.pos();
        }
    }

    private final Map<String, Lexer.Define> defines;
    private int produced;

    private MacroExpander(Map<String, Lexer.Define> defines) {
        this.defines = defines;
    }

    /**
     * The tokens with macros expanded; {@code oldToNew[i]} is where original token i ended up.
     *
     * @throws LimitExceeded when the expansion would produce more than {@link #MAX_EXPANDED_TOKENS} tokens
     */
    static List<Token> expand(List<Token> tokens, List<Lexer.Define> all, int[] oldToNew) {
        Map<String, Lexer.Define> active = new java.util.HashMap<>();
        List<Token> out = new ArrayList<>();
        int next = 0;
        MacroExpander x = new MacroExpander(active);
        Parens parens = Parens.of(tokens);
        int i = 0;
        while (i < tokens.size()) {
            while (next < all.size() && all.get(next).tokenIndex() <= i) {
                Lexer.Define d = all.get(next++);
                active.put(d.name(), d);
            }
            oldToNew[i] = out.size();
            Token t = tokens.get(i);
            Lexer.Define d = t.is(TokenType.IDENT) ? active.get(t.text()) : null;
            int[] end = {i + 1};
            if (d == null || !parens.mayCall(d, end[0]) || !x.expandOne(d, tokens, end, t, new HashSet<>(), out)) {
                out.add(t);
                i++;
                continue;
            }
            for (int k = i + 1; k < end[0]; k++) oldToNew[k] = out.size();
            i = end[0];
        }
        return out;
    }

    /**
     * Appends the expansion of one use of {@code d} to {@code out}; {@code end[0]} moves past a function-like macro's
     * arguments. False (and nothing appended) when the use is not a macro call after all.
     */
    private boolean expandOne(Lexer.Define d, List<Token> tokens, int[] end, Token use, Set<String> busy,
                              List<Token> out) {
        List<Token> body = d.body();
        if (d.params() != null) {
            List<List<Token>> args = arguments(tokens, end);
            if (args == null || args.size() != d.params().size()) return false; // the parser complains about it
            count(1, use);
            List<Token> substituted = new ArrayList<>();
            for (Token b : body) {
                int p = b.is(TokenType.IDENT) ? d.params().indexOf(b.text()) : -1;
                List<Token> replacement = p >= 0 ? args.get(p) : List.of(b);
                count(replacement.size(), use);
                substituted.addAll(replacement);
            }
            body = substituted;
        } else {
            count(1 + body.size(), use);
        }
        busy.add(d.name());
        Parens parens = null; // only bodies that use a macro need the index
        for (int i = 0; i < body.size(); i++) {
            Token t = body.get(i);
            Lexer.Define inner = t.is(TokenType.IDENT) && !busy.contains(t.text()) ? defines.get(t.text()) : null;
            int[] innerEnd = {i + 1};
            if (inner != null && parens == null) parens = Parens.of(body);
            if (inner != null && parens.mayCall(inner, i + 1) && expandOne(inner, body, innerEnd, use, busy, out)) {
                i = innerEnd[0] - 1;
                continue;
            }
            out.add(new Token(t.type(), t.text(), use.pos(), t.value(), t.string()));
        }
        busy.remove(d.name());
        return true;
    }

    /** The arguments of a call starting at {@code end[0]} (which then moves past its ')'), or null if none. */
    private static List<List<Token>> arguments(List<Token> tokens, int[] end) {
        int i = end[0];
        if (i >= tokens.size() || !tokens.get(i).is(TokenType.LPAREN)) return null; // the name alone
        List<List<Token>> args = new ArrayList<>();
        List<Token> arg = new ArrayList<>();
        int depth = 0;
        for (i = i + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is(TokenType.EOF)) return null;
            if (depth == 0 && t.is(TokenType.RPAREN)) break;
            if (depth == 0 && t.is(TokenType.COMMA)) {
                args.add(arg);
                arg = new ArrayList<>();
                continue;
            }
            if (t.is(TokenType.LPAREN)) depth++;
            if (t.is(TokenType.RPAREN)) depth--;
            arg.add(t);
        }
        if (i >= tokens.size()) return null;
        if (!arg.isEmpty() || !args.isEmpty()) args.add(arg);
        end[0] = i + 1;
        return args;
    }

    private void count(int tokens, Token use) {
        produced += tokens;
        if (produced > MAX_EXPANDED_TOKENS) throw new LimitExceeded(use);
    }

    /**
     * Where each '(' of a token list (the file's, or a macro body's) closes and how many arguments it holds, so
     * that a function-like macro whose call cannot match (unclosed, or the wrong number of arguments) is dismissed
     * without rescanning the rest of the list: {@code F(F(F(...} must stay linear.
     */
    private record Parens(int[] close, int[] commas) {
        static Parens of(List<Token> tokens) {
            int[] close = new int[tokens.size()];
            int[] commas = new int[tokens.size()];
            java.util.Arrays.fill(close, -1);
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.is(TokenType.LPAREN)) {
                    open.push(i);
                } else if (t.is(TokenType.RPAREN) && !open.isEmpty()) {
                    close[open.pop()] = i;
                } else if (t.is(TokenType.COMMA) && !open.isEmpty()) {
                    commas[open.peek()]++;
                }
            }
            return new Parens(close, commas);
        }

        /** Whether a use of {@code d} followed by the token at {@code next} can be a call of it. */
        boolean mayCall(Lexer.Define d, int next) {
            if (d.params() == null) return true;
            if (next >= close.length || close[next] < 0) return false;
            int args = close[next] == next + 1 ? 0 : commas[next] + 1;
            return args == d.params().size();
        }
    }
}

package dev.driverlab.lang;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the C preprocessor drivers lean on: object-like macros ({@code #define NAME "sleep"}) and
 * function-like ones ({@code #define to_my_dev(d) container_of(d, struct my_dev, dev)}), expanded at token level
 * after their definition, rescanned, never recursively. Expanded tokens carry the position of the use, so errors
 * point at the line the author wrote. Stringification and token pasting are not supported.
 */
final class MacroExpander {
    private final Map<String, Lexer.Define> defines;

    private MacroExpander(Map<String, Lexer.Define> defines) {
        this.defines = defines;
    }

    /** The tokens with macros expanded; {@code oldToNew[i]} is where original token i ended up. */
    static List<Token> expand(List<Token> tokens, List<Lexer.Define> all, int[] oldToNew) {
        Map<String, Lexer.Define> active = new java.util.HashMap<>();
        List<Token> out = new ArrayList<>();
        int next = 0;
        MacroExpander x = new MacroExpander(active);
        int i = 0;
        while (i < tokens.size()) {
            while (next < all.size() && all.get(next).tokenIndex() <= i) {
                Lexer.Define d = all.get(next++);
                active.put(d.name(), d);
            }
            oldToNew[i] = out.size();
            Token t = tokens.get(i);
            Lexer.Define d = t.is(TokenType.IDENT) ? active.get(t.text()) : null;
            if (d == null) {
                out.add(t);
                i++;
                continue;
            }
            int[] end = {i + 1};
            List<Token> replaced = x.expandOne(d, tokens, end, t, new HashSet<>());
            if (replaced == null) {
                out.add(t);
                i++;
                continue;
            }
            for (int k = i + 1; k < end[0]; k++) oldToNew[k] = out.size();
            out.addAll(replaced);
            i = end[0];
        }
        return out;
    }

    /** The expansion of one use at {@code at}; {@code end[0]} moves past a function-like macro's arguments. */
    private List<Token> expandOne(Lexer.Define d, List<Token> tokens, int[] end, Token use, Set<String> busy) {
        List<Token> body = d.body();
        if (d.params() != null) {
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
            if (args.size() != d.params().size()) return null; // leave it for the parser to complain about
            end[0] = i + 1;
            List<Token> substituted = new ArrayList<>();
            for (Token b : body) {
                int p = b.is(TokenType.IDENT) ? d.params().indexOf(b.text()) : -1;
                if (p >= 0) substituted.addAll(args.get(p));
                else substituted.add(b);
            }
            body = substituted;
        }
        busy.add(d.name());
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            Token t = body.get(i);
            Lexer.Define inner = t.is(TokenType.IDENT) && !busy.contains(t.text()) ? defines.get(t.text()) : null;
            if (inner != null) {
                int[] innerEnd = {i + 1};
                List<Token> r = expandOne(inner, body, innerEnd, use, busy);
                if (r != null) {
                    out.addAll(r);
                    i = innerEnd[0] - 1;
                    continue;
                }
            }
            out.add(new Token(t.type(), t.text(), use.pos(), t.value(), t.string()));
        }
        busy.remove(d.name());
        return out;
    }
}

package dev.driverlab.lang;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The C preprocessor (C11 6.10, with the GNU extensions kernel code uses), between the {@link Lexer} and the parser.
 *
 * <p>Directives: {@code #define} (object-like, function-like, variadic with {@code __VA_ARGS__} or GNU's
 * {@code args...}, {@code #} stringizing, {@code ##} pasting and GNU's {@code , ## __VA_ARGS__}), {@code #undef},
 * {@code #if/#ifdef/#ifndef/#elif/#else/#endif} with {@code defined}, {@code #include "file"} from the module's own
 * sources, {@code #error}, {@code #warning} (a warning line; the compile goes on). {@code #include <...>} names a
 * kernel header unless the module's sources have a file of that name (Kbuild's {@code -I$(src)}): the whole prelude
 * is always in scope (see docs/kernel-model.md), so a kernel header adds nothing. {@code #pragma},
 * {@code #line} and {@code #ident} are accepted and ignored.
 *
 * <p>Expansion follows Prosser's algorithm: every token carries the set of macros it came out of (its hide set), a
 * macro is never expanded inside its own expansion, arguments are fully expanded before substitution unless they
 * meet {@code #} or {@code ##}, and the result is rescanned together with the rest of the file. Tokens of a macro's
 * body take the position of the macro's use, so errors point at the line the author wrote; tokens of an argument
 * keep their own.
 *
 * <p>Budgets: {@link #MAX_EXPANDED_TOKENS} tokens made by expansion and inclusion per file (macros can grow
 * exponentially), {@link #MAX_INCLUDE_DEPTH} nested includes, and {@link Nesting#LIMIT} levels of nested macro
 * arguments or parentheses in a {@code #if}.
 */
public final class Preprocessor {
    /**
     * How many tokens macro expansion and {@code #include} may produce in one file. Real drivers produce a few
     * thousand; this is generous for them and keeps a hostile file within a few tens of megabytes.
     */
    public static final int MAX_EXPANDED_TOKENS = 500_000;

    /** gcc's default {@code -fmax-include-depth}. */
    public static final int MAX_INCLUDE_DEPTH = 200;

    /** What the preprocessor made of a file: the tokens for the parser (ending in EOF) and the files it read. */
    public record Result(
            List<Token> tokens,
            List<SourceFile> files,
            List<Diagnostic> diagnostics,
            boolean stopped,
            List<String> warnings) {}

    /** A token and the macros it came out of. */
    private record PpToken(Token token, Set<String> hide) {
        boolean is(TokenType t) {
            return token.is(t);
        }
    }

    /** An open {@code #if} group. */
    private static final class Conditional {
        final String directive;
        final Pos pos;
        final boolean parentActive;
        boolean taken; // some branch of this group was (or, in a dead parent, counts as) taken
        boolean active;
        boolean sawElse;

        Conditional(String directive, Pos pos, boolean parentActive) {
            this.directive = directive;
            this.pos = pos;
            this.parentActive = parentActive;
        }
    }

    /** A file being read: the main one or an included one. */
    private static final class OpenFile {
        final SourceFile file;
        final int index;
        final List<Token> tokens;
        final List<Diagnostic> lexerDiagnostics;
        final Deque<Conditional> conditionals = new ArrayDeque<>();
        final List<int[]> skipped = new ArrayList<>(); // line ranges of groups not taken
        int skipFrom;
        int next;
        boolean ended;

        OpenFile(SourceFile file, int index, Lexer lexer) {
            this.file = file;
            this.index = index;
            this.tokens = lexer.tokenize();
            this.lexerDiagnostics = lexer.diagnostics();
        }

        boolean active() {
            return conditionals.isEmpty() || conditionals.peek().active;
        }
    }

    /** Budget exhausted, too deep or too many errors: this file's compile stops with the diagnostics so far. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final MacroTable macros;
    private final Function<String, SourceFile> includes;
    private final List<SourceFile> files = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** gcc's warning lines ({@code #warning}): the compile goes on. */
    private final List<String> warnings = new ArrayList<>();

    private final Deque<OpenFile> open = new ArrayDeque<>();
    private int produced;
    private int counter;
    /** The macro use in the file's own text whose expansion is under way: what a budget error names. */
    private Token outermost;

    private Preprocessor(MacroTable macros, Function<String, SourceFile> includes) {
        this.macros = macros;
        this.includes = includes;
    }

    /**
     * Preprocesses {@code file} with the macros of {@code macros} (which it changes: the file's own #defines stay in
     * it) and {@code includes} resolving a quoted {@code #include} (null when there is no such file).
     */
    public static Result run(SourceFile file, MacroTable macros, Function<String, SourceFile> includes) {
        Preprocessor pp = new Preprocessor(macros, includes);
        List<Token> out = new ArrayList<>();
        boolean stopped = false;
        pp.enter(file);
        Expansion main = pp.new Expansion(pp::readLive);
        try {
            while (true) {
                PpToken t = main.next();
                out.add(t.token());
                if (t.is(TokenType.EOF)) break;
            }
        } catch (Stop e) {
            out.add(new Token(TokenType.EOF, "", Pos.NONE, 0, null));
            stopped = true;
        }
        while (!pp.open.isEmpty()) pp.leave();
        return new Result(out, List.copyOf(pp.files), pp.diagnostics, stopped, List.copyOf(pp.warnings));
    }

    // ---------------------------------------------------------------- files and directives

    private void enter(SourceFile file) {
        files.add(file);
        OpenFile f = new OpenFile(file, files.size() - 1, new Lexer(file, files.size() - 1));
        if (!open.isEmpty()) count(f.tokens.size(), f.tokens.get(0));
        open.push(f);
    }

    /** Closes the current file; its lexer's errors count unless they fall in a group that was not taken. */
    private void leave() {
        OpenFile f = open.pop();
        for (Diagnostic d : f.lexerDiagnostics) {
            boolean skipped = f.skipped.stream().anyMatch(r -> d.line() >= r[0] && d.line() <= r[1]);
            if (!skipped) diagnostics.add(d);
        }
    }

    /** The next token of the files that is neither a directive nor in a group not taken. */
    private PpToken readLive() {
        while (true) {
            OpenFile f = open.peek();
            Token t = f.tokens.get(f.next);
            if (t.is(TokenType.EOF)) {
                if (!f.ended) {
                    f.ended = true;
                    for (Conditional c : f.conditionals) error(c.pos, "unterminated #" + c.directive);
                    if (!f.active()) f.skipped.add(new int[] {f.skipFrom, Integer.MAX_VALUE});
                }
                if (open.size() == 1) return new PpToken(t, Set.of());
                leave();
                continue;
            }
            f.next++;
            if (t.is(TokenType.DIRECTIVE)) {
                directive(f, t);
            } else if (f.active()) {
                return new PpToken(t, Set.of());
            }
        }
    }

    private void directive(OpenFile f, Token hash) {
        List<Token> line = new ArrayList<>();
        while (!f.tokens.get(f.next).is(TokenType.NEWLINE)) line.add(f.tokens.get(f.next++));
        String raw = f.tokens.get(f.next++).string();
        if (line.isEmpty()) return; // the null directive
        Token first = line.get(0);
        String name = first.is(TokenType.IDENT) || first.type().isKeyword() ? first.text() : "";
        List<Token> rest = line.subList(1, line.size());
        boolean wasActive = f.active();
        switch (name) {
            case "if", "ifdef", "ifndef", "elif", "else", "endif" -> conditional(f, name, first, rest);
            default -> {
                if (!wasActive) return;
                switch (name) {
                    case "define" -> define(rest, first);
                    case "undef" -> undef(rest, first);
                    case "include" -> include(rest, first);
                    case "error" -> error(first.pos(), "#" + raw);
                    case "warning" ->
                        warnings.add(files.get(f.index).name() + ":"
                                + first.pos().line() + ":" + first.pos().col() + ": warning: #" + raw);
                    case "pragma", "line", "ident", "include_next" -> {
                        // nothing to do for a simulated build
                    }
                    default -> error(first.pos(), "invalid preprocessing directive #" + first.text());
                }
                return;
            }
        }
        boolean isActive = f.active();
        if (wasActive && !isActive) f.skipFrom = hash.pos().line();
        if (!wasActive && isActive)
            f.skipped.add(new int[] {f.skipFrom, hash.pos().line()});
    }

    private void conditional(OpenFile f, String name, Token directive, List<Token> rest) {
        switch (name) {
            case "if", "ifdef", "ifndef" -> {
                Conditional c = new Conditional(name, directive.pos(), f.active());
                if (c.parentActive) {
                    c.active = name.equals("if") ? evaluate(rest, directive) : defined(name, rest, directive);
                    c.taken = c.active;
                } else {
                    c.taken = true; // no branch of a group inside a dead one is ever taken
                }
                f.conditionals.push(c);
            }
            case "elif" -> {
                Conditional c = f.conditionals.peek();
                if (c == null) {
                    error(directive.pos(), "#elif without #if");
                } else if (c.sawElse) {
                    error(directive.pos(), "#elif after #else");
                } else if (c.taken) {
                    c.active = false;
                } else {
                    c.active = evaluate(rest, directive);
                    c.taken = c.active;
                }
            }
            case "else" -> {
                Conditional c = f.conditionals.peek();
                if (c == null) {
                    error(directive.pos(), "#else without #if");
                } else if (c.sawElse) {
                    error(directive.pos(), "#else after #else");
                } else {
                    c.sawElse = true;
                    c.active = c.parentActive && !c.taken;
                    c.taken = true;
                }
            }
            default -> { // endif
                if (f.conditionals.isEmpty()) error(directive.pos(), "#endif without #if");
                else f.conditionals.pop();
            }
        }
    }

    private boolean defined(String directive, List<Token> rest, Token at) {
        if (rest.isEmpty() || !isName(rest.get(0))) {
            error(
                    at.pos(),
                    rest.isEmpty()
                            ? "no macro name given in #" + directive + " directive"
                            : "macro names must be identifiers");
            return false;
        }
        boolean defined = isDefined(rest.get(0).text());
        return directive.equals("ifdef") == defined;
    }

    private boolean isDefined(String name) {
        return macros.isDefined(name)
                || name.equals("__LINE__")
                || name.equals("__FILE__")
                || name.equals("__COUNTER__");
    }

    private static boolean isName(Token t) {
        return t.is(TokenType.IDENT) || t.type().isKeyword();
    }

    private void define(List<Token> rest, Token at) {
        if (rest.isEmpty() || !isName(rest.get(0))) {
            error(
                    at.pos(),
                    rest.isEmpty() ? "no macro name given in #define directive" : "macro names must be identifiers");
            return;
        }
        Token name = rest.get(0);
        if (name.text().equals("defined")) {
            error(name.pos(), "\"defined\" cannot be used as a macro name");
            return;
        }
        List<String> params = null;
        boolean variadic = false;
        int bodyFrom = 1;
        if (rest.size() > 1
                && rest.get(1).is(TokenType.LPAREN)
                && rest.get(1).pos().line() == name.pos().line()
                && rest.get(1).pos().col() == name.endCol()) {
            params = new ArrayList<>();
            int i = 2;
            while (true) {
                if (i >= rest.size()) {
                    error(name.pos(), "missing ')' in macro parameter list");
                    return;
                }
                Token t = rest.get(i);
                if (t.is(TokenType.RPAREN) && params.isEmpty()) break;
                if (t.is(TokenType.ELLIPSIS)) {
                    params.add("__VA_ARGS__");
                    variadic = true;
                    i++;
                } else if (isName(t)) {
                    if (params.contains(t.text())) {
                        error(t.pos(), "duplicate macro parameter \"" + t.text() + "\"");
                        return;
                    }
                    params.add(t.text());
                    i++;
                    if (i < rest.size() && rest.get(i).is(TokenType.ELLIPSIS)) { // GNU: args...
                        variadic = true;
                        i++;
                    }
                } else {
                    error(t.pos(), "expected parameter name, found \"" + t.text() + "\"");
                    return;
                }
                if (i < rest.size() && rest.get(i).is(TokenType.RPAREN)) break;
                if (variadic || i >= rest.size() || !rest.get(i).is(TokenType.COMMA)) {
                    error(
                            i < rest.size() ? rest.get(i).pos() : name.pos(),
                            "expected ',' or ')', found \""
                                    + (i < rest.size() ? rest.get(i).text() : "") + "\"");
                    return;
                }
                i++;
            }
            bodyFrom = i + 1;
        }
        List<Token> body = List.copyOf(rest.subList(bodyFrom, rest.size()));
        if (!body.isEmpty()
                && (body.get(0).is(TokenType.HASH_HASH)
                        || body.get(body.size() - 1).is(TokenType.HASH_HASH))) {
            error(body.get(0).pos(), "'##' cannot appear at either end of a macro expansion");
            return;
        }
        if (params != null) {
            for (int i = 0; i < body.size(); i++) {
                if (body.get(i).is(TokenType.HASH)
                        && (i + 1 >= body.size()
                                || !params.contains(body.get(i + 1).text()))) {
                    error(body.get(i).pos(), "'#' is not followed by a macro parameter");
                    return;
                }
            }
        }
        // Redefining a macro differently is a warning in gcc (kernel code redefines pr_fmt): the new one wins.
        macros.define(new MacroTable.Macro(
                name.text(), params == null ? null : List.copyOf(params), variadic, body, name.pos()));
    }

    private void undef(List<Token> rest, Token at) {
        if (rest.isEmpty() || !isName(rest.get(0))) {
            error(at.pos(), "no macro name given in #undef directive");
            return;
        }
        macros.undefine(rest.get(0).text());
    }

    private void include(List<Token> rest, Token at) {
        List<PpToken> expanded = !rest.isEmpty() && rest.get(0).is(TokenType.LT)
                ? rest.stream().map(t -> new PpToken(t, Set.of())).toList()
                : expandList(rest, 0); // #include MACRO
        String name;
        boolean quoted;
        if (!expanded.isEmpty() && expanded.get(0).is(TokenType.STRING)) {
            name = expanded.get(0).token().string();
            quoted = true;
        } else if (!expanded.isEmpty() && expanded.get(0).is(TokenType.LT)) {
            name = headerName(expanded);
            quoted = false;
        } else {
            error(at.pos(), "#include expects \"FILENAME\" or <FILENAME>");
            return;
        }
        SourceFile file = resolve(name, quoted);
        if (file == null && !quoted) {
            return; // a kernel header: the prelude is always in scope
        }
        if (open.size() >= MAX_INCLUDE_DEPTH) {
            error(at.pos(), "#include nested depth " + open.size() + " exceeds maximum of " + MAX_INCLUDE_DEPTH);
            throw new Stop();
        }
        if (file == null) {
            error(expanded.get(0).token().pos(), name + ": No such file or directory");
            return;
        }
        enter(file);
    }

    /** The text between {@code <} and {@code >}, as gcc reads a header name: {@code <lkmc/ioctl.h>}. */
    private static String headerName(List<PpToken> tokens) {
        StringBuilder name = new StringBuilder();
        for (int i = 1; i < tokens.size() && !tokens.get(i).is(TokenType.GT); i++) {
            name.append(tokens.get(i).token().text());
        }
        return name.toString();
    }

    /**
     * Finds an included file among the module's sources as gcc searches: a quoted name first beside the file that
     * includes it, then as the sources resolve it; an angle-bracket name only where the sources have exactly that
     * path (as Kbuild's {@code ccflags-y += -I$(src)} makes it), else it is a kernel header.
     */
    private SourceFile resolve(String name, boolean quoted) {
        if (includes == null) return null;
        if (!quoted) {
            SourceFile file = includes.apply(name);
            return file != null && file.name().equals(SourceFile.normalize(name)) ? file : null;
        }
        if (!open.isEmpty()) {
            String including = open.peek().file.name();
            int slash = including.lastIndexOf('/');
            if (slash >= 0) {
                String beside = SourceFile.normalize(including.substring(0, slash + 1) + name);
                SourceFile file = beside == null ? null : includes.apply(beside);
                if (file != null && file.name().equals(beside)) return file;
            }
        }
        return includes.apply(name);
    }

    // ---------------------------------------------------------------- #if expressions

    private boolean evaluate(List<Token> rest, Token at) {
        if (rest.isEmpty()) {
            error(at.pos(), "#" + at.text() + " with no expression");
            return false;
        }
        List<Token> replaced = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            Token t = rest.get(i);
            if (!t.isIdent("defined")) {
                replaced.add(t);
                continue;
            }
            boolean paren = i + 1 < rest.size() && rest.get(i + 1).is(TokenType.LPAREN);
            int n = paren ? i + 2 : i + 1;
            if (n >= rest.size()
                    || !isName(rest.get(n))
                    || (paren && (n + 1 >= rest.size() || !rest.get(n + 1).is(TokenType.RPAREN)))) {
                error(t.pos(), "operator \"defined\" requires an identifier");
                return false;
            }
            replaced.add(new Token(
                    TokenType.INT,
                    isDefined(rest.get(n).text()) ? "1" : "0",
                    t.pos(),
                    isDefined(rest.get(n).text()) ? 1 : 0,
                    null));
            i = paren ? n + 1 : n;
        }
        List<PpToken> tokens = expandList(replaced, 0);
        try {
            ConstantExpression e = new ConstantExpression(tokens);
            long value = e.conditional(0);
            if (e.at < tokens.size()) {
                throw e.fail("missing binary operator before token \""
                        + tokens.get(e.at).token().text() + "\"");
            }
            return value != 0;
        } catch (ConstantExpression.Failure f) {
            error(f.pos == null ? at.pos() : f.pos, f.getMessage());
            return false;
        }
    }

    /** A #if expression (C11 6.10.1): integer arithmetic in 64 bits; names left after expansion are 0. */
    private static final class ConstantExpression {
        static final class Failure extends RuntimeException {
            final Pos pos;

            Failure(String message, Pos pos) {
                super(message, null, false, false);
                this.pos = pos;
            }
        }

        private static final Map<TokenType, Integer> PRECEDENCE = Map.ofEntries(
                Map.entry(TokenType.PIPE_PIPE, 1),
                Map.entry(TokenType.AMP_AMP, 2),
                Map.entry(TokenType.PIPE, 3),
                Map.entry(TokenType.CARET, 4),
                Map.entry(TokenType.AMP, 5),
                Map.entry(TokenType.EQ_EQ, 6),
                Map.entry(TokenType.BANG_EQ, 6),
                Map.entry(TokenType.LT, 7),
                Map.entry(TokenType.GT, 7),
                Map.entry(TokenType.LE, 7),
                Map.entry(TokenType.GE, 7),
                Map.entry(TokenType.LT_LT, 8),
                Map.entry(TokenType.GT_GT, 8),
                Map.entry(TokenType.PLUS, 9),
                Map.entry(TokenType.MINUS, 9),
                Map.entry(TokenType.STAR, 10),
                Map.entry(TokenType.SLASH, 10),
                Map.entry(TokenType.PERCENT, 10));

        final List<PpToken> tokens;
        int at;

        ConstantExpression(List<PpToken> tokens) {
            this.tokens = tokens;
        }

        Failure fail(String message) {
            return new Failure(
                    message, at < tokens.size() ? tokens.get(at).token().pos() : null);
        }

        Token peek() {
            return at < tokens.size() ? tokens.get(at).token() : null;
        }

        boolean match(TokenType t) {
            if (peek() != null && peek().is(t)) {
                at++;
                return true;
            }
            return false;
        }

        long conditional(int depth) {
            if (depth > Nesting.LIMIT) throw fail(Nesting.tooDeep("#if expression"));
            long c = binary(1, depth);
            if (!match(TokenType.QUESTION)) return c;
            long a = conditional(depth + 1);
            if (!match(TokenType.COLON)) throw fail("expected ':' in #if expression");
            long b = conditional(depth + 1);
            return c != 0 ? a : b;
        }

        long binary(int minPrecedence, int depth) {
            long left = unary(depth);
            while (peek() != null) {
                Integer p = PRECEDENCE.get(peek().type());
                if (p == null || p < minPrecedence) break;
                Token op = tokens.get(at++).token();
                long right = binary(p + 1, depth + 1);
                left = apply(op, left, right);
            }
            return left;
        }

        long apply(Token op, long l, long r) {
            switch (op.type()) {
                case PIPE_PIPE:
                    return l != 0 || r != 0 ? 1 : 0;
                case AMP_AMP:
                    return l != 0 && r != 0 ? 1 : 0;
                case PIPE:
                    return l | r;
                case CARET:
                    return l ^ r;
                case AMP:
                    return l & r;
                case EQ_EQ:
                    return l == r ? 1 : 0;
                case BANG_EQ:
                    return l != r ? 1 : 0;
                case LT:
                    return l < r ? 1 : 0;
                case GT:
                    return l > r ? 1 : 0;
                case LE:
                    return l <= r ? 1 : 0;
                case GE:
                    return l >= r ? 1 : 0;
                case LT_LT:
                    return l << (r & 63);
                case GT_GT:
                    return l >> (r & 63);
                case PLUS:
                    return l + r;
                case MINUS:
                    return l - r;
                case STAR:
                    return l * r;
                default:
                    if (r == 0) throw new Failure("division by zero in #if", op.pos());
                    return op.is(TokenType.SLASH) ? l / r : l % r;
            }
        }

        long unary(int depth) {
            if (depth > Nesting.LIMIT) throw fail(Nesting.tooDeep("#if expression"));
            Token t = peek();
            if (t == null) throw new Failure("#if with no expression", null);
            at++;
            switch (t.type()) {
                case INT, CHAR:
                    return t.value();
                case MINUS:
                    return -unary(depth + 1);
                case PLUS:
                    return unary(depth + 1);
                case TILDE:
                    return ~unary(depth + 1);
                case BANG:
                    return unary(depth + 1) == 0 ? 1 : 0;
                case LPAREN: {
                    long v = conditional(depth + 1);
                    if (!match(TokenType.RPAREN)) throw fail("missing ')' in expression");
                    return v;
                }
                default:
                    if (isName(t)) return 0; // C11 6.10.1p4: identifiers left after expansion are 0
                    at--;
                    throw fail("token \"" + t.text() + "\" is not valid in preprocessor expressions");
            }
        }
    }

    // ---------------------------------------------------------------- expansion

    /** Expands a list of tokens on its own (a macro argument, a #if or #include line): what it makes. */
    private List<PpToken> expandList(List<Token> tokens, int depth) {
        List<PpToken> wrapped = new ArrayList<>(tokens.size());
        for (Token t : tokens) wrapped.add(new PpToken(t, Set.of()));
        return expandTokens(wrapped, depth);
    }

    private List<PpToken> expandTokens(List<PpToken> tokens, int depth) {
        int[] i = {0};
        Token end = new Token(TokenType.EOF, "", Pos.NONE, 0, null);
        Expansion x = new Expansion(() -> i[0] < tokens.size() ? tokens.get(i[0]++) : new PpToken(end, Set.of()));
        x.depth = depth;
        List<PpToken> out = new ArrayList<>();
        for (PpToken t = x.next(); !t.is(TokenType.EOF); t = x.next()) out.add(t);
        return out;
    }

    /** A stream of tokens with macros expanded, reading from {@code source} and its own pushed-back tokens. */
    private final class Expansion {
        private final Supplier<PpToken> source;
        private final Deque<PpToken> pending = new ArrayDeque<>();
        int depth;

        Expansion(Supplier<PpToken> source) {
            this.source = source;
        }

        private PpToken take() {
            return pending.isEmpty() ? source.get() : pending.pop();
        }

        PpToken next() {
            while (true) {
                PpToken t = take();
                if (!t.is(TokenType.IDENT)) return t;
                if (t.hide().isEmpty()) outermost = t.token();
                String name = t.token().text();
                PpToken builtin = builtin(t);
                if (builtin != null) return builtin;
                MacroTable.Macro m = macros.get(name);
                if (m == null || t.hide().contains(name)) return t;
                if (!m.functionLike()) {
                    push(substitute(m, List.of(), hideSet(t.hide(), name), t.token()));
                    continue;
                }
                PpToken paren = take();
                if (!paren.is(TokenType.LPAREN)) {
                    pending.push(paren);
                    return t; // a function-like macro's name without arguments is just a name
                }
                List<List<PpToken>> args = arguments(m, t.token());
                if (args == null)
                    return new PpToken(new Token(TokenType.EOF, "", t.token().pos(), 0, null), Set.of());
                if (!arity(m, args, t.token())) continue;
                push(substitute(m, args, hideSet(t.hide(), name), t.token()));
            }
        }

        private void push(List<PpToken> tokens) {
            for (int i = tokens.size() - 1; i >= 0; i--) pending.push(tokens.get(i));
        }

        /** The arguments of a call whose '(' was just taken, split at top-level commas; null at the end of input. */
        private List<List<PpToken>> arguments(MacroTable.Macro m, Token use) {
            List<List<PpToken>> args = new ArrayList<>();
            List<PpToken> arg = new ArrayList<>();
            int parens = 0;
            while (true) {
                PpToken t = take();
                if (t.is(TokenType.EOF)) {
                    error(use.pos(), "unterminated argument list invoking macro \"" + m.name() + "\"");
                    pending.push(t);
                    return null;
                }
                if (parens == 0 && t.is(TokenType.RPAREN)) break;
                if (parens == 0
                        && t.is(TokenType.COMMA)
                        && !(m.variadic() && args.size() == m.params().size() - 1)) {
                    args.add(arg);
                    arg = new ArrayList<>();
                    continue;
                }
                if (t.is(TokenType.LPAREN)) parens++;
                if (t.is(TokenType.RPAREN)) parens--;
                arg.add(t);
                count(1, use);
            }
            args.add(arg);
            return args;
        }

        /** Checks the number of arguments (gcc's words); a variadic macro's missing variable part is empty. */
        private boolean arity(MacroTable.Macro m, List<List<PpToken>> args, Token use) {
            int n = m.params().size();
            if (n == 0 && args.size() == 1 && args.get(0).isEmpty()) args.clear();
            if (m.variadic() && args.size() == n - 1) args.add(new ArrayList<>());
            if (args.size() == n) return true;
            error(
                    use.pos(),
                    args.size() > n
                            ? "macro \"" + m.name() + "\" passed " + args.size() + " arguments, but takes just " + n
                            : "macro \"" + m.name() + "\" requires " + n + " arguments, but only " + args.size()
                                    + " given");
            return false;
        }

        /** The body of {@code m} with its parameters replaced (C11 6.10.3.1-3), every token hidden from {@code hide}. */
        private List<PpToken> substitute(MacroTable.Macro m, List<List<PpToken>> args, Set<String> hide, Token use) {
            count(1, use);
            List<Token> body = m.body();
            List<PpToken> out = new ArrayList<>();
            Map<Integer, List<PpToken>> expanded = new HashMap<>();
            boolean placemarker = false; // the last operand of a ## was an empty argument
            for (int i = 0; i < body.size(); i++) {
                Token b = body.get(i);
                int p = param(m, b);
                if (b.is(TokenType.HASH) && m.functionLike()) {
                    out.add(new PpToken(stringize(args.get(param(m, body.get(++i))), use.pos()), hide));
                    placemarker = false;
                    continue;
                }
                if (b.is(TokenType.HASH_HASH) && i + 1 < body.size()) {
                    Token r = body.get(++i);
                    int rp = param(m, r);
                    List<PpToken> right = rp < 0 ? List.of(new PpToken(at(r, use), hide)) : args.get(rp);
                    if (placemarker || out.isEmpty()) {
                        right.forEach(x -> out.add(hidden(x, hide)));
                    } else if (right.isEmpty()) {
                        if (rp >= 0
                                && m.variadic()
                                && rp == m.params().size() - 1
                                && out.get(out.size() - 1).is(TokenType.COMMA)) {
                            out.remove(out.size() - 1); // GNU: , ## __VA_ARGS__ drops the comma
                        }
                    } else if (rp >= 0
                            && m.variadic()
                            && rp == m.params().size() - 1
                            && out.get(out.size() - 1).is(TokenType.COMMA)) {
                        right.forEach(x -> out.add(hidden(x, hide))); // GNU: , ## __VA_ARGS__ keeps the comma
                    } else {
                        PpToken left = out.remove(out.size() - 1);
                        out.addAll(paste(left, right.get(0), hide, use));
                        for (int k = 1; k < right.size(); k++) out.add(hidden(right.get(k), hide));
                    }
                    placemarker = right.isEmpty() && (placemarker || out.isEmpty());
                    count(right.size(), use);
                    continue;
                }
                placemarker = false;
                if (p < 0) {
                    out.add(new PpToken(at(b, use), hide));
                    count(1, use);
                    continue;
                }
                boolean pasted = i + 1 < body.size() && body.get(i + 1).is(TokenType.HASH_HASH);
                List<PpToken> arg =
                        pasted ? args.get(p) : expanded.computeIfAbsent(p, k -> expandArgument(args.get(k)));
                if (pasted && arg.isEmpty()) placemarker = true;
                for (PpToken a : arg) out.add(hidden(a, hide));
                count(arg.size(), use);
            }
            return out;
        }

        private List<PpToken> expandArgument(List<PpToken> arg) {
            if (depth >= Nesting.LIMIT) {
                error(arg.isEmpty() ? Pos.NONE : arg.get(0).token().pos(), Nesting.tooDeep("macro arguments"));
                throw new Stop();
            }
            return expandTokens(arg, depth + 1);
        }

        private int param(MacroTable.Macro m, Token t) {
            return m.functionLike() && isName(t) ? m.params().indexOf(t.text()) : -1;
        }

        private PpToken builtin(PpToken t) {
            String name = t.token().text();
            Pos pos = t.token().pos();
            return switch (name) {
                case "__LINE__" ->
                    new PpToken(new Token(TokenType.INT, String.valueOf(pos.line()), pos, pos.line(), null), t.hide());
                case "__FILE__" -> new PpToken(string(files.get(pos.file()).name(), pos), t.hide());
                case "__COUNTER__" ->
                    new PpToken(new Token(TokenType.INT, String.valueOf(counter), pos, counter++, null), t.hide());
                default -> null;
            };
        }
    }

    /** A body token placed at the macro's use. */
    private static Token at(Token b, Token use) {
        return new Token(b.type(), b.text(), use.pos(), b.value(), b.string());
    }

    private static PpToken hidden(PpToken t, Set<String> hide) {
        if (t.hide().isEmpty() || t.hide().equals(hide)) return new PpToken(t.token(), hide);
        Set<String> union = new HashSet<>(hide);
        union.addAll(t.hide());
        return new PpToken(t.token(), Set.copyOf(union));
    }

    private static Set<String> hideSet(Set<String> hide, String name) {
        Set<String> s = new HashSet<>(hide);
        s.add(name);
        return Set.copyOf(s);
    }

    /** {@code #arg}: the argument's spelling as a string literal, one space where the source had white space. */
    private static Token stringize(List<PpToken> arg, Pos pos) {
        StringBuilder spelling = new StringBuilder();
        Token prev = null;
        for (PpToken a : arg) {
            Token t = a.token();
            if (prev != null
                    && (t.pos().line() != prev.pos().line()
                            || t.pos().col() > prev.endCol()
                            || t.pos().file() != prev.pos().file())) {
                spelling.append(' ');
            }
            spelling.append(t.text());
            prev = t;
        }
        return string(spelling.toString(), pos);
    }

    private static Token string(String content, Pos pos) {
        String quoted =
                '"' + content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        return new Token(TokenType.STRING, quoted, pos, 0, content);
    }

    /** {@code left ## right}: one token lexed from both spellings, or gcc's error and both tokens unpasted. */
    private List<PpToken> paste(PpToken left, PpToken right, Set<String> hide, Token use) {
        String text = left.token().text() + right.token().text();
        Lexer lexer = new Lexer(new SourceFile("<paste>", text));
        List<Token> tokens = lexer.tokenize();
        if (tokens.size() == 2
                && lexer.diagnostics().isEmpty()
                && !tokens.get(0).is(TokenType.DIRECTIVE)) {
            Token t = tokens.get(0);
            return List.of(new PpToken(new Token(t.type(), t.text(), use.pos(), t.value(), t.string()), hide));
        }
        error(
                use.pos(),
                "pasting \"" + left.token().text() + "\" and \"" + right.token().text()
                        + "\" does not give a valid preprocessing token");
        return List.of(hidden(left, hide), hidden(right, hide));
    }

    private void count(int tokens, Token use) {
        produced += tokens;
        if (produced > MAX_EXPANDED_TOKENS) {
            if (outermost != null) use = outermost;
            error(
                    use.pos(),
                    "macro expansion of '" + use.text() + "' exceeds the limit of " + MAX_EXPANDED_TOKENS + " tokens");
            throw new Stop();
        }
    }

    private void error(Pos pos, String message) {
        SourceFile file = files.get(Math.min(pos.file(), files.size() - 1));
        if (diagnostics.size() < CompileException.MAX_ERRORS) {
            diagnostics.add(Diagnostic.at(file, pos, message));
        } else {
            throw new Stop();
        }
    }
}

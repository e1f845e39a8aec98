package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parser of kernel C, top level: declarations, functions, declaration macros and integer #defines. The layers
 * below do the rest: {@link StatementParser}, {@link TypeParser}, {@link ExpressionParser}, {@link ParserBase}.
 *
 * <p>Errors are gcc-style diagnostics. After an error the parser resynchronises (at the next ';' or '}' inside a
 * function, at the next declaration outside one) so that one pass reports several errors; {@link #parse} then
 * throws them all as one {@link CompileException}.
 *
 * <p>Positions: statements sit at their first token; declarations of a name (functions, variables, fields,
 * parameters, typedefs, enumerators) at that name; struct/enum definitions at their tag.
 */
public final class Parser extends StatementParser {

    private final List<Lexer.Define> defines;
    private int nextDefine;

    private Parser(SourceFile file, List<Token> tokens, Set<String> typeNames, List<Diagnostic> diagnostics,
                   List<Lexer.Define> defines) {
        super(file, tokens, typeNames, diagnostics);
        this.defines = defines;
    }

    /**
     * Parses {@code file}. {@code typeNames} are the typedef names known from outside ("u32", "irqreturn_t", ...);
     * {@code bool} is always known, and the file's own typedefs are added as they are met (to a copy: the set
     * passed in is left alone).
     *
     * @throws CompileException with every diagnostic, in source order, when the file has errors
     */
    public static TranslationUnit parse(SourceFile file, Set<String> typeNames) throws CompileException {
        if (file.text() == null) {
            file = new SourceFile(file.name(), "");
        }
        Lexer lexer = new Lexer(file);
        List<Token> tokens = lexer.tokenize();
        List<Lexer.Define> defines = lexer.defines();
        List<Diagnostic> diagnostics = new ArrayList<>(lexer.diagnostics());
        if (!defines.isEmpty()) { // expand the macros that are not plain integer constants (those become enums)
            int[] moved = new int[tokens.size() + 1];
            List<Lexer.Define> expandable = new ArrayList<>();
            for (Lexer.Define d : defines) if (!integerConstant(d)) expandable.add(d);
            try {
                tokens = MacroExpander.expand(tokens, expandable, moved);
            } catch (MacroExpander.LimitExceeded e) {
                diagnostics.add(Diagnostic.at(file, e.pos, e.getMessage()));
                throw new CompileException(sorted(diagnostics));
            }
            moved[moved.length - 1] = tokens.size();
            List<Lexer.Define> remapped = new ArrayList<>();
            for (Lexer.Define d : defines) {
                remapped.add(new Lexer.Define(d.name(), d.body(), d.pos(), moved[Math.min(d.tokenIndex(),
                        moved.length - 1)], d.params()));
            }
            defines = remapped;
        }
        Set<String> names = new HashSet<>();
        if (typeNames != null) {
            names.addAll(typeNames);
        }
        names.add("bool");
        Parser parser = new Parser(file, tokens, names, diagnostics, defines);
        List<Decl> decls = List.of();
        try {
            decls = parser.translationUnit();
            for (Decl d : decls) {
                Nesting.Violation v = Nesting.check(d);
                if (v != null) {
                    diagnostics.add(Diagnostic.at(file, v.pos(), Nesting.tooDeep(v.what())));
                }
            }
        } catch (TooManyErrors e) {
            boolean said = diagnostics.stream().anyMatch(d -> d.message().equals(CompileException.TOO_MANY_ERRORS));
            if (!said) {
                diagnostics.add(Diagnostic.at(file, e.pos, CompileException.TOO_MANY_ERRORS));
            }
        } catch (StackOverflowError e) { // the nesting limit should make this impossible; never a Java trace
            diagnostics.add(Diagnostic.at(file, parser.peek().pos(), Nesting.tooDeep("program")));
        } catch (RuntimeException e) { // a parser bug must still come out as a diagnostic
            diagnostics.add(Diagnostic.at(file, parser.peek().pos(), "internal compiler error in the parser"));
        }
        if (!diagnostics.isEmpty()) {
            throw new CompileException(sorted(diagnostics));
        }
        return new TranslationUnit(file, List.copyOf(decls));
    }

    private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::col));
        return sorted;
    }

    // ---------------------------------------------------------------- top level

    /** translation-unit: external-declaration* */
    private List<Decl> translationUnit() {
        List<Decl> decls = new ArrayList<>();
        while (!isAtEnd()) {
            addDefines(decls, current);
            int start = current;
            List<Decl> out = new ArrayList<>();
            try {
                externalDeclaration(out);
            } catch (ParseError e) {
                synchronizeTopLevel();
            }
            addDefines(decls, current - 1); // #defines met inside the declaration come before it
            decls.addAll(pending);
            pending.clear();
            decls.addAll(out);
            if (current == start) {
                advance();
            }
        }
        addDefines(decls, Integer.MAX_VALUE);
        return decls;
    }

    /**
     * external-declaration: ";" | macro-call | specifiers ";" | specifiers declarator function-body
     * | specifiers init-declarator ( "," init-declarator )* ";"
     */
    private void externalDeclaration(List<Decl> out) {
        if (match(SEMI)) {
            return; // a stray ';' between declarations
        }
        if (check(IDENT) && peek(1).is(LPAREN) && !isDeclarationStart(peek())) {
            out.add(macroCall());
            return;
        }
        DeclSpec spec = specifiers();
        if (spec.type == null) {
            if (check(IDENT) && peek(1).is(LPAREN) && spec.sawAny && !spec.isTypedef) {
                out.add(macroCall()); // static DEFINE_MUTEX(lock);
                return;
            }
            spec.type = missingType(spec, true);
        }
        if (match(SEMI)) {
            declaredNothing(spec);
            return;
        }
        if (spec.hasBody && !check(STAR) && !check(IDENT) && !check(LPAREN)) {
            missingSemicolon("';', identifier or '('"); // struct x { ... } <no ';'>
            declaredNothing(spec);
            return;
        }
        boolean first = true;
        boolean initialized;
        do {
            Declarator d = declarator(NameMode.REQUIRED);
            if (first) {
                nameAnonymous(spec, spec.isTypedef ? d.name() : null);
            }
            TypeRef type = d.apply(spec.type);
            Expr init = null;
            if (spec.isTypedef) {
                init = typedefInitializer(d);
                typeNames.add(d.name());
                out.add(new Decl.Typedef(d.name(), type, d.namePos()));
            } else if (type instanceof TypeRef.Function fn) {
                if (first && check(LBRACE)) {
                    Stmt.Block body = functionBody();
                    out.add(new Decl.Function(d.name(), fn.returns(), fn.params(), fn.variadic(), body,
                            spec.isStatic, d.namePos()));
                    return;
                }
                out.add(new Decl.Function(d.name(), fn.returns(), fn.params(), fn.variadic(), null,
                        spec.isStatic, d.namePos()));
            } else {
                init = match(EQ) ? initializer() : null;
                out.add(new Decl.GlobalVar(d.name(), type, init, spec.isStatic, spec.isExtern, d.namePos()));
            }
            initialized = init != null;
            first = false;
        } while (match(COMMA));
        if (!match(SEMI)) {
            missingSemicolon(initialized ? "',' or ';'" : "'=', ',', ';', 'asm' or '__attribute__'");
        }
    }

    /** macro-call: NAME "(" ( argument ( "," argument )* )? ")" ";"? where an argument may be a type name. */
    private Decl.MacroCall macroCall() {
        Token name = advance();
        expect(LPAREN);
        List<Expr> args = new ArrayList<>();
        if (!check(RPAREN)) {
            do {
                if (isTypeNameStart(peek())) { // module_param(debug, bool, 0644)
                    Token start = peek();
                    args.add(new Expr.Ident(typeText(typeName()), start.pos()));
                } else {
                    args.add(assignment());
                }
            } while (match(COMMA));
        }
        expect(RPAREN);
        match(SEMI);
        return new Decl.MacroCall(name.text(), args, name.pos());
    }

    /**
     * Recovery outside functions: skip past the next ';' or the '}' closing a body, or up to a token in column 1 of
     * a later line (the way kernel code starts a declaration).
     */
    private void synchronizeTopLevel() {
        int errorLine = peek().pos().line();
        int depth = 0;
        boolean moved = false;
        while (!isAtEnd()) {
            Token t = peek();
            if (moved && depth <= 0 && t.pos().col() == 1 && t.pos().line() > errorLine
                    && !t.is(LBRACE) && !t.is(RBRACE) && !t.is(SEMI)) {
                return;
            }
            advance();
            moved = true;
            if (t.is(LBRACE)) {
                depth++;
            } else if (t.is(RBRACE)) {
                if (--depth <= 0) {
                    return;
                }
            } else if (t.is(SEMI) && depth <= 0) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- #define constants

    /** Whether a #define is folded into an enum constant rather than expanded: literals and operators only. */
    private static boolean integerConstant(Lexer.Define d) {
        if (d.params() != null || d.body().isEmpty()) return false;
        for (Token t : d.body()) {
            if (t.is(IDENT) || t.is(STRING) || t.type().isKeyword()) return false;
        }
        return true;
    }

    /** Emits the integer #defines that come before token {@code limit} as enum constants. */
    private void addDefines(List<Decl> decls, int limit) {
        while (nextDefine < defines.size() && defines.get(nextDefine).tokenIndex() <= limit) {
            Decl constant = defineConstant(defines.get(nextDefine++));
            if (constant != null) {
                decls.add(constant);
            }
        }
    }

    /**
     * {@code #define NAME <integer constant expression>} as {@code enum { NAME = value };}, folded to one IntLit.
     * Bodies with names, strings or keywords are not constants we can know: null.
     */
    private Decl defineConstant(Lexer.Define d) {
        if (d.params() != null || d.body().isEmpty()) return null;
        for (Token t : d.body()) {
            if (t.is(IDENT) || t.is(STRING) || t.type().isKeyword()) {
                return null;
            }
        }
        List<Token> body = new ArrayList<>(d.body());
        Token last = body.get(body.size() - 1);
        body.add(new Token(EOF, "", new Pos(last.pos().line(), last.endCol()), 0, null));
        Parser sub = new Parser(file, body, typeNames, new ArrayList<>(), List.of());
        try {
            Expr e = sub.conditional();
            Nesting.Violation deep = Nesting.check(e);
            if (deep != null) { // fold() recurses
                report(deep.pos(), Nesting.tooDeep(deep.what()));
                return null;
            }
            Long value = sub.isAtEnd() && sub.diagnostics.isEmpty() ? fold(e) : null;
            if (value == null) {
                return null;
            }
            Expr lit = new Expr.IntLit(value, d.pos());
            return new Decl.EnumDef(null, List.of(new Decl.Enumerator(d.name(), lit, d.pos())), d.pos());
        } catch (ParseError e) {
            sub.diagnostics.stream().filter(x -> Nesting.isTooDeep(x.message())).forEach(diagnostics::add);
            return null;
        }
    }

    /** The value of a constant expression of literals, or null. */
    private static Long fold(Expr e) {
        if (e instanceof Expr.IntLit lit) {
            return lit.value();
        }
        if (e instanceof Expr.Unary u) {
            Long v = fold(u.operand());
            if (v == null) {
                return null;
            }
            switch (u.op()) {
                case "-": return -v;
                case "+": return v;
                case "~": return ~v;
                case "!": return v == 0 ? 1L : 0L;
                default: return null;
            }
        }
        if (e instanceof Expr.Conditional c) {
            Long cond = fold(c.cond());
            return cond == null ? null : fold(cond != 0 ? c.then() : c.otherwise());
        }
        if (!(e instanceof Expr.Binary b)) {
            return null;
        }
        Long l = fold(b.left());
        Long r = fold(b.right());
        if (l == null || r == null) {
            return null;
        }
        switch (b.op()) {
            case "+": return l + r;
            case "-": return l - r;
            case "*": return l * r;
            case "/": return r == 0 ? null : l / r;
            case "%": return r == 0 ? null : l % r;
            case "<<": return l << (r & 63);
            case ">>": return l >> (r & 63);
            case "&": return l & r;
            case "|": return l | r;
            case "^": return l ^ r;
            case "&&": return l != 0 && r != 0 ? 1L : 0L;
            case "||": return l != 0 || r != 0 ? 1L : 0L;
            case "==": return l.equals(r) ? 1L : 0L;
            case "!=": return !l.equals(r) ? 1L : 0L;
            case "<": return l < r ? 1L : 0L;
            case ">": return l > r ? 1L : 0L;
            case "<=": return l <= r ? 1L : 0L;
            case ">=": return l >= r ? 1L : 0L;
            case ",": return r;
            default: return null;
        }
    }
}

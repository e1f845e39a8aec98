package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The parser of kernel C, top level: declarations, functions and declaration macros, after the {@link Preprocessor}.
 * It reads a {@link TokenStream} with collaborators that share it: a {@link StatementParser} for function bodies,
 * which has the {@link ExpressionParser}, which has the {@link TypeParser}, which has the {@link TagParser} (struct,
 * union and enum bodies, whose definitions this parser emits before the declaration that held them).
 *
 * <p>Errors are gcc-style diagnostics. After an error the parser resynchronises (at the next ';' or '}' inside a
 * function, at the next declaration outside one) so that one pass reports several errors; {@link #parse} then
 * throws them all as one {@link CompileException}.
 *
 * <p>Positions: statements sit at their first token; declarations of a name (functions, variables, fields,
 * parameters, typedefs, enumerators) at that name; struct/enum definitions at their tag.
 */
public final class Parser {

    private final TokenStream in;
    private final StatementParser statements;
    private final ExpressionParser exprs;
    private final TypeParser types;
    private final TagParser tags;

    private Parser(TokenStream in) {
        this.in = in;
        this.statements = new StatementParser(in);
        this.exprs = statements.expressions();
        this.types = exprs.types();
        this.tags = types.tags();
    }

    /** Parses {@code file} on its own: no macros but its own, no includes. */
    public static TranslationUnit parse(SourceFile file, Set<String> typeNames) throws CompileException {
        return parse(file, typeNames, new MacroTable(), name -> null);
    }

    /**
     * Preprocesses and parses {@code file}. {@code typeNames} are the typedef names known from outside ("u32",
     * "irqreturn_t", ...); {@code bool} is always known, and the file's own typedefs are added as they are met (to a
     * copy: the set passed in is left alone). {@code macros} are the macros in force, which the file's #defines
     * change; {@code includes} finds a quoted {@code #include} (null when there is no such file).
     *
     * @throws CompileException with every diagnostic, in source order, when the file has errors
     */
    public static TranslationUnit parse(
            SourceFile file, Set<String> typeNames, MacroTable macros, Function<String, SourceFile> includes)
            throws CompileException {
        if (file.text() == null) {
            file = new SourceFile(file.name(), "");
        }
        Preprocessor.Result pp = Preprocessor.run(file, macros, includes);
        List<Diagnostic> diagnostics = new ArrayList<>(pp.diagnostics());
        if (pp.stopped()) { // the tokens end where a budget ran out: parsing them would only add noise
            throw new CompileException(sorted(diagnostics));
        }
        Set<String> names = new HashSet<>();
        if (typeNames != null) {
            names.addAll(typeNames);
        }
        names.add("bool");
        TokenStream in = new TokenStream(file, pp.files(), pp.tokens(), names, diagnostics);
        Parser parser = new Parser(in);
        List<Decl> decls = List.of();
        try {
            decls = parser.translationUnit();
            for (Decl d : decls) {
                Nesting.Violation v = Nesting.check(d);
                if (v != null) {
                    diagnostics.add(Diagnostic.at(in.sourceOf(v.pos()), v.pos(), Nesting.tooDeep(v.what())));
                }
            }
        } catch (TokenStream.TooManyErrors e) {
            boolean said = diagnostics.stream().anyMatch(d -> d.message().equals(CompileException.TOO_MANY_ERRORS));
            if (!said) {
                diagnostics.add(Diagnostic.at(in.sourceOf(e.pos), e.pos, CompileException.TOO_MANY_ERRORS));
            }
        } catch (StackOverflowError e) { // the nesting limit should make this impossible; never a Java trace
            diagnostics.add(
                    Diagnostic.at(in.sourceOf(in.peek().pos()), in.peek().pos(), Nesting.tooDeep("program")));
        } catch (RuntimeException e) { // a parser bug must still come out as a diagnostic
            diagnostics.add(Diagnostic.at(
                    in.sourceOf(in.peek().pos()), in.peek().pos(), "internal compiler error in the parser"));
        }
        if (!diagnostics.isEmpty()) {
            throw new CompileException(sorted(diagnostics));
        }
        return new TranslationUnit(file, List.copyOf(decls), pp.files(), pp.warnings());
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
        while (!in.isAtEnd()) {
            int start = in.position();
            List<Decl> out = new ArrayList<>();
            try {
                externalDeclaration(out);
            } catch (TokenStream.ParseError e) {
                synchronizeTopLevel();
            }
            decls.addAll(tags.takePending());
            decls.addAll(out);
            if (in.position() == start) {
                in.advance();
            }
        }
        return decls;
    }

    /**
     * external-declaration: ";" | macro-call | specifiers ";" | specifiers declarator function-body
     * | specifiers init-declarator ( "," init-declarator )* ";"
     */
    private void externalDeclaration(List<Decl> out) {
        if (in.match(SEMI)) {
            return; // a stray ';' between declarations
        }
        if (in.check(IDENT) && in.peek(1).is(LPAREN) && !types.isDeclarationStart(in.peek())) {
            out.add(macroCall());
            return;
        }
        TypeParser.DeclSpec spec = types.specifiers();
        if (spec.type == null) {
            if (in.check(IDENT) && in.peek(1).is(LPAREN) && spec.sawAny && !spec.isTypedef) {
                out.add(macroCall()); // static DEFINE_MUTEX(lock);
                return;
            }
            spec.type = types.missingType(spec, true);
        }
        if (in.match(SEMI)) {
            tags.declaredNothing(spec);
            return;
        }
        if (spec.hasBody && !in.check(STAR) && !in.check(IDENT) && !in.check(LPAREN)) {
            in.missingSemicolon("';', identifier or '('"); // struct x { ... } <no ';'>
            tags.declaredNothing(spec);
            return;
        }
        boolean first = true;
        boolean initialized;
        do {
            TypeParser.Declarator d = types.declarator(TypeParser.NameMode.REQUIRED);
            if (first) {
                tags.nameAnonymous(spec, spec.isTypedef ? d.name() : null);
            }
            TypeRef type = d.apply(spec.type);
            Expr init = null;
            if (spec.isTypedef) {
                init = types.typedefInitializer(d);
                in.addTypeName(d.name());
                out.add(new Decl.Typedef(d.name(), type, d.namePos()));
            } else if (type instanceof TypeRef.Function fn) {
                if (first && in.check(LBRACE)) {
                    Stmt.Block body = statements.functionBody();
                    out.add(new Decl.Function(
                            d.name(),
                            fn.returns(),
                            fn.params(),
                            fn.variadic(),
                            body,
                            spec.isStatic,
                            d.namePos(),
                            spec.isInline));
                    return;
                }
                out.add(new Decl.Function(
                        d.name(),
                        fn.returns(),
                        fn.params(),
                        fn.variadic(),
                        null,
                        spec.isStatic,
                        d.namePos(),
                        spec.isInline));
            } else {
                init = in.match(EQ) ? exprs.initializer() : null;
                out.add(new Decl.GlobalVar(d.name(), type, init, spec.isStatic, spec.isExtern, d.namePos()));
            }
            initialized = init != null;
            first = false;
        } while (in.match(COMMA));
        if (!in.match(SEMI)) {
            in.missingSemicolon(initialized ? "',' or ';'" : "'=', ',', ';', 'asm' or '__attribute__'");
        }
    }

    /** macro-call: NAME "(" ( argument ( "," argument )* )? ")" ";"? where an argument may be a type name. */
    private Decl.MacroCall macroCall() {
        Token name = in.advance();
        in.expect(LPAREN);
        List<Expr> args = new ArrayList<>();
        if (!in.check(RPAREN)) {
            do {
                if (types.isTypeNameStart(in.peek())) { // module_param(debug, bool, 0644)
                    Token start = in.peek();
                    args.add(new Expr.Ident(TypeParser.typeText(types.typeName()), start.pos()));
                } else {
                    args.add(exprs.assignment());
                }
            } while (in.match(COMMA));
        }
        in.expect(RPAREN);
        in.match(SEMI);
        return new Decl.MacroCall(name.text(), args, name.pos());
    }

    /**
     * Recovery outside functions: skip past the next ';' or the '}' closing a body, or up to a token in column 1 of
     * a later line (the way kernel code starts a declaration).
     */
    private void synchronizeTopLevel() {
        int errorLine = in.peek().pos().line();
        int depth = 0;
        boolean moved = false;
        while (!in.isAtEnd()) {
            Token t = in.peek();
            if (moved
                    && depth <= 0
                    && t.pos().col() == 1
                    && t.pos().line() > errorLine
                    && !t.is(LBRACE)
                    && !t.is(RBRACE)
                    && !t.is(SEMI)) {
                return;
            }
            in.advance();
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
}

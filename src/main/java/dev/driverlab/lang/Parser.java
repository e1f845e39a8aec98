package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parser of kernel C, top level: declarations, functions and declaration macros, after the {@link Preprocessor}. The layers
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

    private Parser(SourceFile file, List<Token> tokens, Set<String> typeNames, List<Diagnostic> diagnostics) {
        super(file, tokens, typeNames, diagnostics);
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
            SourceFile file,
            Set<String> typeNames,
            MacroTable macros,
            java.util.function.Function<String, SourceFile> includes)
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
        Parser parser = new Parser(file, pp.tokens(), names, diagnostics);
        parser.files = pp.files();
        List<Decl> decls = List.of();
        try {
            decls = parser.translationUnit();
            for (Decl d : decls) {
                Nesting.Violation v = Nesting.check(d);
                if (v != null) {
                    diagnostics.add(Diagnostic.at(parser.sourceOf(v.pos()), v.pos(), Nesting.tooDeep(v.what())));
                }
            }
        } catch (TooManyErrors e) {
            boolean said = diagnostics.stream().anyMatch(d -> d.message().equals(CompileException.TOO_MANY_ERRORS));
            if (!said) {
                diagnostics.add(Diagnostic.at(parser.sourceOf(e.pos), e.pos, CompileException.TOO_MANY_ERRORS));
            }
        } catch (StackOverflowError e) { // the nesting limit should make this impossible; never a Java trace
            diagnostics.add(Diagnostic.at(
                    parser.sourceOf(parser.peek().pos()), parser.peek().pos(), Nesting.tooDeep("program")));
        } catch (RuntimeException e) { // a parser bug must still come out as a diagnostic
            diagnostics.add(Diagnostic.at(
                    parser.sourceOf(parser.peek().pos()),
                    parser.peek().pos(),
                    "internal compiler error in the parser"));
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
        while (!isAtEnd()) {
            int start = current;
            List<Decl> out = new ArrayList<>();
            try {
                externalDeclaration(out);
            } catch (ParseError e) {
                synchronizeTopLevel();
            }
            decls.addAll(pending);
            pending.clear();
            decls.addAll(out);
            if (current == start) {
                advance();
            }
        }
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
            if (moved
                    && depth <= 0
                    && t.pos().col() == 1
                    && t.pos().line() > errorLine
                    && !t.is(LBRACE)
                    && !t.is(RBRACE)
                    && !t.is(SEMI)) {
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
}

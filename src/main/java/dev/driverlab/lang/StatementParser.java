package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Statements and local declarations: everything inside a function body. Case and default labels are statements
 * of their own inside the switch body; a label right before '}' labels an empty statement; an elision
 * ({@code …} or {@code ...}) alone is an empty statement that says "code left out".
 */
abstract class StatementParser extends TypeParser {

    private int loopDepth;
    /** Inside a function body: the only place gcc accepts a statement expression. */
    private boolean inFunction;

    private int switchDepth;
    /** Set once error recovery skipped code in this function: "not within a loop" may then be our fault. */
    private boolean skippedCode;

    /**
     * gcc's local labels ({@code __label__ out;} at the start of a block, as ___wait_event in include/linux/wait.h
     * declares its {@code __out}): each block's names, innermost last, mapped to a name unique in the file, so
     * that two expansions of a macro in one function label different places.
     */
    private final Deque<Map<String, String>> localLabels = new ArrayDeque<>();

    private int localLabelCount;

    StatementParser(SourceFile file, List<Token> tokens, Set<String> typeNames, List<Diagnostic> diagnostics) {
        super(file, tokens, typeNames, diagnostics);
    }

    protected Stmt.Block functionBody() {
        int loops = loopDepth;
        int switches = switchDepth;
        loopDepth = 0;
        switchDepth = 0;
        skippedCode = false;
        boolean outer = inFunction;
        inFunction = true;
        try {
            return block();
        } finally {
            loopDepth = loops;
            switchDepth = switches;
            inFunction = outer;
        }
    }

    @Override
    protected Stmt.Block statementExpressionBody() {
        if (!inFunction) {
            report(peek().pos(), "braced-group within expression allowed only inside a function");
        }
        enter("statement");
        try {
            return block();
        } finally {
            leave();
        }
    }

    /**
     * Reports a missing ';' at the next token, gcc-style. When that token starts a new line (or closes the block,
     * or is the end) parsing goes on as if the ';' were there; otherwise it unwinds to skip the junk.
     */
    protected void missingSemicolon(String what) {
        Token next = peek();
        ParseError error = expected(what);
        if (!next.is(RBRACE)
                && !next.is(EOF)
                && next.pos().line() == previous().pos().line()) {
            throw error;
        }
    }

    /**
     * No type in the specifiers of a declaration: {@code foo x;} and {@code foo *x;} (at top level) report an
     * unknown type name and go on with it; {@code static x;} defaults to int, with an error.
     */
    protected TypeRef missingType(DeclSpec spec, boolean topLevel) {
        if (check(IDENT) && (peek(1).is(IDENT) || (topLevel && peek(1).is(STAR)))) {
            return unknownTypeName();
        }
        if (check(IDENT)) {
            Token name = peek();
            report(
                    name.pos(),
                    spec.sawAny
                            ? "type defaults to 'int' in declaration of '" + name.text() + "'"
                            : "data definition has no type or storage class");
            return new TypeRef.Named("int", name.pos());
        }
        throw expected("identifier or '('");
    }

    protected Expr typedefInitializer(Declarator d) {
        if (!check(EQ)) {
            return null;
        }
        report(peek().pos(), "typedef '" + d.name() + "' is initialized (use __typeof__ instead)");
        advance();
        return initializer();
    }

    // ---------------------------------------------------------------- statements

    /** block: "{" block-item* "}" (a level of nesting as the statement it is, or as the function body) */
    private Stmt.Block block() {
        Token open = expect(LBRACE);
        Map<String, String> locals = localLabelDeclarations();
        if (locals != null) localLabels.push(locals);
        try {
            return blockItems(open);
        } finally {
            if (locals != null) localLabels.pop();
        }
    }

    /** {@code __label__ a, b;} declarations at the start of a block, or null when there are none. */
    private Map<String, String> localLabelDeclarations() {
        Map<String, String> locals = null;
        while (peek().isIdent("__label__")) {
            advance();
            if (locals == null) locals = new HashMap<>();
            do {
                Token name = expectIdentifier("identifier");
                locals.put(name.text(), name.text() + "." + ++localLabelCount);
            } while (match(COMMA));
            endStatement();
        }
        return locals;
    }

    /** The name a label has in the function: a local label's unique name, or the name itself. */
    private String labelName(String name) {
        for (Map<String, String> scope : localLabels) { // innermost first
            String local = scope.get(name);
            if (local != null) return local;
        }
        return name;
    }

    private Stmt.Block blockItems(Token open) {
        List<Stmt> body = new ArrayList<>();
        while (!check(RBRACE)) {
            if (isAtEnd()) {
                throw expected("declaration or statement");
            }
            int before = current;
            try {
                body.add(blockItem());
            } catch (ParseError e) {
                synchronizeStatement();
            }
            if (current == before && !check(RBRACE)) {
                advance();
            }
        }
        advance();
        return new Stmt.Block(body, open.pos());
    }

    /** block-item: local-declaration | statement */
    private Stmt blockItem() {
        Token t = peek();
        if (t.is(IDENT) && peek(1).is(COLON)) {
            return statement(); // a label, even if named like a type
        }
        if (isDeclarationStart(t) || (t.is(IDENT) && peek(1).is(IDENT))) {
            return localDeclaration();
        }
        return statement();
    }

    /** local-declaration: specifiers ( ";" | init-declarator ( "," init-declarator )* ";" ) */
    private Stmt localDeclaration() {
        Token start = peek();
        DeclSpec spec = specifiers();
        if (spec.type == null) {
            spec.type = missingType(spec, false);
        }
        if (match(SEMI)) {
            declaredNothing(spec);
            return new Stmt.Empty(false, start.pos());
        }
        List<Stmt.VarDecl> vars = new ArrayList<>();
        boolean first = true;
        boolean initialized;
        do {
            Declarator d = declarator(NameMode.REQUIRED);
            if (first) {
                nameAnonymous(spec, spec.isTypedef ? d.name() : null);
                first = false;
            }
            TypeRef type = d.apply(spec.type);
            Expr init;
            if (spec.isTypedef) {
                init = typedefInitializer(d);
                typeNames.add(d.name());
                pending.add(new Decl.Typedef(d.name(), type, d.namePos()));
            } else {
                init = match(EQ) ? initializer() : null;
                if (type instanceof TypeRef.Named n && n.name().equals(AUTO_TYPE)) {
                    if (init == null || init instanceof Expr.InitList) {
                        report(d.namePos(), "'__auto_type' requires an initialized data declaration");
                    } else {
                        type = new TypeRef.Typeof(init, true, n.pos());
                    }
                }
                if (type instanceof TypeRef.Function fn) { // a block-scope prototype declares a global function
                    pending.add(new Decl.Function(
                            d.name(), fn.returns(), fn.params(), fn.variadic(), null, spec.isStatic, d.namePos()));
                } else if (spec.isExtern) {
                    pending.add(new Decl.GlobalVar(d.name(), type, init, false, true, d.namePos()));
                } else {
                    vars.add(new Stmt.VarDecl(d.name(), type, init, d.namePos(), spec.isStatic));
                }
            }
            initialized = init != null;
        } while (match(COMMA));
        if (!match(SEMI)) {
            missingSemicolon(initialized ? "',' or ';'" : "'=', ',', ';', 'asm' or '__attribute__'");
        }
        return vars.isEmpty() ? new Stmt.Empty(false, start.pos()) : new Stmt.Local(vars, start.pos());
    }

    private Stmt statement() {
        enter("statement");
        try {
            Token t = peek();
            if (t.is(IDENT) && peek(1).is(COLON)) {
                return labeled();
            }
            if (t.is(IDENT) && ListIterators.isIterator(t.text()) && peek(1).is(LPAREN)) {
                return listIterator();
            }
            if ((t.isIdent("fallthrough") || t.isIdent("__fallthrough")) && peek(1).is(SEMI)) {
                advance(); // the kernel's switch fall-through annotation
                advance();
                return new Stmt.Empty(false, t.pos());
            }
            switch (t.type()) {
                case LBRACE:
                    return block();
                case SEMI:
                    advance();
                    return new Stmt.Empty(false, t.pos());
                case ELLIPSIS: // "code left out here"
                    advance();
                    match(SEMI);
                    return new Stmt.Empty(true, t.pos());
                case IF:
                    return ifStatement();
                case WHILE:
                    return whileStatement();
                case DO:
                    return doStatement();
                case FOR:
                    return forStatement();
                case SWITCH:
                    return switchStatement();
                case CASE:
                    return caseLabel();
                case DEFAULT:
                    return defaultLabel();
                case BREAK:
                    advance();
                    if (loopDepth == 0 && switchDepth == 0 && !skippedCode) {
                        report(t.pos(), "break statement not within loop or switch");
                    }
                    endStatement();
                    return new Stmt.Break(t.pos());
                case CONTINUE:
                    advance();
                    if (loopDepth == 0 && !skippedCode) {
                        report(t.pos(), "continue statement not within a loop");
                    }
                    endStatement();
                    return new Stmt.Continue(t.pos());
                case RETURN: {
                    advance();
                    Expr value = check(SEMI) ? null : expression();
                    endStatement();
                    return new Stmt.Return(value, t.pos());
                }
                case GOTO: {
                    advance();
                    Token label = expectIdentifier("identifier or '*'");
                    endStatement();
                    return new Stmt.Goto(labelName(label.text()), t.pos());
                }
                default: {
                    Expr e = expression();
                    endStatement();
                    return new Stmt.ExprStmt(e, t.pos());
                }
            }
        } finally {
            leave();
        }
    }

    private void endStatement() {
        if (!match(SEMI)) {
            missingSemicolon("';'");
        }
    }

    /** labeled: NAME ":" block-item — or nothing, right before a "}" */
    private Stmt labeled() {
        Token name = advance();
        advance(); // ':'
        while (skipIgnoredSpecifier()) {
            // out: __maybe_unused
        }
        Stmt body = check(RBRACE) ? new Stmt.Empty(false, peek().pos()) : blockItem();
        return new Stmt.Labeled(labelName(name.text()), body, name.pos());
    }

    /** if: "if" "(" expression ")" statement ( "else" statement )? */
    private Stmt ifStatement() {
        Token kw = advance();
        Expr cond = parenthesized();
        Stmt then = statement();
        Stmt otherwise = match(ELSE) ? statement() : null;
        return new Stmt.If(cond, then, otherwise, kw.pos());
    }

    private Expr parenthesized() {
        expect(LPAREN);
        Expr e = expression();
        expect(RPAREN);
        return e;
    }

    /** while: "while" "(" expression ")" statement */
    private Stmt whileStatement() {
        Token kw = advance();
        Expr cond = parenthesized();
        return new Stmt.While(cond, loopBody(), kw.pos());
    }

    /** do: "do" statement "while" "(" expression ")" ";" */
    private Stmt doStatement() {
        Token kw = advance();
        Stmt body = loopBody();
        expect(WHILE);
        Expr cond = parenthesized();
        endStatement();
        return new Stmt.DoWhile(body, cond, kw.pos());
    }

    /** for: "for" "(" ( local-declaration | expression? ";" ) expression? ";" expression? ")" statement */
    private Stmt forStatement() {
        Token kw = advance();
        expect(LPAREN);
        Stmt init = null;
        if (!match(SEMI)) {
            if (isDeclarationStart(peek())) {
                init = localDeclaration();
                if (init instanceof Stmt.Empty) {
                    init = null;
                }
            } else {
                Token start = peek();
                init = new Stmt.ExprStmt(expression(), start.pos());
                expect(SEMI);
            }
        }
        Expr cond = check(SEMI) ? null : expression();
        expect(SEMI);
        Expr update = check(RPAREN) ? null : expression();
        expect(RPAREN);
        return new Stmt.For(init, cond, update, loopBody(), kw.pos());
    }

    /** list_for_each*(...) statement: the kernel's list iteration macros, expanded to the for loop they are. */
    private Stmt listIterator() {
        Token name = advance();
        expect(LPAREN);
        List<Expr> args = new ArrayList<>();
        if (!check(RPAREN)) {
            do {
                args.add(assignment());
            } while (match(COMMA));
        }
        expect(RPAREN);
        Stmt.For loop = ListIterators.expand(name.text(), args, name.pos());
        if (loop == null) {
            report(name.pos(), "wrong number of arguments to macro '" + name.text() + "'");
            loop = new Stmt.For(null, null, null, null, name.pos());
        }
        return new Stmt.For(loop.init(), loop.cond(), loop.update(), loopBody(), name.pos());
    }

    private Stmt loopBody() {
        loopDepth++;
        try {
            return statement();
        } finally {
            loopDepth--;
        }
    }

    /** switch: "switch" "(" expression ")" statement, with case and default labels as statements inside. */
    private Stmt switchStatement() {
        Token kw = advance();
        Expr value = parenthesized();
        switchDepth++;
        try {
            return new Stmt.Switch(value, statement(), kw.pos());
        } finally {
            switchDepth--;
        }
    }

    /** case: "case" constant ":" */
    private Stmt caseLabel() {
        Token kw = advance();
        if (switchDepth == 0 && !skippedCode) {
            report(kw.pos(), "case label not within a switch statement");
        }
        Expr value = conditional();
        expect(COLON);
        return new Stmt.Case(value, kw.pos());
    }

    /** default: "default" ":" */
    private Stmt defaultLabel() {
        Token kw = advance();
        if (switchDepth == 0 && !skippedCode) {
            report(kw.pos(), "'default' label not within a switch statement");
        }
        expect(COLON);
        return new Stmt.Default(kw.pos());
    }

    /**
     * Recovery inside a function: skip past the next ';' (or past a balanced "{...}" group) outside brackets, or
     * up to the '}' that closes the enclosing block.
     */
    private void synchronizeStatement() {
        skippedCode = true;
        int braces = 0;
        int parens = 0;
        while (!isAtEnd()) {
            TokenType t = peek().type();
            if (t == RBRACE && braces == 0) {
                return;
            }
            advance();
            if (t == SEMI && braces == 0 && parens <= 0) {
                return;
            } else if (t == LBRACE) {
                braces++;
            } else if (t == RBRACE) {
                if (--braces == 0 && parens <= 0) {
                    return;
                }
            } else if (t == LPAREN) {
                parens++;
            } else if (t == RPAREN) {
                parens--;
            }
        }
    }
}

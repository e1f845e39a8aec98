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
final class StatementParser {

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

    private final TokenStream in;
    private final ExpressionParser exprs;
    private final TypeParser types;
    private final TagParser tags;

    StatementParser(TokenStream in) {
        this.in = in;
        this.exprs = new ExpressionParser(in, this::statementExpressionBody);
        this.types = exprs.types();
        this.tags = types.tags();
    }

    /** The expression parser of the statements (and, through it, their type parser). */
    ExpressionParser expressions() {
        return exprs;
    }

    Stmt.Block functionBody() {
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

    /** The braced block of a statement expression, from its "{" through its "}". */
    private Stmt.Block statementExpressionBody() {
        if (!inFunction) {
            in.report(in.peek().pos(), "braced-group within expression allowed only inside a function");
        }
        in.enter("statement");
        try {
            return block();
        } finally {
            in.leave();
        }
    }

    // ---------------------------------------------------------------- statements

    /** block: "{" block-item* "}" (a level of nesting as the statement it is, or as the function body) */
    private Stmt.Block block() {
        Token open = in.expect(LBRACE);
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
        while (in.peek().isIdent("__label__")) {
            in.advance();
            if (locals == null) locals = new HashMap<>();
            do {
                Token name = in.expectIdentifier("identifier");
                locals.put(name.text(), name.text() + "." + ++localLabelCount);
            } while (in.match(COMMA));
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
        while (!in.check(RBRACE)) {
            if (in.isAtEnd()) {
                throw in.expected("declaration or statement");
            }
            int before = in.position();
            try {
                body.add(blockItem());
            } catch (TokenStream.ParseError e) {
                synchronizeStatement();
            }
            if (in.position() == before && !in.check(RBRACE)) {
                in.advance();
            }
        }
        in.advance();
        return new Stmt.Block(body, open.pos());
    }

    /** block-item: local-declaration | statement */
    private Stmt blockItem() {
        Token t = in.peek();
        if (t.is(IDENT) && in.peek(1).is(COLON)) {
            return statement(); // a label, even if named like a type
        }
        if (isInlineAssembly(t)) {
            return statement(); // "__asm__ __volatile__ (...)" is no declaration
        }
        if (types.isDeclarationStart(t) || (t.is(IDENT) && in.peek(1).is(IDENT))) {
            return localDeclaration();
        }
        return statement();
    }

    /** local-declaration: specifiers ( ";" | init-declarator ( "," init-declarator )* ";" ) */
    private Stmt localDeclaration() {
        Token start = in.peek();
        TypeParser.DeclSpec spec = types.specifiers();
        if (spec.type == null) {
            spec.type = types.missingType(spec, false);
        }
        if (in.match(SEMI)) {
            tags.declaredNothing(spec);
            return new Stmt.Empty(false, start.pos());
        }
        List<Stmt.VarDecl> vars = new ArrayList<>();
        boolean first = true;
        boolean initialized;
        do {
            TypeParser.Declarator d = types.declarator(TypeParser.NameMode.REQUIRED);
            if (first) {
                tags.nameAnonymous(spec, spec.isTypedef ? d.name() : null);
                first = false;
            }
            TypeRef type = d.apply(spec.type);
            Expr init;
            if (spec.isTypedef) {
                init = types.typedefInitializer(d);
                in.addTypeName(d.name());
                tags.queue(new Decl.Typedef(d.name(), type, d.namePos()));
            } else {
                init = in.match(EQ) ? exprs.initializer() : null;
                if (type instanceof TypeRef.Named n && n.name().equals(TypeParser.AUTO_TYPE)) {
                    if (init == null || init instanceof Expr.InitList) {
                        in.report(d.namePos(), "'__auto_type' requires an initialized data declaration");
                    } else {
                        type = new TypeRef.Typeof(init, true, n.pos());
                    }
                }
                if (type instanceof TypeRef.Function fn) { // a block-scope prototype declares a global function
                    tags.queue(new Decl.Function(
                            d.name(), fn.returns(), fn.params(), fn.variadic(), null, spec.isStatic, d.namePos()));
                } else if (spec.isExtern) {
                    tags.queue(new Decl.GlobalVar(d.name(), type, init, false, true, d.namePos()));
                } else {
                    vars.add(new Stmt.VarDecl(d.name(), type, init, d.namePos(), spec.isStatic));
                }
            }
            initialized = init != null;
        } while (in.match(COMMA));
        if (!in.match(SEMI)) {
            in.missingSemicolon(initialized ? "',' or ';'" : "'=', ',', ';', 'asm' or '__attribute__'");
        }
        return vars.isEmpty() ? new Stmt.Empty(false, start.pos()) : new Stmt.Local(vars, start.pos());
    }

    private Stmt statement() {
        in.enter("statement");
        try {
            Token t = in.peek();
            if (t.is(IDENT) && in.peek(1).is(COLON)) {
                return labeled();
            }
            if (t.is(IDENT) && ListIterators.isIterator(t.text()) && in.peek(1).is(LPAREN)) {
                return listIterator();
            }
            if (isInlineAssembly(t)) {
                return inlineAssembly();
            }
            if ((t.isIdent("fallthrough") || t.isIdent("__fallthrough"))
                    && in.peek(1).is(SEMI)) {
                in.advance(); // the kernel's switch fall-through annotation
                in.advance();
                return new Stmt.Empty(false, t.pos());
            }
            switch (t.type()) {
                case LBRACE:
                    return block();
                case SEMI:
                    in.advance();
                    return new Stmt.Empty(false, t.pos());
                case ELLIPSIS: // "code left out here"
                    in.advance();
                    in.match(SEMI);
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
                    in.advance();
                    if (loopDepth == 0 && switchDepth == 0 && !skippedCode) {
                        in.report(t.pos(), "break statement not within loop or switch");
                    }
                    endStatement();
                    return new Stmt.Break(t.pos());
                case CONTINUE:
                    in.advance();
                    if (loopDepth == 0 && !skippedCode) {
                        in.report(t.pos(), "continue statement not within a loop");
                    }
                    endStatement();
                    return new Stmt.Continue(t.pos());
                case RETURN: {
                    in.advance();
                    Expr value = in.check(SEMI) ? null : exprs.expression();
                    endStatement();
                    return new Stmt.Return(value, t.pos());
                }
                case GOTO: {
                    in.advance();
                    Token label = in.expectIdentifier("identifier or '*'");
                    endStatement();
                    return new Stmt.Goto(labelName(label.text()), t.pos());
                }
                default: {
                    Expr e = exprs.expression();
                    endStatement();
                    return new Stmt.ExprStmt(e, t.pos());
                }
            }
        } finally {
            in.leave();
        }
    }

    private static final Set<String> ASM_QUALIFIERS =
            Set.of("volatile", "__volatile__", "inline", "__inline__", "goto");

    private static boolean isInlineAssembly(Token t) {
        return t.isIdent("asm") || t.isIdent("__asm__") || t.isIdent("__asm");
    }

    /**
     * asm-statement: "asm" qualifiers "(" ... ")" ";" — GNU C that gcc accepts, but its instructions are machine
     * code the simulator cannot run. Reported as an error (the module does not build here) with the operands
     * skipped, so one message names it and the rest of the function is still checked.
     */
    private Stmt inlineAssembly() {
        Token asm = in.advance();
        while (ASM_QUALIFIERS.contains(in.peek().text())) {
            in.advance();
        }
        in.report(asm.pos(), "inline assembly is not simulated: DriverLab runs kernel C, not machine instructions");
        if (in.check(LPAREN)) {
            Annotations.skipBalancedParens(in);
        }
        endStatement();
        return new Stmt.Empty(false, asm.pos());
    }

    private void endStatement() {
        if (!in.match(SEMI)) {
            in.missingSemicolon("';'");
        }
    }

    /** labeled: NAME ":" block-item — or nothing, right before a "}" */
    private Stmt labeled() {
        Token name = in.advance();
        in.advance(); // ':'
        while (Annotations.skipOne(in)) {
            // out: __maybe_unused
        }
        Stmt body = in.check(RBRACE) ? new Stmt.Empty(false, in.peek().pos()) : blockItem();
        return new Stmt.Labeled(labelName(name.text()), body, name.pos());
    }

    /** if: "if" "(" expression ")" statement ( "else" statement )? */
    private Stmt ifStatement() {
        Token kw = in.advance();
        Expr cond = parenthesized();
        Stmt then = statement();
        Stmt otherwise = in.match(ELSE) ? statement() : null;
        return new Stmt.If(cond, then, otherwise, kw.pos());
    }

    private Expr parenthesized() {
        in.expect(LPAREN);
        Expr e = exprs.expression();
        in.expect(RPAREN);
        return e;
    }

    /** while: "while" "(" expression ")" statement */
    private Stmt whileStatement() {
        Token kw = in.advance();
        Expr cond = parenthesized();
        return new Stmt.While(cond, loopBody(), kw.pos());
    }

    /** do: "do" statement "while" "(" expression ")" ";" */
    private Stmt doStatement() {
        Token kw = in.advance();
        Stmt body = loopBody();
        in.expect(WHILE);
        Expr cond = parenthesized();
        endStatement();
        return new Stmt.DoWhile(body, cond, kw.pos());
    }

    /** for: "for" "(" ( local-declaration | expression? ";" ) expression? ";" expression? ")" statement */
    private Stmt forStatement() {
        Token kw = in.advance();
        in.expect(LPAREN);
        Stmt init = null;
        if (!in.match(SEMI)) {
            if (types.isDeclarationStart(in.peek())) {
                init = localDeclaration();
                if (init instanceof Stmt.Empty) {
                    init = null;
                }
            } else {
                Token start = in.peek();
                init = new Stmt.ExprStmt(exprs.expression(), start.pos());
                in.expect(SEMI);
            }
        }
        Expr cond = in.check(SEMI) ? null : exprs.expression();
        in.expect(SEMI);
        Expr update = in.check(RPAREN) ? null : exprs.expression();
        in.expect(RPAREN);
        return new Stmt.For(init, cond, update, loopBody(), kw.pos());
    }

    /** list_for_each*(...) statement: the kernel's list iteration macros, expanded to the for loop they are. */
    private Stmt listIterator() {
        Token name = in.advance();
        in.expect(LPAREN);
        List<Expr> args = new ArrayList<>();
        if (!in.check(RPAREN)) {
            do {
                args.add(exprs.assignment());
            } while (in.match(COMMA));
        }
        in.expect(RPAREN);
        Stmt.For loop = ListIterators.expand(name.text(), args, name.pos());
        if (loop == null) {
            in.report(name.pos(), "wrong number of arguments to macro '" + name.text() + "'");
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
        Token kw = in.advance();
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
        Token kw = in.advance();
        if (switchDepth == 0 && !skippedCode) {
            in.report(kw.pos(), "case label not within a switch statement");
        }
        Expr value = exprs.conditional();
        in.expect(COLON);
        return new Stmt.Case(value, kw.pos());
    }

    /** default: "default" ":" */
    private Stmt defaultLabel() {
        Token kw = in.advance();
        if (switchDepth == 0 && !skippedCode) {
            in.report(kw.pos(), "'default' label not within a switch statement");
        }
        in.expect(COLON);
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
        while (!in.isAtEnd()) {
            TokenType t = in.peek().type();
            if (t == RBRACE && braces == 0) {
                return;
            }
            in.advance();
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

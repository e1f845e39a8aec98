package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Expressions and brace initializers, by recursive descent from the loosest-binding operator (comma) to the
 * tightest (postfix), with gcc's statement expressions {@code ({ ... })} as primaries. It has a {@link TypeParser}
 * for the type names inside casts, {@code sizeof}, {@code container_of} and {@code offsetof} (which asks it back for
 * array lengths, bit-field widths and {@code typeof} operands), and is handed the parser of a statement
 * expression's braced body by whoever parses statements.
 *
 * <p>Positions: binary, assignment, conditional, member, index and call nodes sit at their operator token (like
 * gcc's carets); everything else at its first token.
 */
final class ExpressionParser {

    /** Binary operators from loosest to tightest; every level is left-associative. */
    private static final List<Set<TokenType>> BINARY_LEVELS = List.of(
            Set.of(PIPE_PIPE),
            Set.of(AMP_AMP),
            Set.of(PIPE),
            Set.of(CARET),
            Set.of(AMP),
            Set.of(EQ_EQ, BANG_EQ),
            Set.of(LT, GT, LE, GE),
            Set.of(LT_LT, GT_GT),
            Set.of(PLUS, MINUS),
            Set.of(STAR, SLASH, PERCENT));

    private static final Set<TokenType> ASSIGNMENT_OPS =
            Set.of(EQ, PLUS_EQ, MINUS_EQ, STAR_EQ, SLASH_EQ, PERCENT_EQ, AMP_EQ, PIPE_EQ, CARET_EQ, LT_LT_EQ, GT_GT_EQ);

    private static final Set<TokenType> PREFIX_OPS =
            Set.of(MINUS, PLUS, BANG, TILDE, STAR, AMP, PLUS_PLUS, MINUS_MINUS);

    /**
     * How many bytes the string literals of one file may hold in all. Macros can paste a long literal many times
     * over ({@code #define S2 S1 S1}); the literals end up in the module's static data, which is limited anyway.
     */
    static final int MAX_STRING_BYTES = 4 << 20;

    private long stringBytes;

    private final TokenStream in;
    private final TypeParser types;
    /** Parses the braced block of a statement expression, from its "{" through its "}". */
    private final Supplier<Stmt.Block> statementExpressionBody;

    ExpressionParser(TokenStream in, Supplier<Stmt.Block> statementExpressionBody) {
        this.in = in;
        this.statementExpressionBody = statementExpressionBody;
        this.types = new TypeParser(in, this);
    }

    /** The type parser this expression parser reads casts and {@code sizeof} operands with. */
    TypeParser types() {
        return types;
    }

    // ---------------------------------------------------------------- expressions, loosest first

    /*
     * A parenthesis nests primary -> assignment -> binary -> unary -> primary: four Java frames a level, so that
     * Nesting.LIMIT levels fit in a small thread stack. Hence assignment() parses its conditional operand itself
     * and "(" calls assignment() directly rather than going through expression() and conditional().
     */

    /** expression: assignment ( "," assignment )* */
    Expr expression() {
        return commas(assignment());
    }

    /** The rest of an expression after its first assignment: ( "," assignment )* */
    private Expr commas(Expr first) {
        Expr expr = first;
        while (in.check(COMMA)) {
            Token op = in.advance();
            expr = new Expr.Binary(",", expr, assignment(), op.pos());
        }
        return expr;
    }

    /** assignment: conditional ( ASSIGN_OP assignment )?  (right-associative) */
    Expr assignment() {
        in.enter("expression");
        try {
            Expr target = conditionalAfter(binary(0));
            if (ASSIGNMENT_OPS.contains(in.peek().type())) {
                Token op = in.advance();
                return new Expr.Assign(op.text(), target, assignment(), op.pos());
            }
            return target;
        } finally {
            in.leave();
        }
    }

    /** conditional: binary ( "?" expression ":" conditional )? */
    Expr conditional() {
        return conditionalAfter(binary(0));
    }

    /** The conditional expression whose condition is {@code cond}, or cond itself when no '?' follows. */
    private Expr conditionalAfter(Expr cond) {
        if (!in.check(QUESTION)) {
            return cond;
        }
        Token q = in.advance();
        in.enter("expression");
        try {
            Expr then = expression();
            in.expect(COLON);
            return new Expr.Conditional(cond, then, conditional(), q.pos());
        } finally {
            in.leave();
        }
    }

    /**
     * Operands joined by the binary operators of {@link #BINARY_LEVELS} from {@code minLevel} on, by precedence
     * climbing: one Java frame per parenthesis level rather than one per precedence level.
     */
    private Expr binary(int minLevel) {
        Expr left = unary();
        while (true) {
            int level = binaryLevel(in.peek().type());
            if (level < minLevel) {
                return left;
            }
            Token op = in.advance();
            Expr right = binary(level + 1);
            left = new Expr.Binary(op.text(), left, right, op.pos());
        }
    }

    /** The index in {@link #BINARY_LEVELS} of a binary operator, or -1 for any other token. */
    private static int binaryLevel(TokenType type) {
        for (int level = 0; level < BINARY_LEVELS.size(); level++) {
            if (BINARY_LEVELS.get(level).contains(type)) {
                return level;
            }
        }
        return -1;
    }

    /** unary: PREFIX_OP unary | sizeof | cast | postfix */
    Expr unary() {
        Token t = in.peek();
        if (PREFIX_OPS.contains(t.type())) {
            in.advance();
            in.enter("expression");
            try {
                return new Expr.Unary(t.text(), unary(), t.pos());
            } finally {
                in.leave();
            }
        }
        if (t.is(SIZEOF)) {
            return sizeof();
        }
        if (t.is(LPAREN) && types.isTypeNameStart(in.peek(1))) {
            return cast();
        }
        return postfix(primary());
    }

    /** sizeof: "sizeof" "(" type-name ")" | "sizeof" unary */
    private Expr sizeof() {
        Token kw = in.advance();
        if (in.check(LPAREN) && types.isTypeNameStart(in.peek(1))) {
            in.advance();
            TypeRef type = types.typeName();
            in.expect(RPAREN);
            return new Expr.SizeofType(type, kw.pos());
        }
        in.enter("expression");
        try {
            return new Expr.SizeofExpr(unary(), kw.pos());
        } finally {
            in.leave();
        }
    }

    /** cast: "(" type-name ")" unary, or the compound literal "(" type-name ")" "{" ... "}". */
    private Expr cast() {
        Token lp = in.advance();
        TypeRef type = types.typeName();
        in.expect(RPAREN);
        if (in.check(LBRACE)) {
            return postfix(new Expr.Cast(type, initList(), lp.pos()));
        }
        in.enter("expression");
        try {
            return new Expr.Cast(type, unary(), lp.pos());
        } finally {
            in.leave();
        }
    }

    /** postfix: primary ( "(" args ")" | "[" expression "]" | "." name | "->" name | "++" | "--" )* */
    private Expr postfix(Expr expr) {
        while (true) {
            Token op = in.peek();
            if (in.match(LPAREN)) {
                expr = new Expr.Call(expr, arguments(), op.pos());
            } else if (in.match(LBRACKET)) {
                Expr index = expression();
                in.expect(RBRACKET);
                expr = new Expr.Index(expr, index, op.pos());
            } else if (in.match(DOT) || in.match(ARROW)) {
                Token field = in.expectIdentifier("identifier");
                expr = new Expr.Member(expr, field.text(), op.is(ARROW), op.pos());
            } else if (in.match(PLUS_PLUS) || in.match(MINUS_MINUS)) {
                expr = new Expr.Postfix(op.text(), expr, op.pos());
            } else {
                return expr;
            }
        }
    }

    /** The arguments of a call, after its "(": ( assignment ( "," assignment )* )? ")" */
    private List<Expr> arguments() {
        List<Expr> args = new ArrayList<>();
        if (!in.check(RPAREN)) {
            do {
                args.add(assignment());
            } while (in.match(COMMA));
        }
        in.expect(RPAREN);
        return args;
    }

    /** The u/l suffix of an integer literal, lower case and in the order "u" then "l"s. */
    private static String suffix(String text) {
        String lower = text.toLowerCase();
        int end = lower.length();
        while (end > 0 && (lower.charAt(end - 1) == 'u' || lower.charAt(end - 1) == 'l')) end--;
        if (lower.startsWith("0x")) end = Math.max(end, 2);
        String sfx = lower.substring(end);
        return (sfx.contains("u") ? "u" : "") + sfx.replace("u", "");
    }

    /** primary: number | character | string+ | name | container_of(...) | offsetof(...) | "(" expression ")" */
    private Expr primary() {
        Token t = in.peek();
        switch (t.type()) {
            case INT:
                in.advance();
                return new Expr.IntLit(t.value(), t.pos(), suffix(t.text()));
            case CHAR:
                in.advance();
                return new Expr.IntLit(t.value(), t.pos());
            case STRING: {
                StringBuilder value = new StringBuilder();
                while (in.check(STRING)) {
                    Token s = in.advance();
                    stringBytes += s.string().length();
                    if (stringBytes > MAX_STRING_BYTES) {
                        throw in.report(s.pos(), "string literals exceed the limit of " + MAX_STRING_BYTES + " bytes");
                    }
                    value.append(s.string());
                }
                return new Expr.StringLit(value.toString(), t.pos());
            }
            case IDENT:
                if (in.peek(1).is(LPAREN) && t.text().equals("container_of")) {
                    return containerOf();
                }
                if (in.peek(1).is(LPAREN) && t.text().equals("offsetof")) {
                    return offsetOf();
                }
                if (in.peek(1).is(LPAREN) && LIST_ENTRY.contains(t.text())) {
                    return listEntry();
                }
                in.advance();
                return new Expr.Ident(t.text(), t.pos());
            case LPAREN: {
                in.advance();
                if (in.check(LBRACE)) { // gcc's statement expression "(" "{" block-item* "}" ")"
                    Stmt.Block body = statementExpressionBody.get();
                    in.expect(RPAREN);
                    return new Expr.StmtExpr(body, t.pos());
                }
                Expr inner = commas(assignment());
                in.expect(RPAREN);
                return inner;
            }
            default:
                throw in.expected("expression");
        }
    }

    /** container_of "(" assignment "," type-name "," member ")" */
    private Expr containerOf() {
        return containerOfArguments(in.advance());
    }

    /** "(" ptr "," type-name "," member ")" after container_of or one of its list_entry aliases. */
    private Expr.ContainerOf containerOfArguments(Token name) {
        in.expect(LPAREN);
        Expr ptr = assignment();
        in.expect(COMMA);
        TypeRef type = types.typeName();
        in.expect(COMMA);
        String member = memberDesignator();
        in.expect(RPAREN);
        return new Expr.ContainerOf(ptr, type, member, name.pos());
    }

    /** list_entry(ptr, type, member) and friends: container_of of the list_head at ptr, its next, or its prev. */
    private static final Set<String> LIST_ENTRY =
            Set.of("list_entry", "hlist_entry", "list_first_entry", "list_last_entry");

    private Expr listEntry() {
        Token name = in.advance();
        Expr.ContainerOf c = containerOfArguments(name);
        String field =
                name.text().equals("list_first_entry") ? "next" : name.text().equals("list_last_entry") ? "prev" : null;
        if (field == null) return c;
        return new Expr.ContainerOf(new Expr.Member(c.ptr(), field, true, name.pos()), c.type(), c.member(), c.pos());
    }

    /** offsetof "(" type-name "," member ")" */
    private Expr offsetOf() {
        Token name = in.advance();
        in.expect(LPAREN);
        TypeRef type = types.typeName();
        in.expect(COMMA);
        String member = memberDesignator();
        in.expect(RPAREN);
        return new Expr.ContainerOf(null, type, member, name.pos());
    }

    /** A member path as in offsetof: {@code a} or {@code a.b.c}. */
    private String memberDesignator() {
        StringBuilder path = new StringBuilder(in.expectIdentifier("identifier").text());
        while (in.match(DOT)) {
            path.append('.').append(in.expectIdentifier("identifier").text());
        }
        return path.toString();
    }

    // ---------------------------------------------------------------- initializers

    /** initializer: "{" ... "}" | assignment */
    Expr initializer() {
        return in.check(LBRACE) ? initList() : assignment();
    }

    /**
     * "{" ( item ( "," item )* ","? )? "}" where an item is {@code .field = init}, {@code [index] = init},
     * {@code [first ... last] = init}, or a
     * positional initializer. A chained designator {@code .a.b = v} becomes {@code .a = { .b = v }}, merged into an
     * earlier {@code .a = { ... }} of the same list. A broken item is skipped up to the next "," or "}".
     */
    Expr.InitList initList() {
        Token lb = in.expect(LBRACE);
        in.enter("initializer");
        try {
            List<Expr.InitItem> items = new ArrayList<>();
            while (!in.check(RBRACE) && !in.isAtEnd()) {
                int before = in.position();
                try {
                    initItem(items);
                } catch (TokenStream.ParseError e) {
                    skipInitItem();
                }
                if (!in.match(COMMA)) {
                    if (in.position() == before || in.check(RBRACE) || in.isAtEnd()) {
                        break;
                    }
                    throw in.expected("'}'");
                }
            }
            if (!in.check(RBRACE)) {
                throw in.expected("'}'");
            }
            in.advance();
            return new Expr.InitList(items, lb.pos());
        } finally {
            in.leave();
        }
    }

    /** Parses one item and adds it to {@code items}. */
    private void initItem(List<Expr.InitItem> items) {
        Token first = in.peek();
        if (!in.check(DOT) && !in.check(LBRACKET)) {
            items.add(new Expr.InitItem(null, null, initializer(), first.pos()));
            return;
        }
        List<Expr.InitItem> path = new ArrayList<>(); // the designators, values still missing
        while (in.check(DOT) || in.check(LBRACKET)) {
            Token d = in.advance();
            if (path.size() == Nesting.LIMIT) { // each designator nests the value one level deeper
                throw in.report(d.pos(), Nesting.tooDeep("designator"));
            }
            if (d.is(DOT)) {
                path.add(new Expr.InitItem(in.expectIdentifier("identifier").text(), null, null, d.pos()));
            } else {
                Expr index = conditional();
                Expr last = in.match(ELLIPSIS) ? conditional() : null; // gcc's [first ... last]
                in.expect(RBRACKET);
                path.add(new Expr.InitItem(null, index, null, d.pos(), last));
            }
        }
        in.expect(EQ);
        Expr value = initializer();
        for (int i = path.size() - 1; i > 0; i--) {
            Expr.InitItem d = path.get(i);
            value = new Expr.InitList(
                    List.of(new Expr.InitItem(d.field(), d.index(), value, d.pos(), d.last())), d.pos());
        }
        Expr.InitItem outer = path.get(0);
        Expr.InitItem item = new Expr.InitItem(outer.field(), outer.index(), value, first.pos(), outer.last());
        if (path.size() > 1) {
            addChained(items, item);
        } else {
            items.add(item);
        }
    }

    /** Adds {@code .a = { <one item> }} made from {@code .a.x = v}, merging it into an earlier {@code .a = {..}}. */
    private static void addChained(List<Expr.InitItem> items, Expr.InitItem item) {
        if (item.field() != null
                && item.value() instanceof Expr.InitList more
                && more.items().size() == 1) {
            for (int i = 0; i < items.size(); i++) {
                Expr.InitItem old = items.get(i);
                if (item.field().equals(old.field()) && old.value() instanceof Expr.InitList list) {
                    List<Expr.InitItem> merged = new ArrayList<>(list.items());
                    Expr.InitItem inner = more.items().get(0);
                    if (inner.value() instanceof Expr.InitList && inner.field() != null) {
                        addChained(merged, inner);
                    } else {
                        merged.add(inner);
                    }
                    Expr.InitList mergedList = new Expr.InitList(merged, list.pos());
                    items.set(i, new Expr.InitItem(old.field(), null, mergedList, old.pos()));
                    return;
                }
            }
        }
        items.add(item);
    }

    /** Error recovery inside an initializer list: skip to the next "," or "}" of this list. */
    private void skipInitItem() {
        int depth = 0;
        while (!in.isAtEnd()) {
            TokenType t = in.peek().type();
            if (depth == 0 && (t == COMMA || t == RBRACE || t == SEMI)) {
                return;
            }
            if (t == LBRACE || t == LPAREN || t == LBRACKET) {
                depth++;
            } else if (t == RBRACE || t == RPAREN || t == RBRACKET) {
                depth--;
            }
            in.advance();
        }
    }
}

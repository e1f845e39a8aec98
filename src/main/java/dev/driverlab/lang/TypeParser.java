package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Declaration specifiers, declarators, struct/union/enum bodies, parameter lists and type names.
 *
 * <p>A declaration is "specifiers declarator ( , declarator )*": the specifiers give a base type (and storage
 * class), each declarator a name and the pointers, arrays and function parameter lists wrapped around that base.
 * struct/union/enum bodies met on the way are queued in {@link #pending} as top-level declarations, to be emitted
 * before the declaration that contains them.
 */
abstract class TypeParser extends ExpressionParser {

    /** Kernel annotations that mean nothing to us: skipped wherever a qualifier may stand. */
    private static final Set<String> IGNORED_SPECIFIERS = Set.of(
            "__init",
            "__exit",
            "__initdata",
            "__exitdata",
            "__initconst",
            "__devinit",
            "__devexit",
            "__user",
            "__iomem",
            "__rcu",
            "__force",
            "__must_check",
            "__maybe_unused",
            "__always_unused",
            "__always_inline",
            "noinline",
            "__noinline",
            "__read_mostly",
            "__ro_after_init",
            "__percpu",
            "__cold",
            "__hot",
            "notrace",
            "asmlinkage",
            "__packed",
            "__used",
            "__weak",
            "__visible",
            "__noreturn",
            "__pure",
            "__refdata",
            "__ref",
            "__kernel",
            "__nocast",
            "__bitwise",
            "__sched",
            "__deprecated",
            "__cacheline_aligned",
            "__cacheline_aligned_in_smp",
            "__randomize_layout",
            "__inline",
            "__inline__",
            "__restrict",
            "__restrict__",
            "__volatile__",
            "__const",
            "__const__",
            "__signed__",
            "__extension__");

    /** Annotations that take a parenthesised argument list, skipped with it. */
    private static final Set<String> IGNORED_WITH_ARGS = Set.of(
            "__attribute__",
            "__attribute",
            "__aligned",
            "__section",
            "__printf",
            "__scanf",
            "__acquires",
            "__releases",
            "__must_hold",
            "__counted_by",
            "__alloc_size",
            "__cond_acquires",
            "__free");

    private static final Set<TokenType> SCALAR_KEYWORDS =
            Set.of(VOID, CHAR_KW, SHORT, INT_KW, LONG, SIGNED, UNSIGNED, FLOAT, DOUBLE, BOOL_KW);

    private static final Set<TokenType> STORAGE_AND_QUALIFIERS =
            Set.of(STATIC, EXTERN, TYPEDEF, INLINE, CONST, VOLATILE, REGISTER, RESTRICT, AUTO);

    /** Struct, union and enum definitions met while parsing the current top-level declaration. */
    protected final List<Decl> pending = new ArrayList<>();

    TypeParser(SourceFile file, List<Token> tokens, Set<String> typeNames, List<Diagnostic> diagnostics) {
        super(file, tokens, typeNames, diagnostics);
    }

    // ---------------------------------------------------------------- what starts what

    @Override
    protected boolean isTypeNameStart(Token t) {
        if (SCALAR_KEYWORDS.contains(t.type())) {
            return true;
        }
        switch (t.type()) {
            case STRUCT:
            case UNION:
            case ENUM:
            case CONST:
            case VOLATILE:
            case RESTRICT:
                return true;
            case IDENT:
                return typeNames.contains(t.text())
                        || isIgnoredSpecifier(t)
                        || TYPEOF.contains(t.text())
                        || t.text().equals(AUTO_TYPE);
            default:
                return false;
        }
    }

    /** gcc's spellings of typeof (C23's keyword; the kernel writes both). */
    private static final Set<String> TYPEOF = Set.of("typeof", "__typeof__", "__typeof");

    /** gcc's {@code __auto_type x = e;}: x takes e's type (after arrays and functions decay). */
    protected static final String AUTO_TYPE = "__auto_type";

    /** typeof "(" ( type-name | expression ) ")": a type name is that type; an expression is typed, not run. */
    private TypeRef typeofSpecifier() {
        Token kw = advance();
        expect(LPAREN);
        TypeRef type;
        if (isTypeNameStart(peek())) {
            type = typeName();
        } else {
            type = new TypeRef.Typeof(expression(), false, kw.pos());
        }
        expect(RPAREN);
        return type;
    }

    /** True when {@code t} can begin a declaration: a type name, a storage class, or a qualifier. */
    protected boolean isDeclarationStart(Token t) {
        return isTypeNameStart(t) || STORAGE_AND_QUALIFIERS.contains(t.type());
    }

    protected static boolean isIgnoredSpecifier(Token t) {
        return t.is(IDENT) && (IGNORED_SPECIFIERS.contains(t.text()) || IGNORED_WITH_ARGS.contains(t.text()));
    }

    /** Skips one ignored annotation (with its argument list); false when the next token is not one. */
    protected boolean skipIgnoredSpecifier() {
        if (!isIgnoredSpecifier(peek())) {
            return false;
        }
        Token t = advance();
        if (IGNORED_WITH_ARGS.contains(t.text()) && check(LPAREN)) {
            skipBalancedParens();
        }
        return true;
    }

    private void skipBalancedParens() {
        expect(LPAREN);
        int depth = 1;
        while (depth > 0) {
            if (isAtEnd()) {
                throw expected("')'");
            }
            Token t = advance();
            if (t.is(LPAREN)) {
                depth++;
            } else if (t.is(RPAREN)) {
                depth--;
            }
        }
    }

    /** Skips type qualifiers and annotations: after a '*', around a declarator, after a struct body. */
    protected void skipQualifiers() {
        while (match(CONST) || match(VOLATILE) || match(RESTRICT) || skipIgnoredSpecifier()) {
            // keep going
        }
    }

    /** Reports {@code unknown type name 'foo'} for the identifier at the cursor and takes it as a type. */
    protected TypeRef unknownTypeName() {
        Token name = advance();
        report(name.pos(), "unknown type name '" + name.text() + "'");
        return new TypeRef.Named(name.text(), name.pos());
    }

    // ---------------------------------------------------------------- declaration specifiers

    /** The specifiers of a declaration. */
    protected static final class DeclSpec {
        final Pos pos;
        boolean isStatic;
        boolean isExtern;
        boolean isTypedef;
        /** {@code inline}: gcc folds such a function into its callers, so it never shows as a frame of its own. */
        boolean isInline;
        /** Whether any specifier or qualifier was consumed. */
        boolean sawAny;
        /** Whether a struct/union/enum body was part of the specifiers. */
        boolean hasBody;
        /** The base type; null when no type specifier was seen. */
        TypeRef type;
        /** A tagless struct/union/enum body, waiting for {@link #nameAnonymous} to give it a tag. */
        Decl anonymous;

        DeclSpec(Pos pos) {
            this.pos = pos;
        }
    }

    /** Counts of the scalar type keywords seen, to build "unsigned long" and friends. */
    private static final class Scalar {
        int voids, chars, shorts, ints, longs, signeds, unsigneds, floats, doubles, bools;
        Pos pos;

        boolean any() {
            return pos != null;
        }
    }

    /**
     * specifiers: ( storage-class | qualifier | annotation | scalar keyword | struct-or-union | enum
     * | typedef-name )*. A typedef name only counts when no other type was given, so that
     * {@code typedef int u32;} declares u32 again.
     */
    protected DeclSpec specifiers() {
        DeclSpec spec = new DeclSpec(peek().pos());
        Scalar scalar = new Scalar();
        while (true) {
            Token t = peek();
            if (spec.hasBody && t.pos().line() > previous().pos().line() && !t.is(STAR) && !t.is(IDENT)) {
                return finish(spec, scalar); // "struct s { ... }" missing its ';': the next line starts afresh
            }
            if (spec.hasBody && t.is(IDENT) && typeNames.contains(t.text())) {
                return finish(spec, scalar);
            }
            switch (t.type()) {
                case STATIC -> spec.isStatic = true;
                case EXTERN -> spec.isExtern = true;
                case TYPEDEF -> spec.isTypedef = true;
                case INLINE -> spec.isInline = true;
                case CONST, VOLATILE, REGISTER, RESTRICT, AUTO -> {}
                case VOID, CHAR_KW, SHORT, INT_KW, LONG, SIGNED, UNSIGNED, FLOAT, DOUBLE, BOOL_KW -> {
                    if (spec.type != null) {
                        report(t.pos(), "two or more data types in declaration specifiers");
                    }
                    countScalar(scalar, t);
                }
                case STRUCT, UNION, ENUM -> {
                    if (spec.type != null || scalar.any()) {
                        report(t.pos(), "two or more data types in declaration specifiers");
                    }
                    spec.sawAny = true;
                    spec.type = t.is(ENUM) ? enumSpecifier(spec) : structSpecifier(spec);
                    continue;
                }
                case IDENT -> {
                    if (skipIgnoredSpecifier()) {
                        spec.sawAny = true;
                        continue;
                    }
                    if (spec.type == null && !scalar.any() && TYPEOF.contains(t.text()) && peek(1).is(LPAREN)) {
                        spec.sawAny = true;
                        spec.type = typeofSpecifier();
                        continue;
                    }
                    if (spec.type == null && !scalar.any() && t.text().equals(AUTO_TYPE)) {
                        spec.type = new TypeRef.Named(AUTO_TYPE, t.pos());
                        spec.sawAny = true;
                        advance();
                        continue;
                    }
                    if (spec.type != null || scalar.any() || !typeNames.contains(t.text())) {
                        return finish(spec, scalar);
                    }
                    spec.type = new TypeRef.Named(t.text(), t.pos());
                }
                default -> {
                    return finish(spec, scalar);
                }
            }
            spec.sawAny = true;
            advance();
        }
    }

    private static void countScalar(Scalar s, Token t) {
        if (s.pos == null) {
            s.pos = t.pos();
        }
        switch (t.type()) {
            case VOID -> s.voids++;
            case CHAR_KW -> s.chars++;
            case SHORT -> s.shorts++;
            case INT_KW -> s.ints++;
            case LONG -> s.longs++;
            case SIGNED -> s.signeds++;
            case UNSIGNED -> s.unsigneds++;
            case FLOAT -> s.floats++;
            case DOUBLE -> s.doubles++;
            default -> s.bools++;
        }
    }

    private DeclSpec finish(DeclSpec spec, Scalar s) {
        if (s.any()) {
            spec.type = new TypeRef.Named(scalarName(s), s.pos);
        }
        return spec;
    }

    /** The canonical spelling of a scalar type: "unsigned long", "long long", "unsigned int", "bool"... */
    private String scalarName(Scalar s) {
        int kinds = s.voids + s.chars + s.ints + s.floats + s.doubles + s.bools;
        boolean ok = kinds <= 1
                && s.shorts <= 1
                && s.longs <= 2
                && s.signeds + s.unsigneds <= 1
                && !(s.shorts > 0 && s.longs > 0)
                && !((s.shorts > 0 || s.longs > 0) && (s.voids + s.chars + s.floats + s.bools) > 0)
                && !((s.signeds + s.unsigneds) > 0 && (s.voids + s.floats + s.doubles + s.bools) > 0)
                && !(s.doubles > 0 && (s.longs > 1 || s.shorts > 0));
        if (!ok) {
            report(
                    s.pos,
                    s.signeds > 0 && s.unsigneds > 0
                            ? "both 'signed' and 'unsigned' in declaration specifiers"
                            : s.longs > 2
                                    ? "'long long long' is too long for GCC"
                                    : "two or more data types in declaration specifiers");
        }
        String sign = s.unsigneds > 0 ? "unsigned " : "";
        if (s.voids > 0) {
            return "void";
        }
        if (s.bools > 0) {
            return "bool";
        }
        if (s.floats > 0) {
            return "float";
        }
        if (s.doubles > 0) {
            return s.longs > 0 ? "long double" : "double";
        }
        if (s.chars > 0) {
            return s.unsigneds > 0 ? "unsigned char" : s.signeds > 0 ? "signed char" : "char";
        }
        if (s.shorts > 0) {
            return sign + "short";
        }
        if (s.longs >= 2) {
            return sign + "long long";
        }
        if (s.longs == 1) {
            return sign + "long";
        }
        return sign + "int";
    }

    /** struct-or-union: ( "struct" | "union" ) TAG? ( "{" fields "}" )? */
    private TypeRef structSpecifier(DeclSpec spec) {
        Token kw = advance();
        boolean union = kw.is(UNION);
        skipQualifiers();
        Token tag = check(IDENT) ? advance() : null;
        if (!check(LBRACE)) {
            if (tag == null) {
                throw expected("'{'");
            }
            return new TypeRef.Struct(tag.text(), union, kw.pos());
        }
        List<Decl.Field> fields = structBody();
        skipQualifiers();
        spec.hasBody = true;
        if (tag == null) {
            spec.anonymous = new Decl.StructDef(null, union, fields, kw.pos());
            return new TypeRef.Struct(null, union, kw.pos());
        }
        pending.add(new Decl.StructDef(tag.text(), union, fields, tag.pos()));
        return new TypeRef.Struct(tag.text(), union, kw.pos());
    }

    /** "{" field-declaration* "}" */
    private List<Decl.Field> structBody() {
        expect(LBRACE);
        enter("struct");
        try {
            List<Decl.Field> fields = new ArrayList<>();
            while (!check(RBRACE) && !isAtEnd()) {
                int before = current;
                try {
                    fieldDeclaration(fields);
                } catch (ParseError e) {
                    skipToEndOfMember();
                }
                if (current == before && !check(RBRACE)) {
                    advance();
                }
            }
            expect(RBRACE);
            return fields;
        } finally {
            leave();
        }
    }

    /**
     * One line of a struct body: specifiers declarator ( ":" width )? ( "," ... )* ";". An anonymous struct or
     * union member without a declarator contributes its fields directly; a lone elision ({@code …}) is skipped.
     */
    private void fieldDeclaration(List<Decl.Field> fields) {
        if (match(ELLIPSIS)) {
            match(SEMI);
            return;
        }
        if (match(SEMI)) {
            return;
        }
        DeclSpec spec = specifiers();
        if (spec.type == null) {
            if (check(IDENT) && (peek(1).is(IDENT) || peek(1).is(STAR))) {
                spec.type = unknownTypeName();
            } else {
                throw expected("specifier-qualifier-list");
            }
        }
        if (match(SEMI)) {
            if (spec.anonymous instanceof Decl.StructDef inner) {
                fields.addAll(inner.fields()); // anonymous member: its fields are ours (layout approximated)
                spec.anonymous = null;
            } else {
                declaredNothing(spec);
            }
            return;
        }
        boolean first = true;
        do {
            if (check(COLON)) { // unnamed bit-field: padding only
                Pos at = advance().pos();
                fields.add(new Decl.Field(null, spec.type, at, conditional()));
                continue;
            }
            Declarator d = declarator(NameMode.REQUIRED);
            if (first) {
                nameAnonymous(spec, null);
                first = false;
            }
            Expr width = match(COLON) ? conditional() : null;
            skipQualifiers();
            fields.add(new Decl.Field(d.name(), d.apply(spec.type), d.namePos(), width));
        } while (match(COMMA));
        if (!match(SEMI) && !check(RBRACE)) { // gcc only warns about a missing ';' before '}'
            throw expected("':', ',', ';', '}' or '__attribute__'");
        }
    }

    /** Recovery inside a struct body: skip past the next ';', or up to the '}' that closes the body. */
    private void skipToEndOfMember() {
        int depth = 0;
        while (!isAtEnd()) {
            TokenType t = peek().type();
            if (t == RBRACE && depth == 0) {
                return;
            }
            advance();
            if (t == SEMI && depth == 0) {
                return;
            }
            if (t == LBRACE) {
                depth++;
            } else if (t == RBRACE) {
                depth--;
            }
        }
    }

    /** enum: "enum" TAG? ( "{" NAME ( "=" constant )? ( "," NAME ... )* ","? "}" )? */
    private TypeRef enumSpecifier(DeclSpec spec) {
        Token kw = advance();
        skipQualifiers();
        Token tag = check(IDENT) ? advance() : null;
        if (!check(LBRACE)) {
            if (tag == null) {
                throw expected("'{'");
            }
            return new TypeRef.Enum(tag.text(), kw.pos());
        }
        advance();
        List<Decl.Enumerator> values = new ArrayList<>();
        while (!check(RBRACE)) {
            Token name = expectIdentifier("identifier");
            Expr value = match(EQ) ? conditional() : null;
            values.add(new Decl.Enumerator(name.text(), value, name.pos()));
            if (!match(COMMA)) {
                break;
            }
        }
        if (!match(RBRACE)) {
            throw expected("',' or '}'");
        }
        skipQualifiers();
        spec.hasBody = true;
        if (tag == null) {
            spec.anonymous = new Decl.EnumDef(null, values, kw.pos());
            return new TypeRef.Enum(null, kw.pos());
        }
        pending.add(new Decl.EnumDef(tag.text(), values, tag.pos()));
        return new TypeRef.Enum(tag.text(), kw.pos());
    }

    /**
     * Gives a tagless struct/union/enum body of {@code spec} a tag and queues its definition: the typedef name for
     * {@code typedef struct { ... } name;}, otherwise a synthesized {@code __anon_LINE_COL}.
     */
    protected void nameAnonymous(DeclSpec spec, String tag) {
        if (spec.anonymous == null) {
            return;
        }
        Decl def = spec.anonymous;
        spec.anonymous = null;
        String name = tag != null
                ? tag
                : "__anon_" + def.pos().line() + "_" + def.pos().col();
        if (def instanceof Decl.StructDef s) {
            pending.add(new Decl.StructDef(name, s.union(), s.fields(), s.pos()));
            spec.type = new TypeRef.Struct(name, s.union(), spec.type.pos());
        } else if (def instanceof Decl.EnumDef e) {
            pending.add(new Decl.EnumDef(name, e.values(), e.pos()));
            spec.type = new TypeRef.Enum(name, spec.type.pos());
        }
    }

    /** A declaration without declarators ({@code struct x;}, {@code enum { A, B };}): keep the enum constants. */
    protected void declaredNothing(DeclSpec spec) {
        if (spec.anonymous instanceof Decl.EnumDef e) {
            pending.add(e);
        }
        spec.anonymous = null; // an unnamed struct that declares nothing is dropped, as gcc does (with a warning)
    }

    // ---------------------------------------------------------------- declarators

    protected enum NameMode {
        REQUIRED,
        OPTIONAL,
        NONE
    }

    /** What a declarator declares: a name (null when abstract) and how it derives its type from the base type. */
    protected record Declarator(String name, Pos namePos, UnaryOperator<TypeRef> derive) {
        TypeRef apply(TypeRef base) {
            return derive.apply(base);
        }
    }

    /**
     * declarator: ( "*" qualifiers )* ( NAME | "(" declarator ")" )? ( "[" length? "]" | "(" parameters ")" )*
     *
     * <p>The suffixes bind tighter than the stars, and a parenthesised inner declarator applies last:
     * {@code int (*op)(int)} is a pointer to a function returning int.
     */
    protected Declarator declarator(NameMode mode) {
        enter("declarator");
        try {
            skipQualifiers();
            List<Pos> stars = new ArrayList<>();
            while (check(STAR)) {
                stars.add(advance().pos());
                skipQualifiers();
            }
            Declarator inner = null;
            Token name = null;
            if (check(LPAREN)
                    && (peek(1).is(STAR)
                            || (mode != NameMode.NONE && peek(1).is(IDENT) && !isTypeNameStart(peek(1))))) {
                advance();
                inner = declarator(mode);
                expect(RPAREN);
            } else if (mode != NameMode.NONE && check(IDENT)) {
                name = advance();
            } else if (mode == NameMode.REQUIRED) {
                throw expected("identifier or '('");
            }
            List<UnaryOperator<TypeRef>> suffixes = new ArrayList<>();
            while (true) {
                Token open = peek();
                if (match(LBRACKET)) {
                    Expr length = check(RBRACKET) ? null : assignment();
                    expect(RBRACKET);
                    suffixes.add(t -> new TypeRef.Array(t, length, open.pos()));
                } else if (check(LPAREN)) {
                    Params params = parameters();
                    suffixes.add(t -> new TypeRef.Function(t, params.list(), params.variadic(), open.pos()));
                } else {
                    break;
                }
            }
            skipQualifiers();
            Declarator in = inner;
            UnaryOperator<TypeRef> derive = base -> {
                TypeRef t = base;
                for (Pos star : stars) {
                    t = new TypeRef.Pointer(t, star);
                }
                for (int i = suffixes.size() - 1; i >= 0; i--) {
                    t = suffixes.get(i).apply(t);
                }
                return in == null ? t : in.apply(t);
            };
            if (inner != null) {
                return new Declarator(inner.name(), inner.namePos(), derive);
            }
            return new Declarator(name == null ? null : name.text(), name == null ? null : name.pos(), derive);
        } finally {
            leave();
        }
    }

    protected record Params(List<Param> list, boolean variadic) {}

    /**
     * parameters: "(" ( "void" | parameter ( "," parameter )* ( "," "..." )? )? ")". {@code (void)} and {@code ()}
     * mean no parameters; an elided list {@code (…)} is variadic without parameters.
     */
    private Params parameters() {
        expect(LPAREN);
        if (match(RPAREN)) {
            return new Params(List.of(), false);
        }
        if (check(VOID) && peek(1).is(RPAREN)) {
            advance();
            advance();
            return new Params(List.of(), false);
        }
        List<Param> params = new ArrayList<>();
        boolean variadic = false;
        do {
            if (match(ELLIPSIS)) {
                variadic = true;
                break;
            }
            params.add(parameter());
        } while (match(COMMA));
        if (!match(RPAREN)) {
            throw expected(variadic ? "')'" : "';', ',' or ')'");
        }
        return new Params(params, variadic);
    }

    /** parameter: specifiers declarator-or-abstract-declarator */
    private Param parameter() {
        Token start = peek();
        DeclSpec spec = specifiers();
        if (spec.type == null) {
            if (check(IDENT) && (peek(1).is(IDENT) || peek(1).is(STAR))) {
                spec.type = unknownTypeName();
            } else {
                throw expected("declaration specifiers or '...'");
            }
        }
        nameAnonymous(spec, null);
        Declarator d = declarator(NameMode.OPTIONAL);
        return new Param(d.name(), d.apply(spec.type), d.name() != null ? d.namePos() : start.pos());
    }

    /** type-name: specifiers abstract-declarator, as in casts, sizeof, container_of and offsetof. */
    @Override
    protected TypeRef typeName() {
        DeclSpec spec = specifiers();
        if (spec.type == null) {
            if (check(IDENT)) {
                spec.type = unknownTypeName();
            } else {
                throw expected("specifier-qualifier-list");
            }
        }
        nameAnonymous(spec, null);
        return declarator(NameMode.NONE).apply(spec.type);
    }

    /** How a type reads in source, for type arguments of declaration macros: {@code module_param(x, int, 0)}. */
    protected static String typeText(TypeRef type) {
        List<String> derived = new ArrayList<>(); // a loop, not recursion: the nesting is not checked yet
        while (true) {
            if (type instanceof TypeRef.Pointer p) {
                derived.add(" *");
                type = p.target();
            } else if (type instanceof TypeRef.Array a) {
                derived.add("[]");
                type = a.element();
            } else if (type instanceof TypeRef.Function f) {
                derived.add(" (*)()");
                type = f.returns();
            } else {
                break;
            }
        }
        StringBuilder text = new StringBuilder(
                type instanceof TypeRef.Named n
                        ? n.name()
                        : type instanceof TypeRef.Struct s
                                ? (s.union() ? "union " : "struct ") + s.tag()
                                : type instanceof TypeRef.Enum e ? "enum " + e.tag() : "?");
        for (int i = derived.size() - 1; i >= 0; i--) {
            text.append(derived.get(i));
        }
        return text.toString();
    }
}

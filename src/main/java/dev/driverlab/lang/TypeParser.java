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
 * struct/union/enum bodies met on the way are queued (see {@link #takePending}) as top-level declarations, to be emitted
 * before the declaration that contains them.
 *
 * <p>It belongs to an {@link ExpressionParser}, which it asks for the expressions inside types: array lengths,
 * bit-field widths, enumerator values, {@code typeof} operands and a typedef's (erroneous) initializer.
 */
final class TypeParser {

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
    private final List<Decl> pending = new ArrayList<>();

    private final TokenStream in;
    private final ExpressionParser exprs;

    TypeParser(TokenStream in, ExpressionParser exprs) {
        this.in = in;
        this.exprs = exprs;
    }

    /**
     * The declarations queued since the last call (struct, union and enum definitions, and what a block scope
     * declares globally), in the order met; the queue is emptied.
     */
    List<Decl> takePending() {
        List<Decl> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** Queues a declaration made inside another one, to come before it at top level. */
    void queue(Decl d) {
        pending.add(d);
    }

    // ---------------------------------------------------------------- what starts what

    boolean isTypeNameStart(Token t) {
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
                return in.isTypeName(t.text())
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
    static final String AUTO_TYPE = "__auto_type";

    /** typeof "(" ( type-name | expression ) ")": a type name is that type; an expression is typed, not run. */
    private TypeRef typeofSpecifier() {
        Token kw = in.advance();
        in.expect(LPAREN);
        TypeRef type;
        if (isTypeNameStart(in.peek())) {
            type = typeName();
        } else {
            type = new TypeRef.Typeof(exprs.expression(), false, kw.pos());
        }
        in.expect(RPAREN);
        return type;
    }

    /** True when {@code t} can begin a declaration: a type name, a storage class, or a qualifier. */
    boolean isDeclarationStart(Token t) {
        return isTypeNameStart(t) || STORAGE_AND_QUALIFIERS.contains(t.type());
    }

    static boolean isIgnoredSpecifier(Token t) {
        return t.is(IDENT) && (IGNORED_SPECIFIERS.contains(t.text()) || IGNORED_WITH_ARGS.contains(t.text()));
    }

    /** Skips one ignored annotation (with its argument list); false when the next token is not one. */
    boolean skipIgnoredSpecifier() {
        if (!isIgnoredSpecifier(in.peek())) {
            return false;
        }
        Token t = in.advance();
        if (IGNORED_WITH_ARGS.contains(t.text()) && in.check(LPAREN)) {
            skipBalancedParens();
        }
        return true;
    }

    private void skipBalancedParens() {
        in.expect(LPAREN);
        int depth = 1;
        while (depth > 0) {
            if (in.isAtEnd()) {
                throw in.expected("')'");
            }
            Token t = in.advance();
            if (t.is(LPAREN)) {
                depth++;
            } else if (t.is(RPAREN)) {
                depth--;
            }
        }
    }

    /** Skips type qualifiers and annotations: after a '*', around a declarator, after a struct body. */
    void skipQualifiers() {
        while (in.match(CONST) || in.match(VOLATILE) || in.match(RESTRICT) || skipIgnoredSpecifier()) {
            // keep going
        }
    }

    /** Reports {@code unknown type name 'foo'} for the identifier at the cursor and takes it as a type. */
    TypeRef unknownTypeName() {
        Token name = in.advance();
        in.report(name.pos(), "unknown type name '" + name.text() + "'");
        return new TypeRef.Named(name.text(), name.pos());
    }

    /**
     * No type in the specifiers of a declaration: {@code foo x;} and {@code foo *x;} (at top level) report an
     * unknown type name and go on with it; {@code static x;} defaults to int, with an error.
     */
    TypeRef missingType(DeclSpec spec, boolean topLevel) {
        if (in.check(IDENT) && (in.peek(1).is(IDENT) || (topLevel && in.peek(1).is(STAR)))) {
            return unknownTypeName();
        }
        if (in.check(IDENT)) {
            Token name = in.peek();
            in.report(
                    name.pos(),
                    spec.sawAny
                            ? "type defaults to 'int' in declaration of '" + name.text() + "'"
                            : "data definition has no type or storage class");
            return new TypeRef.Named("int", name.pos());
        }
        throw in.expected("identifier or '('");
    }

    Expr typedefInitializer(Declarator d) {
        if (!in.check(EQ)) {
            return null;
        }
        in.report(in.peek().pos(), "typedef '" + d.name() + "' is initialized (use __typeof__ instead)");
        in.advance();
        return exprs.initializer();
    }

    // ---------------------------------------------------------------- declaration specifiers

    /** The specifiers of a declaration. */
    static final class DeclSpec {
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
    DeclSpec specifiers() {
        DeclSpec spec = new DeclSpec(in.peek().pos());
        Scalar scalar = new Scalar();
        while (true) {
            Token t = in.peek();
            if (spec.hasBody && t.pos().line() > in.previous().pos().line() && !t.is(STAR) && !t.is(IDENT)) {
                return finish(spec, scalar); // "struct s { ... }" missing its ';': the next line starts afresh
            }
            if (spec.hasBody && t.is(IDENT) && in.isTypeName(t.text())) {
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
                        in.report(t.pos(), "two or more data types in declaration specifiers");
                    }
                    countScalar(scalar, t);
                }
                case STRUCT, UNION, ENUM -> {
                    if (spec.type != null || scalar.any()) {
                        in.report(t.pos(), "two or more data types in declaration specifiers");
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
                    if (spec.type == null
                            && !scalar.any()
                            && TYPEOF.contains(t.text())
                            && in.peek(1).is(LPAREN)) {
                        spec.sawAny = true;
                        spec.type = typeofSpecifier();
                        continue;
                    }
                    if (spec.type == null && !scalar.any() && t.text().equals(AUTO_TYPE)) {
                        spec.type = new TypeRef.Named(AUTO_TYPE, t.pos());
                        spec.sawAny = true;
                        in.advance();
                        continue;
                    }
                    if (spec.type != null || scalar.any() || !in.isTypeName(t.text())) {
                        return finish(spec, scalar);
                    }
                    spec.type = new TypeRef.Named(t.text(), t.pos());
                }
                default -> {
                    return finish(spec, scalar);
                }
            }
            spec.sawAny = true;
            in.advance();
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
            in.report(
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
        Token kw = in.advance();
        boolean union = kw.is(UNION);
        skipQualifiers();
        Token tag = in.check(IDENT) ? in.advance() : null;
        if (!in.check(LBRACE)) {
            if (tag == null) {
                throw in.expected("'{'");
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
        in.expect(LBRACE);
        in.enter("struct");
        try {
            List<Decl.Field> fields = new ArrayList<>();
            while (!in.check(RBRACE) && !in.isAtEnd()) {
                int before = in.position();
                try {
                    fieldDeclaration(fields);
                } catch (TokenStream.ParseError e) {
                    skipToEndOfMember();
                }
                if (in.position() == before && !in.check(RBRACE)) {
                    in.advance();
                }
            }
            in.expect(RBRACE);
            return fields;
        } finally {
            in.leave();
        }
    }

    /**
     * One line of a struct body: specifiers declarator ( ":" width )? ( "," ... )* ";". An anonymous struct or
     * union member without a declarator contributes its fields directly; a lone elision ({@code …}) is skipped.
     */
    private void fieldDeclaration(List<Decl.Field> fields) {
        if (in.match(ELLIPSIS)) {
            in.match(SEMI);
            return;
        }
        if (in.match(SEMI)) {
            return;
        }
        DeclSpec spec = specifiers();
        if (spec.type == null) {
            if (in.check(IDENT) && (in.peek(1).is(IDENT) || in.peek(1).is(STAR))) {
                spec.type = unknownTypeName();
            } else {
                throw in.expected("specifier-qualifier-list");
            }
        }
        if (in.match(SEMI)) {
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
            if (in.check(COLON)) { // unnamed bit-field: padding only
                Pos at = in.advance().pos();
                fields.add(new Decl.Field(null, spec.type, at, exprs.conditional()));
                continue;
            }
            Declarator d = declarator(NameMode.REQUIRED);
            if (first) {
                nameAnonymous(spec, null);
                first = false;
            }
            Expr width = in.match(COLON) ? exprs.conditional() : null;
            skipQualifiers();
            fields.add(new Decl.Field(d.name(), d.apply(spec.type), d.namePos(), width));
        } while (in.match(COMMA));
        if (!in.match(SEMI) && !in.check(RBRACE)) { // gcc only warns about a missing ';' before '}'
            throw in.expected("':', ',', ';', '}' or '__attribute__'");
        }
    }

    /** Recovery inside a struct body: skip past the next ';', or up to the '}' that closes the body. */
    private void skipToEndOfMember() {
        int depth = 0;
        while (!in.isAtEnd()) {
            TokenType t = in.peek().type();
            if (t == RBRACE && depth == 0) {
                return;
            }
            in.advance();
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
        Token kw = in.advance();
        skipQualifiers();
        Token tag = in.check(IDENT) ? in.advance() : null;
        if (!in.check(LBRACE)) {
            if (tag == null) {
                throw in.expected("'{'");
            }
            return new TypeRef.Enum(tag.text(), kw.pos());
        }
        in.advance();
        List<Decl.Enumerator> values = new ArrayList<>();
        while (!in.check(RBRACE)) {
            Token name = in.expectIdentifier("identifier");
            Expr value = in.match(EQ) ? exprs.conditional() : null;
            values.add(new Decl.Enumerator(name.text(), value, name.pos()));
            if (!in.match(COMMA)) {
                break;
            }
        }
        if (!in.match(RBRACE)) {
            throw in.expected("',' or '}'");
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
    void nameAnonymous(DeclSpec spec, String tag) {
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
    void declaredNothing(DeclSpec spec) {
        if (spec.anonymous instanceof Decl.EnumDef e) {
            pending.add(e);
        }
        spec.anonymous = null; // an unnamed struct that declares nothing is dropped, as gcc does (with a warning)
    }

    // ---------------------------------------------------------------- declarators

    enum NameMode {
        REQUIRED,
        OPTIONAL,
        NONE
    }

    /** What a declarator declares: a name (null when abstract) and how it derives its type from the base type. */
    record Declarator(String name, Pos namePos, UnaryOperator<TypeRef> derive) {
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
    Declarator declarator(NameMode mode) {
        in.enter("declarator");
        try {
            skipQualifiers();
            List<Pos> stars = new ArrayList<>();
            while (in.check(STAR)) {
                stars.add(in.advance().pos());
                skipQualifiers();
            }
            Declarator inner = null;
            Token name = null;
            if (in.check(LPAREN)
                    && (in.peek(1).is(STAR)
                            || (mode != NameMode.NONE && in.peek(1).is(IDENT) && !isTypeNameStart(in.peek(1))))) {
                in.advance();
                inner = declarator(mode);
                in.expect(RPAREN);
            } else if (mode != NameMode.NONE && in.check(IDENT)) {
                name = in.advance();
            } else if (mode == NameMode.REQUIRED) {
                throw in.expected("identifier or '('");
            }
            List<UnaryOperator<TypeRef>> suffixes = new ArrayList<>();
            while (true) {
                Token open = in.peek();
                if (in.match(LBRACKET)) {
                    Expr length = in.check(RBRACKET) ? null : exprs.assignment();
                    in.expect(RBRACKET);
                    suffixes.add(t -> new TypeRef.Array(t, length, open.pos()));
                } else if (in.check(LPAREN)) {
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
            in.leave();
        }
    }

    record Params(List<Param> list, boolean variadic) {}

    /**
     * parameters: "(" ( "void" | parameter ( "," parameter )* ( "," "..." )? )? ")". {@code (void)} and {@code ()}
     * mean no parameters; an elided list {@code (…)} is variadic without parameters.
     */
    private Params parameters() {
        in.expect(LPAREN);
        if (in.match(RPAREN)) {
            return new Params(List.of(), false);
        }
        if (in.check(VOID) && in.peek(1).is(RPAREN)) {
            in.advance();
            in.advance();
            return new Params(List.of(), false);
        }
        List<Param> params = new ArrayList<>();
        boolean variadic = false;
        do {
            if (in.match(ELLIPSIS)) {
                variadic = true;
                break;
            }
            params.add(parameter());
        } while (in.match(COMMA));
        if (!in.match(RPAREN)) {
            throw in.expected(variadic ? "')'" : "';', ',' or ')'");
        }
        return new Params(params, variadic);
    }

    /** parameter: specifiers declarator-or-abstract-declarator */
    private Param parameter() {
        Token start = in.peek();
        DeclSpec spec = specifiers();
        if (spec.type == null) {
            if (in.check(IDENT) && (in.peek(1).is(IDENT) || in.peek(1).is(STAR))) {
                spec.type = unknownTypeName();
            } else {
                throw in.expected("declaration specifiers or '...'");
            }
        }
        nameAnonymous(spec, null);
        Declarator d = declarator(NameMode.OPTIONAL);
        return new Param(d.name(), d.apply(spec.type), d.name() != null ? d.namePos() : start.pos());
    }

    /** type-name: specifiers abstract-declarator, as in casts, sizeof, container_of and offsetof. */
    TypeRef typeName() {
        DeclSpec spec = specifiers();
        if (spec.type == null) {
            if (in.check(IDENT)) {
                spec.type = unknownTypeName();
            } else {
                throw in.expected("specifier-qualifier-list");
            }
        }
        nameAnonymous(spec, null);
        return declarator(NameMode.NONE).apply(spec.type);
    }

    /** How a type reads in source, for type arguments of declaration macros: {@code module_param(x, int, 0)}. */
    static String typeText(TypeRef type) {
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

package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Declaration specifiers, declarators, parameter lists and type names.
 *
 * <p>A declaration is "specifiers declarator ( , declarator )*": the specifiers give a base type (and storage
 * class), each declarator a name and the pointers, arrays and function parameter lists wrapped around that base.
 * Read top to bottom: what can start a type, the specifiers (scalar keywords counted by {@link ScalarKeywords},
 * kernel annotations skipped by {@link Annotations}), then declarators, parameters and type names.
 *
 * <p>It has a {@link TagParser} for struct, union and enum specifiers, which asks back for the specifiers and
 * declarators of their members and queues their definitions as top-level declarations. It belongs to an
 * {@link ExpressionParser}, which it asks for the expressions inside types: array lengths, {@code typeof} operands
 * and a typedef's (erroneous) initializer.
 */
final class TypeParser {

    private static final Set<TokenType> STORAGE_AND_QUALIFIERS =
            Set.of(STATIC, EXTERN, TYPEDEF, INLINE, CONST, VOLATILE, REGISTER, RESTRICT, AUTO);

    private final TokenStream in;
    private final ExpressionParser exprs;
    private final TagParser tags;

    TypeParser(TokenStream in, ExpressionParser exprs) {
        this.in = in;
        this.exprs = exprs;
        this.tags = new TagParser(in, this, exprs);
    }

    /** The struct/union/enum parser, which also holds the definitions queued for top level. */
    TagParser tags() {
        return tags;
    }

    // ---------------------------------------------------------------- what starts what

    boolean isTypeNameStart(Token t) {
        if (ScalarKeywords.ALL.contains(t.type())) {
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
                        || Annotations.isIgnored(t)
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
        /** A tagless struct/union/enum body, waiting for {@link TagParser#nameAnonymous} to give it a tag. */
        Decl anonymous;

        DeclSpec(Pos pos) {
            this.pos = pos;
        }
    }

    /**
     * specifiers: ( storage-class | qualifier | annotation | scalar keyword | struct-or-union | enum
     * | typedef-name )*. A typedef name only counts when no other type was given, so that
     * {@code typedef int u32;} declares u32 again.
     */
    DeclSpec specifiers() {
        DeclSpec spec = new DeclSpec(in.peek().pos());
        ScalarKeywords scalar = new ScalarKeywords();
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
                    scalar.add(t);
                }
                case STRUCT, UNION, ENUM -> {
                    if (spec.type != null || scalar.any()) {
                        in.report(t.pos(), "two or more data types in declaration specifiers");
                    }
                    spec.sawAny = true;
                    spec.type = t.is(ENUM) ? tags.enumSpecifier(spec) : tags.structSpecifier(spec);
                    continue;
                }
                case IDENT -> {
                    if (Annotations.meansInline(t)) spec.isInline = true;
                    if (Annotations.skipOne(in)) {
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

    private DeclSpec finish(DeclSpec spec, ScalarKeywords scalar) {
        if (scalar.any()) {
            spec.type = scalar.type(in);
        }
        return spec;
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
            Annotations.skipQualifiers(in);
            List<Pos> stars = new ArrayList<>();
            while (in.check(STAR)) {
                stars.add(in.advance().pos());
                Annotations.skipQualifiers(in);
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
            Annotations.skipQualifiers(in);
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
        tags.nameAnonymous(spec, null);
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
        tags.nameAnonymous(spec, null);
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

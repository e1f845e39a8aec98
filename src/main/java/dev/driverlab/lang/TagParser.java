package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import dev.driverlab.lang.TypeParser.DeclSpec;
import dev.driverlab.lang.TypeParser.Declarator;
import dev.driverlab.lang.TypeParser.NameMode;
import java.util.ArrayList;
import java.util.List;

/**
 * struct, union and enum specifiers with their bodies: the members of a struct (each one a declaration of its own,
 * parsed by the {@link TypeParser} this belongs to), bit-field widths and enumerator values (asked of the
 * {@link ExpressionParser}).
 *
 * <p>A body defines a type at top level even when it stands inside another declaration ({@code struct s { ... } x;},
 * a struct inside a function or another struct): its definition is queued (see {@link #takePending}) to come before
 * the declaration that contains it. A tagless body waits in its {@link DeclSpec} until {@link #nameAnonymous} names
 * it after its typedef or its place.
 */
final class TagParser {
    /** Struct, union and enum definitions met while parsing the current top-level declaration. */
    private final List<Decl> pending = new ArrayList<>();

    private final TokenStream in;
    private final TypeParser types;
    private final ExpressionParser exprs;

    TagParser(TokenStream in, TypeParser types, ExpressionParser exprs) {
        this.in = in;
        this.types = types;
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

    /** struct-or-union: ( "struct" | "union" ) TAG? ( "{" fields "}" )? */
    TypeRef structSpecifier(DeclSpec spec) {
        Token kw = in.advance();
        boolean union = kw.is(UNION);
        Annotations.skipQualifiers(in);
        Token tag = in.check(IDENT) ? in.advance() : null;
        if (!in.check(LBRACE)) {
            if (tag == null) {
                throw in.expected("'{'");
            }
            return new TypeRef.Struct(tag.text(), union, kw.pos());
        }
        List<Decl.Field> fields = structBody();
        Annotations.skipQualifiers(in);
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
        DeclSpec spec = types.specifiers();
        if (spec.type == null) {
            if (in.check(IDENT) && (in.peek(1).is(IDENT) || in.peek(1).is(STAR))) {
                spec.type = types.unknownTypeName();
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
            Declarator d = types.declarator(NameMode.REQUIRED);
            if (first) {
                nameAnonymous(spec, null);
                first = false;
            }
            Expr width = in.match(COLON) ? exprs.conditional() : null;
            Annotations.skipQualifiers(in);
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
    TypeRef enumSpecifier(DeclSpec spec) {
        Token kw = in.advance();
        Annotations.skipQualifiers(in);
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
        Annotations.skipQualifiers(in);
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
}

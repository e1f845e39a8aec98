package dev.driverlab.lang;

import java.util.HashMap;
import java.util.Map;

/** The kinds of token of kernel C. Keywords and punctuators carry their spelling. */
public enum TokenType {
    // Literals and names.
    IDENT(null),
    INT(null),
    CHAR(null),
    STRING(null),

    // Keywords.
    AUTO("auto"),
    BREAK("break"),
    CASE("case"),
    CHAR_KW("char"),
    CONST("const"),
    CONTINUE("continue"),
    DEFAULT("default"),
    DO("do"),
    DOUBLE("double"),
    ELSE("else"),
    ENUM("enum"),
    EXTERN("extern"),
    FLOAT("float"),
    FOR("for"),
    GOTO("goto"),
    IF("if"),
    INLINE("inline"),
    INT_KW("int"),
    LONG("long"),
    REGISTER("register"),
    RESTRICT("restrict"),
    RETURN("return"),
    SHORT("short"),
    SIGNED("signed"),
    SIZEOF("sizeof"),
    STATIC("static"),
    STRUCT("struct"),
    SWITCH("switch"),
    TYPEDEF("typedef"),
    UNION("union"),
    UNSIGNED("unsigned"),
    VOID("void"),
    VOLATILE("volatile"),
    WHILE("while"),
    BOOL_KW("_Bool"),

    // Punctuators.
    LPAREN("("),
    RPAREN(")"),
    LBRACE("{"),
    RBRACE("}"),
    LBRACKET("["),
    RBRACKET("]"),
    SEMI(";"),
    COMMA(","),
    DOT("."),
    ARROW("->"),
    ELLIPSIS("..."),
    QUESTION("?"),
    COLON(":"),
    PLUS("+"),
    MINUS("-"),
    STAR("*"),
    SLASH("/"),
    PERCENT("%"),
    AMP("&"),
    PIPE("|"),
    CARET("^"),
    TILDE("~"),
    BANG("!"),
    LT("<"),
    GT(">"),
    LE("<="),
    GE(">="),
    EQ_EQ("=="),
    BANG_EQ("!="),
    LT_LT("<<"),
    GT_GT(">>"),
    AMP_AMP("&&"),
    PIPE_PIPE("||"),
    PLUS_PLUS("++"),
    MINUS_MINUS("--"),
    EQ("="),
    PLUS_EQ("+="),
    MINUS_EQ("-="),
    STAR_EQ("*="),
    SLASH_EQ("/="),
    PERCENT_EQ("%="),
    AMP_EQ("&="),
    PIPE_EQ("|="),
    CARET_EQ("^="),
    LT_LT_EQ("<<="),
    GT_GT_EQ(">>="),
    HASH("#"),
    HASH_HASH("##"),

    // Preprocessor lines: DIRECTIVE is the '#' that starts one, NEWLINE its end (the Lexer hands both on and the
    // Preprocessor consumes them; the parser never sees either).
    DIRECTIVE(null),
    NEWLINE(null),

    EOF(null);

    private static final Map<String, TokenType> KEYWORDS = new HashMap<>();

    static {
        for (TokenType t : values()) {
            if (t.isKeyword()) {
                KEYWORDS.put(t.spelling, t);
            }
        }
    }

    private final String spelling;

    TokenType(String spelling) {
        this.spelling = spelling;
    }

    /** The fixed spelling of a keyword or punctuator; null for names, literals and EOF. */
    public String spelling() {
        return spelling;
    }

    public boolean isKeyword() {
        return spelling != null && (Character.isLetter(spelling.charAt(0)) || spelling.charAt(0) == '_');
    }

    /** The keyword spelled {@code word}, or null when it is an ordinary identifier. */
    public static TokenType keyword(String word) {
        return KEYWORDS.get(word);
    }
}

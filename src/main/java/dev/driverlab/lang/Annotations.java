package dev.driverlab.lang;

import static dev.driverlab.lang.TokenType.*;

import java.util.Set;

/**
 * The kernel's annotations ({@code __user}, {@code __init}, {@code __attribute__((...))}, {@code __must_hold(l)}...)
 * and C's type qualifiers, which change nothing this front end models: skipped wherever a qualifier may stand.
 */
final class Annotations {
    private Annotations() {}

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

    /** gcc's other spellings of {@code inline}: a function so marked is folded into its callers like any inline one. */
    private static final Set<String> INLINE = Set.of("__always_inline", "__inline", "__inline__");

    static boolean meansInline(Token t) {
        return t.is(IDENT) && INLINE.contains(t.text());
    }

    static boolean isIgnored(Token t) {
        return t.is(IDENT) && (IGNORED_SPECIFIERS.contains(t.text()) || IGNORED_WITH_ARGS.contains(t.text()));
    }

    /** Skips one ignored annotation (with its argument list); false when the next token is not one. */
    static boolean skipOne(TokenStream in) {
        if (!isIgnored(in.peek())) {
            return false;
        }
        Token t = in.advance();
        if (IGNORED_WITH_ARGS.contains(t.text()) && in.check(LPAREN)) {
            skipBalancedParens(in);
        }
        return true;
    }

    /** Skips type qualifiers and annotations: after a '*', around a declarator, after a struct body. */
    static void skipQualifiers(TokenStream in) {
        while (in.match(CONST) || in.match(VOLATILE) || in.match(RESTRICT) || skipOne(in)) {
            // keep going
        }
    }

    static void skipBalancedParens(TokenStream in) {
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
}

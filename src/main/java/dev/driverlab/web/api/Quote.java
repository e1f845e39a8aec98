package dev.driverlab.web.api;

/** How a request's own text (a path, a value) is quoted back in an error: printable and short. */
final class Quote {
    static final int MAX_SHOWN = 120;

    private Quote() {}

    static String of(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < MAX_SHOWN; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > MAX_SHOWN ? sb + "…" : sb.toString();
    }
}

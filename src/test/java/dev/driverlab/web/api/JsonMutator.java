package dev.driverlab.web.api;

import dev.driverlab.Fuzz;
import java.util.Random;

/** Mutations of a JSON text: the ways a hostile or a careless client gets a body wrong. */
final class JsonMutator {
    private static final String[] VALUES = {
        "null",
        "true",
        "-1",
        "0",
        "1e308",
        "-9223372036854775809",
        "9999999999999999999999",
        "\"\"",
        "[]",
        "{}",
        "\"\\u0000\"",
        "[null]",
        "{\"a\":{}}",
        "1.5",
        "\"x\""
    };

    private JsonMutator() {}

    static String mutate(Random r, String json) {
        int rounds = 1 + r.nextInt(3);
        String out = json;
        for (int i = 0; i < rounds; i++) out = once(r, out);
        return out;
    }

    private static String once(Random r, String s) {
        int at = s.isEmpty() ? 0 : r.nextInt(s.length());
        switch (r.nextInt(10)) {
            case 0:
                return s.substring(0, at); // cut off
            case 1:
                return s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(8))); // a hole
            case 2:
                return s.substring(0, at) + (char) r.nextInt(0x3000) + s.substring(at); // a stray character
            case 3:
                return replaceValue(r, s, Fuzz.pick(r, VALUES));
            case 4:
                return replaceValue(r, s, "\"" + "A".repeat(r.nextInt(200_000)) + "\"");
            case 5:
                return replaceValue(r, s, "[".repeat(1 + r.nextInt(20_000)) + "]".repeat(r.nextInt(20_000)));
            case 6:
                return s.replaceFirst(
                        "\"[a-zA-Z]+\":",
                        "\""
                                + Fuzz.pick(
                                        r,
                                        "",
                                        "__proto__",
                                        "x",
                                        "commands",
                                        "step",
                                        "scenario",
                                        "source",
                                        "cuts",
                                        "world")
                                + "\":");
            case 7:
                return "{" + s + "}";
            case 8:
                return s + s;
            default:
                return replaceValue(r, s, "[" + ("\"irq 17\",".repeat(r.nextInt(500))) + "\"lsmod\"]");
        }
    }

    /** Replaces the value after some key with {@code value}. */
    private static String replaceValue(Random r, String s, String value) {
        int colons = s.split(":", -1).length - 1;
        if (colons == 0) return value;
        int k = r.nextInt(colons);
        int at = -1;
        for (int i = 0; i <= k; i++) at = s.indexOf(':', at + 1);
        int end = at + 1;
        int depth = 0;
        boolean inString = false;
        for (; end < s.length(); end++) {
            char c = s.charAt(end);
            if (inString) {
                if (c == '\\') end++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else if (c == '[' || c == '{') depth++;
            else if ((c == ']' || c == '}') && depth-- == 0) break;
            else if (c == ',' && depth == 0) break;
        }
        return s.substring(0, at + 1) + value + s.substring(Math.min(end, s.length()));
    }
}

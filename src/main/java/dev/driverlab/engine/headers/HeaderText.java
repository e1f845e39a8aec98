package dev.driverlab.engine.headers;

import dev.driverlab.lang.Pos;
import dev.driverlab.lang.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of one kernel source file as a reader of its declarations needs it: comments and preprocessor lines
 * blanked (same length, so parser positions still point at the same characters), the file cut into its top-level
 * declarations, and its {@code #define}s. Positions come from the parser; only the wording comes from here, so a
 * prototype reads as the header author wrote it ({@code const}, {@code __user} and all).
 */
final class HeaderText {
    /** A {@code #define} at file scope: params is null for an object-like macro. */
    record Define(String name, List<String> params, String body, int line) {}

    /** One top-level declaration: {@code [start, end)} of the text (up to its ';' or its function body's '{'). */
    private record Chunk(int start, int end, int body) {}

    private static final Pattern DEFINE =
            Pattern.compile("#\\s*define\\s+([A-Za-z_]\\w*)(\\(([^)]*)\\))?\\s*(.*)", Pattern.DOTALL);
    private static final Pattern IFNDEF = Pattern.compile("#\\s*ifndef\\s+([A-Za-z_]\\w*)\\s*");
    private static final Pattern LEADING_STORAGE =
            Pattern.compile("^(?:(?:static|extern|inline|__inline|__inline__|__always_inline|noinline)\\s+)+");

    private final String display; // comments and directives blanked
    private final String scan; // also string and character literals' contents blanked
    private final int[] lineStarts;
    private final List<Chunk> chunks = new ArrayList<>();
    private final List<Define> defines = new ArrayList<>();
    private final List<Integer> directiveLines = new ArrayList<>();

    HeaderText(SourceFile file) {
        String text = file.text() == null ? "" : file.text();
        char[] display = text.toCharArray();
        char[] scan = text.toCharArray();
        blank(text, display, scan);
        this.display = new String(display);
        this.scan = new String(scan);
        this.lineStarts = lineStarts(text);
        cut();
    }

    List<Define> defines() {
        return defines;
    }

    /** Whether {@code line} belongs to a preprocessor directive (the parser turns integer #defines into enums). */
    boolean isDirective(int line) {
        return directiveLines.contains(line);
    }

    /** A function's prototype: its declaration up to the end of the parameter list, storage classes left out. */
    String function(Pos name) {
        int at = offset(name);
        Chunk c = chunkAt(at);
        if (c == null) return null;
        int open = scan.indexOf('(', at);
        int close = open < 0 ? -1 : matching(open, c.end());
        if (close < 0) return null;
        return LEADING_STORAGE
                .matcher(collapse(display.substring(start(c, at), close + 1)))
                .replaceFirst("");
    }

    /** The whole declaration that names {@code name} (a typedef, a struct definition, a variable), without ';'. */
    String declaration(Pos name) {
        int at = offset(name);
        Chunk c = chunkAt(at);
        if (c == null) return null;
        int end = c.end();
        if (c.body() < 0) { // a variable: up to its initializer
            int eq = topLevel('=', at, end);
            if (eq >= 0) end = eq;
        }
        return LEADING_STORAGE
                .matcher(collapse(display.substring(start(c, at), end)))
                .replaceFirst("");
    }

    /** An enumerator as written: {@code NAME} or {@code NAME = value}. */
    String enumerator(Pos name) {
        int at = offset(name);
        Chunk c = chunkAt(at);
        int limit = c == null ? scan.length() : c.end();
        int depth = 0;
        int i = at;
        for (; i < limit; i++) {
            char ch = scan.charAt(i);
            if (ch == '(' || ch == '[' || ch == '{') depth++;
            else if (ch == ')' || ch == ']') depth--;
            else if (ch == '}' && depth-- == 0) break;
            else if (ch == ',' && depth == 0) break;
        }
        return collapse(display.substring(at, i));
    }

    /** Whether {@code inner} lies inside the declaration that also holds {@code outer}. */
    boolean sameDeclaration(Pos inner, Pos outer) {
        Chunk a = chunkAt(offset(inner));
        return a != null && a.equals(chunkAt(offset(outer)));
    }

    // ---------------------------------------------------------------- reading the text

    /**
     * Blanks comments and directive lines in {@code display} (keeping newlines), and string and character literal
     * contents too in {@code scan}; collects the directives' text (continuations joined, comments removed).
     */
    private void blank(String text, char[] display, char[] scan) {
        int n = text.length();
        int i = 0;
        boolean lineStart = true;
        int line = 1;
        String guard = null;
        while (i < n) {
            char c = text.charAt(i);
            if (lineStart && c == '#') {
                int start = i;
                int startLine = line;
                StringBuilder directive = new StringBuilder();
                while (i < n && text.charAt(i) != '\n') {
                    if (text.startsWith("/*", i)) {
                        int end = text.indexOf("*/", i + 2);
                        end = end < 0 ? n : end + 2;
                        for (int k = i; k < end; k++) if (text.charAt(k) == '\n') line++;
                        directive.append(' ');
                        i = end;
                        continue;
                    }
                    if (text.startsWith("//", i)) {
                        while (i < n && text.charAt(i) != '\n') i++;
                        break;
                    }
                    if (text.charAt(i) == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
                        directive.append(' ');
                        line++;
                        i += 2;
                        continue;
                    }
                    directive.append(text.charAt(i));
                    i++;
                }
                for (int k = start; k < i; k++) {
                    if (text.charAt(k) != '\n') display[k] = scan[k] = ' ';
                }
                for (int l = startLine; l <= line; l++) directiveLines.add(l);
                guard = directive(directive.toString().strip(), startLine, guard);
                continue;
            }
            if (c == '\n') {
                lineStart = true;
                line++;
                i++;
                continue;
            }
            if (!Character.isWhitespace(c)) lineStart = false;
            if (text.startsWith("/*", i) || text.startsWith("//", i)) {
                boolean block = text.charAt(i + 1) == '*';
                int end = block ? text.indexOf("*/", i + 2) : text.indexOf('\n', i);
                end = end < 0 ? n : block ? end + 2 : end;
                for (int k = i; k < end; k++) {
                    if (text.charAt(k) == '\n') line++;
                    else display[k] = scan[k] = ' ';
                }
                i = end;
                continue;
            }
            if (c == '"' || c == '\'') {
                int k = i + 1;
                while (k < n && text.charAt(k) != c && text.charAt(k) != '\n') {
                    if (text.charAt(k) == '\\' && k + 1 < n) scan[k++] = ' ';
                    scan[k++] = ' ';
                }
                i = Math.min(k + 1, n);
                continue;
            }
            i++;
        }
    }

    /** Records a #define (not an include guard: the #define right after an #ifndef of the same name). */
    private String directive(String text, int line, String guard) {
        Matcher ifndef = IFNDEF.matcher(text);
        if (ifndef.matches()) return ifndef.group(1);
        Matcher m = DEFINE.matcher(text);
        if (m.matches()
                && !(m.group(1).equals(guard)
                        && m.group(2) == null
                        && m.group(4).isBlank())) {
            List<String> params = null;
            if (m.group(2) != null) {
                params = new ArrayList<>();
                for (String p : m.group(3).split(",")) if (!p.isBlank()) params.add(p.strip());
            }
            defines.add(
                    new Define(m.group(1), params == null ? null : List.copyOf(params), collapse(m.group(4)), line));
        }
        return null;
    }

    /**
     * Cuts the scanned text into top-level declarations: each ends at a ';' outside braces, or at the '}' that
     * closes a function body (a '{' at file scope right after a ')').
     */
    private void cut() {
        int depth = 0;
        int start = 0;
        int body = -1;
        for (int i = 0; i < scan.length(); i++) {
            char c = scan.charAt(i);
            if (c == '{') {
                if (depth == 0 && previousNonSpace(i) == ')') body = i;
                depth++;
            } else if (c == '}') {
                depth = Math.max(0, depth - 1);
                if (depth == 0 && body >= 0) {
                    chunks.add(new Chunk(start, body, body));
                    start = i + 1;
                    body = -1;
                }
            } else if (c == ';' && depth == 0) {
                chunks.add(new Chunk(start, i, -1));
                start = i + 1;
            }
        }
    }

    private Chunk chunkAt(int offset) {
        for (Chunk c : chunks) if (offset >= c.start() && offset < c.end()) return c;
        return null;
    }

    /**
     * Where the declaration starts: the chunk's start, or past a macro call that ended its line without a ';'
     * ({@code module_init(x)} then a definition on the next line).
     */
    private int start(Chunk c, int name) {
        int start = c.start();
        int depth = 0;
        for (int i = c.start(); i < name; i++) {
            char ch = scan.charAt(i);
            if (ch == '(') depth++;
            else if (ch == ')' && --depth == 0) {
                int eol = scan.indexOf('\n', i);
                if (eol >= 0 && eol < name && scan.substring(i + 1, eol).isBlank()) start = eol + 1;
            }
        }
        return start;
    }

    private int matching(int open, int limit) {
        int depth = 0;
        for (int i = open; i < Math.min(limit, scan.length()); i++) {
            char c = scan.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        return -1;
    }

    private int topLevel(char wanted, int from, int limit) {
        int depth = 0;
        for (int i = from; i < limit; i++) {
            char c = scan.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (c == wanted && depth == 0) return i;
        }
        return -1;
    }

    private char previousNonSpace(int i) {
        for (int k = i - 1; k >= 0; k--) {
            if (!Character.isWhitespace(scan.charAt(k))) return scan.charAt(k);
        }
        return 0;
    }

    private int offset(Pos p) {
        int line = Math.max(1, Math.min(p.line(), lineStarts.length));
        return Math.min(scan.length(), lineStarts[line - 1] + Math.max(0, p.col() - 1));
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') starts.add(i + 1);
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One line, single spaces, no space inside parentheses or before ',' and ';'. */
    static String collapse(String s) {
        return s.strip()
                .replaceAll("\\s+", " ")
                .replace("( ", "(")
                .replace(" )", ")")
                .replace(" ,", ",");
    }
}

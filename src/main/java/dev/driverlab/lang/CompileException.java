package dev.driverlab.lang;

import java.util.List;
import java.util.stream.Collectors;

/** Source that cannot run: one or more gcc-style diagnostics, in source order. */
public final class CompileException extends RuntimeException {
    /**
     * How many errors one compile reports before it stops, as clang's {@code -ferror-limit=20}: a file of junk
     * would otherwise make one error per token, each quoting its source line.
     */
    public static final int MAX_ERRORS = 20;

    /** The last diagnostic when {@link #MAX_ERRORS} were reported. */
    public static final String TOO_MANY_ERRORS = "too many errors emitted, stopping now";

    private final List<Diagnostic> diagnostics;

    public CompileException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::headline).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** All diagnostics as gcc prints them, followed by "N error(s) generated." like clang. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        diagnostics.forEach(d -> sb.append(d.format()));
        int n = diagnostics.size();
        sb.append(n).append(n == 1 ? " error generated.\n" : " errors generated.\n");
        return sb.toString();
    }
}

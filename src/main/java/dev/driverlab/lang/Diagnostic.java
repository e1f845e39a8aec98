package dev.driverlab.lang;

/** One compile error, printed the way gcc prints it: {@code file:line:col: error: message}, the line, a caret. */
public record Diagnostic(String file, int line, int col, String message, String sourceLine) {

    public String headline() {
        return file + ":" + line + ":" + col + ": error: " + message;
    }

    public String format() {
        StringBuilder sb = new StringBuilder(headline()).append('\n');
        if (sourceLine != null && !sourceLine.isEmpty()) {
            sb.append(String.format("%5d | %s%n", line, sourceLine));
            sb.append("      | ");
            for (int i = 1; i < col && i <= sourceLine.length(); i++) {
                sb.append(sourceLine.charAt(i - 1) == '\t' ? '\t' : ' ');
            }
            sb.append("^\n");
        }
        return sb.toString();
    }

    public static Diagnostic at(SourceFile file, Pos pos, String message) {
        return new Diagnostic(file.name(), pos.line(), pos.col(), message, file.line(pos.line()));
    }
}

package dev.driverlab.lang;

/**
 * A position in a source file: 1-based line and column, and which file of the translation unit (0 is the file
 * compiled; the files it includes are numbered as the preprocessor meets them, see {@link TranslationUnit#files()}).
 */
public record Pos(int line, int col, int file) {
    public static final Pos NONE = new Pos(0, 0);

    public Pos(int line, int col) {
        this(line, col, 0);
    }

    @Override
    public String toString() {
        return line + ":" + col;
    }
}

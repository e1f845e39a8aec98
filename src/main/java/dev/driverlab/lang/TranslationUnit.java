package dev.driverlab.lang;

import java.util.List;

/**
 * A parsed source file. {@code files} are the files its tokens came from, by {@link Pos#file()}: {@code file} first,
 * then what it includes in the order the preprocessor met them. {@code warnings} are gcc-style warning lines.
 */
public record TranslationUnit(SourceFile file, List<Decl> decls, List<SourceFile> files, List<String> warnings) {
    public TranslationUnit(SourceFile file, List<Decl> decls) {
        this(file, decls, List.of(file), List.of());
    }

    /** The file a position is in. */
    public SourceFile fileOf(Pos pos) {
        return pos.file() > 0 && pos.file() < files.size() ? files.get(pos.file()) : file;
    }
}

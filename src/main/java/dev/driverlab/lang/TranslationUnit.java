package dev.driverlab.lang;

import java.util.List;

/** A parsed source file. */
public record TranslationUnit(SourceFile file, List<Decl> decls) {}

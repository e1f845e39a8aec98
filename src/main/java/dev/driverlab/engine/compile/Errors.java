package dev.driverlab.engine.compile;

import dev.driverlab.lang.CompileException;
import dev.driverlab.lang.Diagnostic;
import dev.driverlab.lang.Pos;
import dev.driverlab.lang.SourceFile;
import java.util.ArrayList;
import java.util.List;

/** Collects semantic errors so that one pass reports all of them. */
final class Errors {
    private SourceFile file;
    /** The files positions may point into (by {@link Pos#file()}), or empty when all are in {@link #file}. */
    private List<SourceFile> files = List.of();

    private final List<Diagnostic> list = new ArrayList<>();

    Errors(SourceFile file) {
        this.file = file;
    }

    /**
     * Thrown when the compile cannot go on: {@link CompileException#MAX_ERRORS} errors are collected, or a budget
     * is exhausted. The errors so far are the result.
     */
    static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    void at(Pos pos, String message) {
        if (list.size() >= CompileException.MAX_ERRORS) {
            fatal(pos, CompileException.TOO_MANY_ERRORS);
        }
        list.add(Diagnostic.at(fileOf(pos), pos, message));
    }

    /** The error at {@code pos} without reporting it: for a check made later (modpost's, across modules). */
    Diagnostic diagnostic(Pos pos, String message) {
        return Diagnostic.at(fileOf(pos), pos, message);
    }

    private SourceFile fileOf(Pos pos) {
        return pos.file() > 0 && pos.file() < files.size() ? files.get(pos.file()) : file;
    }

    /** Reports an error after which the compile stops. */
    void fatal(Pos pos, String message) {
        list.add(Diagnostic.at(fileOf(pos), pos, message));
        throw new Stop();
    }

    List<Diagnostic> list() {
        return list;
    }

    /** The kernel is several files compiled as one unit: errors name the file being compiled. */
    void setFile(SourceFile file) {
        this.file = file;
    }

    void setFiles(List<SourceFile> files) {
        this.files = files;
    }

    SourceFile file() {
        return file;
    }
}

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
        list.add(Diagnostic.at(file, pos, message));
    }

    /** Reports an error after which the compile stops. */
    void fatal(Pos pos, String message) {
        list.add(Diagnostic.at(file, pos, message));
        throw new Stop();
    }

    List<Diagnostic> list() {
        return list;
    }

    /** The kernel is several files compiled as one unit: errors name the file being compiled. */
    void setFile(SourceFile file) {
        this.file = file;
    }

    SourceFile file() {
        return file;
    }
}

package dev.driverlab.lang;

import java.util.List;

/** A named piece of source text; line numbers count from 1 at its first line. */
public record SourceFile(String name, String text) {

    public List<String> lines() {
        return text.lines().toList();
    }

    /** The text of a 1-based line, or "" when out of range. */
    public String line(int line) {
        List<String> lines = lines();
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }
}

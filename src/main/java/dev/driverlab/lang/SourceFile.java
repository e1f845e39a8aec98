package dev.driverlab.lang;

import java.util.ArrayDeque;
import java.util.Deque;
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

    /**
     * A relative path with {@code .} and {@code dir/..} taken out ({@code a/./b/../c.h} is {@code a/c.h}); null for
     * one that climbs out of the module's directory or names nothing.
     */
    public static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}

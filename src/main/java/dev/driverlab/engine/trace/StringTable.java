package dev.driverlab.engine.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interned strings of a trace and all its copies: append-only, so a string keeps its id whichever copy interned
 * it first, and copies can share one table. Synchronized: a snapshot may be read while its session runs on.
 */
final class StringTable {
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private long bytes;

    synchronized int intern(String s) {
        Integer id = ids.get(s);
        if (id == null) {
            id = strings.size();
            strings.add(s);
            ids.put(s, id);
            bytes += PER_STRING + 2L * s.length();
        }
        return id;
    }

    /** A string's own header and array, its list slot and its map entry, give or take. */
    private static final int PER_STRING = 96;

    /** Heap bytes of the table, roughly: it is shared by a trace and all its copies. */
    synchronized long bytes() {
        return bytes;
    }

    synchronized String get(int id) {
        return strings.get(id);
    }
}

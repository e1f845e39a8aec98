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

    synchronized int intern(String s) {
        Integer id = ids.get(s);
        if (id == null) {
            id = strings.size();
            strings.add(s);
            ids.put(s, id);
        }
        return id;
    }

    synchronized String get(int id) {
        return strings.get(id);
    }
}

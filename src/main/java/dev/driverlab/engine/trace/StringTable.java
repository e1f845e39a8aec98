package dev.driverlab.engine.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interned strings of a trace and all its copies: append-only, so a string keeps its id whichever copy interned
 * it first, and copies can share one table. Safe across threads (a snapshot may be read while its session runs on):
 * a string met before, which is nearly every one a step interns (function names, return values), is found without
 * taking the lock; only a new one takes it.
 */
final class StringTable {
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private long bytes;

    int intern(String s) {
        Integer id = ids.get(s);
        return id != null ? id : add(s);
    }

    private synchronized int add(String s) {
        Integer id = ids.get(s); // another thread may have added it since
        if (id == null) {
            id = strings.size();
            strings.add(s);
            bytes += PER_STRING + 2L * s.length();
            ids.put(s, id); // last: a reader that finds the id finds the string at it (get takes the lock)
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

package dev.driverlab.web.api;

import dev.driverlab.session.History;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The history each session had before its last rewind, so its owner can undo that rewind. Kept in memory for the
 * most recently rewound sessions only (a restart forgets them: the undo is for the moment after a rewind).
 */
@Component
class RewindUndo {
    private static final int MAX = 2000;
    private final Map<String, History> before = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, History> eldest) {
            return size() > MAX;
        }
    };

    synchronized void remember(String id, History history) {
        before.put(id, history);
    }

    synchronized History peek(String id) {
        return before.get(id);
    }

    synchronized void forget(String id) {
        before.remove(id);
    }
}

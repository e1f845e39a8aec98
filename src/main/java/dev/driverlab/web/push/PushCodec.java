package dev.driverlab.web.push;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compact forms of {@link PushMessage}, both ways (the page's js/push/PushDecoder.js is the same in JavaScript):
 * <ul>
 *   <li>events as columns: {@code columns} maps each field name (once) to one array, a value per event, null
 *       where the event has no such field; the columns named in {@code interned} hold indexes into
 *       {@code strings}, each distinct string of the frame once;</li>
 *   <li>a state as a JSON merge patch (RFC 7386) against the state pushed before.</li>
 * </ul>
 */
public final class PushCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PushCodec() {}

    /** Events (JSON objects without null members) as {@code {strings, interned, columns}}. */
    public static ObjectNode columns(List<? extends JsonNode> events) {
        Set<String> fields = new LinkedHashSet<>();
        for (JsonNode e : events) fields.addAll(e.propertyNames());
        List<String> strings = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        ObjectNode frame = NODES.objectNode();
        ArrayNode table = frame.putArray("strings");
        ArrayNode interned = frame.putArray("interned");
        ObjectNode columns = frame.putObject("columns");
        for (String field : fields) {
            boolean text = true;
            for (JsonNode e : events) {
                JsonNode v = e.get(field);
                if (v != null && !v.isNull() && !v.isString()) text = false;
            }
            ArrayNode column = columns.putArray(field);
            if (text) interned.add(field);
            for (JsonNode e : events) {
                JsonNode v = e.get(field);
                if (v == null || v.isNull()) {
                    column.addNull();
                } else if (text) {
                    column.add(index.computeIfAbsent(v.asString(), s -> {
                        strings.add(s);
                        return strings.size() - 1;
                    }));
                } else {
                    column.add(v);
                }
            }
        }
        strings.forEach(table::add);
        return frame;
    }

    /** The events of a frame made by {@link #columns}, as objects again. */
    public static List<ObjectNode> rows(JsonNode frame) {
        JsonNode columns = frame.get("columns");
        Set<String> interned = new LinkedHashSet<>();
        frame.get("interned").forEach(f -> interned.add(f.asString()));
        JsonNode strings = frame.get("strings");
        List<ObjectNode> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> c : columns.properties()) {
            JsonNode column = c.getValue();
            for (int i = 0; i < column.size(); i++) {
                if (rows.size() <= i) rows.add(NODES.objectNode());
                JsonNode v = column.get(i);
                if (v.isNull()) continue;
                rows.get(i).set(c.getKey(), interned.contains(c.getKey()) ? strings.get(v.asInt()) : v);
            }
        }
        return rows;
    }

    /** The merge patch that turns {@code from} into {@code to} (members that did not change are left out). */
    public static JsonNode diff(JsonNode from, JsonNode to) {
        if (!from.isObject() || !to.isObject()) return to;
        ObjectNode patch = NODES.objectNode();
        for (String name : from.propertyNames()) {
            if (!to.has(name)) patch.putNull(name);
        }
        for (Map.Entry<String, JsonNode> m : to.properties()) {
            JsonNode before = from.get(m.getKey());
            if (before == null) {
                patch.set(m.getKey(), m.getValue());
            } else if (!before.equals(m.getValue())) {
                patch.set(m.getKey(), before.isObject() && m.getValue().isObject()
                        ? diff(before, m.getValue()) : m.getValue());
            }
        }
        return patch;
    }

    /** RFC 7386's MergePatch(target, patch): a new tree; {@code target} is not changed. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch;
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : NODES.objectNode();
        for (Map.Entry<String, JsonNode> m : patch.properties()) {
            if (m.getValue().isNull()) result.remove(m.getKey());
            else result.set(m.getKey(), apply(result.get(m.getKey()), m.getValue()));
        }
        return result;
    }
}

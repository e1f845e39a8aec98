package dev.driverlab.web.push;

import dev.driverlab.web.wire.EventDto;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compact forms of {@link PushMessage}, both ways (the page's js/push/PushDecoder.js is the same in JavaScript):
 * <ul>
 *   <li>events as columns: {@code columns} maps each field name (once) to one array, a value per event, null
 *       where the event has no such field; the columns named in {@code interned} hold indexes into
 *       {@code strings}, each distinct string of the frame once;</li>
 *   <li>a state as a JSON merge patch (RFC 7386) against the state pushed before, with arrays patched element by
 *       element (see {@link #diff}).</li>
 * </ul>
 */
public final class PushCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The member that marks an array patch (no state member is named so). */
    static final String ARRAY = "[]";

    private PushCodec() {}

    /**
     * Trace events as {@link #columns} makes them of the events' JSON objects, byte for byte, but read straight
     * from the records: no JSON tree per event on the way (a command's batch is ~100 events, pushed at every
     * command). {@code order} is the order Jackson writes a {@link EventDto}'s members in ({@link #memberOrder}).
     */
    public static ObjectNode columns(List<EventDto> events, List<String> order) {
        Columns c = new Columns(events, order);
        ObjectNode frame = NODES.objectNode();
        ArrayNode table = frame.putArray("strings");
        c.strings.forEach(table::add);
        ArrayNode interned = frame.putArray("interned");
        c.interned().forEach(interned::add);
        ObjectNode columns = frame.putObject("columns");
        for (int f = 0; f < c.fields.size(); f++) {
            ArrayNode column = columns.putArray(c.fields.get(f));
            for (int i = 0; i < events.size(); i++) {
                if (c.isNull(f, i)) column.addNull();
                else if (c.text[f] != null) column.add(c.text[f][i]);
                else if (c.value(f, i) instanceof Integer n) column.add(n.intValue());
                else column.add(((Long) c.value(f, i)).longValue());
            }
        }
        return frame;
    }

    /**
     * A whole {@code events} frame ({@link PushMessage#events} of {@link #columns}), written straight to JSON
     * bytes: the same bytes as serializing that message, without building the columns as a tree first.
     */
    static byte[] eventsFrame(ObjectMapper json, String session, long from, List<EventDto> events, List<String> order) {
        Columns c = new Columns(events, order);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * events.size());
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("type", "events");
            g.writeStringProperty("session", session);
            g.writeNumberProperty("from", from);
            g.writeNumberProperty("next", from + events.size());
            g.writeArrayPropertyStart("strings");
            for (String t : c.strings) g.writeString(t);
            g.writeEndArray();
            g.writeArrayPropertyStart("interned");
            for (String f : c.interned()) g.writeString(f);
            g.writeEndArray();
            g.writeObjectPropertyStart("columns");
            for (int f = 0; f < c.fields.size(); f++) {
                g.writeArrayPropertyStart(c.fields.get(f));
                for (int i = 0; i < events.size(); i++) {
                    if (c.isNull(f, i)) g.writeNull();
                    else if (c.text[f] != null) g.writeNumber(c.text[f][i]);
                    else if (c.value(f, i) instanceof Integer n) g.writeNumber(n.intValue());
                    else g.writeNumber(((Long) c.value(f, i)).longValue());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Events as columns: the members present ({@code fields}, in the order they are first met, each event's own
     * members in Jackson's order), each column's values read once ({@code values}: null where an event has none),
     * and, for the text members, each value as an index into {@code strings} (each distinct string once, interned
     * column by column, event by event).
     */
    private static final class Columns {
        final List<String> fields = new ArrayList<>();
        final List<String> strings = new ArrayList<>();
        /** Per field: each event's value (an Integer or a Long; a String's index in {@code text}). */
        final Object[][] values;
        /** Per field: the string indexes of a text column (-1: null), else null. */
        final int[][] text;

        Columns(List<EventDto> events, List<String> order) {
            List<Function<EventDto, Object>> members =
                    order.stream().map(PushCodec::member).toList();
            int n = events.size();
            Object[][] byMember = new Object[order.size()][];
            for (int m = 0; m < order.size(); m++) {
                Function<EventDto, Object> member = members.get(m);
                Object[] column = new Object[n];
                for (int i = 0; i < n; i++) column[i] = member.apply(events.get(i));
                byMember[m] = column;
            }
            // the order a member is first met in: by event, then each event's own members in Jackson's order
            Set<Integer> present = new LinkedHashSet<>();
            for (int i = 0; i < n && present.size() < order.size(); i++) {
                for (int m = 0; m < order.size(); m++) {
                    if (byMember[m][i] != null) present.add(m);
                }
            }
            values = new Object[present.size()][];
            text = new int[present.size()][];
            Map<String, Integer> index = new HashMap<>();
            int f = 0;
            for (int m : present) {
                fields.add(order.get(m));
                values[f] = byMember[m];
                if (TEXT_MEMBERS.contains(order.get(m))) {
                    int[] column = text[f] = new int[n];
                    for (int i = 0; i < n; i++) {
                        String v = (String) values[f][i];
                        column[i] = v == null
                                ? -1
                                : index.computeIfAbsent(v, t -> {
                                    strings.add(t);
                                    return strings.size() - 1;
                                });
                    }
                }
                f++;
            }
        }

        List<String> interned() {
            List<String> names = new ArrayList<>();
            for (int f = 0; f < fields.size(); f++) if (text[f] != null) names.add(fields.get(f));
            return names;
        }

        Object value(int field, int event) {
            return values[field][event];
        }

        boolean isNull(int field, int event) {
            return values[field][event] == null;
        }
    }

    /** A frame being built from trees: {@code strings} (each once), {@code interned} (the text columns), {@code columns}. */
    private static final class ColumnFrame {
        private final List<String> strings = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private final ObjectNode frame = NODES.objectNode();
        private final ArrayNode table = frame.putArray("strings");
        private final ArrayNode interned = frame.putArray("interned");
        private final ObjectNode columns = frame.putObject("columns");

        ArrayNode column(String field, boolean text) {
            if (text) interned.add(field);
            return columns.putArray(field);
        }

        int intern(String s) {
            return index.computeIfAbsent(s, t -> {
                strings.add(t);
                return strings.size() - 1;
            });
        }

        ObjectNode finish() {
            strings.forEach(table::add);
            return frame;
        }
    }

    private static final Set<String> TEXT_MEMBERS = Set.of("context", "function", "kind", "text");

    /** The members Jackson writes for a {@link EventDto} with none null, in its order. */
    public static List<String> memberOrder(ObjectMapper json) {
        JsonNode full = json.valueToTree(PROBE);
        List<String> order = new ArrayList<>(full.propertyNames());
        for (String f : order) {
            if (member(PROBE, f) == null) throw new IllegalStateException("a trace event member unknown here: " + f);
        }
        return List.copyOf(order);
    }

    private static final EventDto PROBE = new EventDto(1, 1, 1, "c", "f", 1, "k", 1L, 1L, 1L, "t");

    /** A member of the event as its JSON has it (null: not written). */
    private static Object member(EventDto e, String name) {
        return member(name).apply(e);
    }

    /** The reader of a member of an event as its JSON has it (null: not written); null for no such member. */
    private static Function<EventDto, Object> member(String name) {
        return switch (name) {
            case "seq" -> EventDto::seq;
            case "step" -> EventDto::step;
            case "cpu" -> EventDto::cpu;
            case "context" -> EventDto::context;
            case "function" -> EventDto::function;
            case "line" -> EventDto::line;
            case "kind" -> EventDto::kind;
            case "object" -> EventDto::object;
            case "from" -> EventDto::from;
            case "to" -> EventDto::to;
            case "text" -> EventDto::text;
            default -> e -> null;
        };
    }

    /** Events (JSON objects without null members) as {@code {strings, interned, columns}}. */
    public static ObjectNode columns(List<? extends JsonNode> events) {
        Set<String> fields = new LinkedHashSet<>();
        for (JsonNode e : events) fields.addAll(e.propertyNames());
        ColumnFrame frame = new ColumnFrame();
        for (String field : fields) {
            boolean text = true;
            for (JsonNode e : events) {
                JsonNode v = e.get(field);
                if (v != null && !v.isNull() && !v.isString()) text = false;
            }
            ArrayNode column = frame.column(field, text);
            for (JsonNode e : events) {
                JsonNode v = e.get(field);
                if (v == null || v.isNull()) {
                    column.addNull();
                } else if (text) {
                    column.add(frame.intern(v.asString()));
                } else {
                    column.add(v);
                }
            }
        }
        return frame.finish();
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

    /**
     * The patch that turns {@code from} into {@code to}: a JSON merge patch (members that did not change left out,
     * removed ones null), except that an array of which some elements stayed the same is patched element by element:
     * {@code {"[]": length, "i": patch of element i, ...}} for the elements that changed (elements past the old
     * length whole).
     */
    public static JsonNode diff(JsonNode from, JsonNode to) {
        if (from.isArray() && to.isArray()) return diffArray(from, to);
        if (!from.isObject() || !to.isObject()) return to;
        ObjectNode patch = NODES.objectNode();
        for (String name : from.propertyNames()) {
            if (!to.has(name)) patch.putNull(name);
        }
        for (Map.Entry<String, JsonNode> m : to.properties()) {
            JsonNode before = from.get(m.getKey());
            if (before == null) patch.set(m.getKey(), m.getValue());
            else if (before != m.getValue() && !before.equals(m.getValue())) // a part reused: the same node
            patch.set(m.getKey(), diff(before, m.getValue()));
        }
        return patch;
    }

    private static JsonNode diffArray(JsonNode from, JsonNode to) {
        ObjectNode patch = NODES.objectNode();
        patch.put(ARRAY, to.size());
        int changed = 0;
        for (int i = 0; i < to.size(); i++) {
            if (i >= from.size()) {
                patch.set(Integer.toString(i), to.get(i));
                changed++;
            } else if (from.get(i) != to.get(i) && !from.get(i).equals(to.get(i))) {
                patch.set(Integer.toString(i), diff(from.get(i), to.get(i)));
                changed++;
            }
        }
        return changed == to.size() && changed > 0 ? to : patch;
    }

    /** Applies a {@link #diff} (RFC 7386's MergePatch, with its array form): a new tree; {@code target} is unchanged. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch;
        if (patch.has(ARRAY) && target != null && target.isArray()) {
            ArrayNode result = NODES.arrayNode();
            for (int i = 0; i < patch.get(ARRAY).asInt(); i++) {
                JsonNode element = i < target.size() ? target.get(i) : null;
                JsonNode p = patch.get(Integer.toString(i));
                result.add(p == null ? element : apply(element, p));
            }
            return result;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : NODES.objectNode();
        for (Map.Entry<String, JsonNode> m : patch.properties()) {
            if (m.getValue().isNull()) result.remove(m.getKey());
            else result.set(m.getKey(), apply(result.get(m.getKey()), m.getValue()));
        }
        return result;
    }
}

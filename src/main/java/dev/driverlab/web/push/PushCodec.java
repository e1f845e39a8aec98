package dev.driverlab.web.push;

import dev.driverlab.engine.trace.TraceEvents;
import dev.driverlab.kernel.EventKind;
import dev.driverlab.web.wire.EventDto;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
     * A whole {@code events} frame ({@link PushMessage#events}): the same bytes as that message with the columns
     * {@link #columns} makes of the events' {@link EventDto} JSON objects (PushCodecTests hold it so), written
     * straight from the trace: no record, no JSON tree and no string hashed per event (a command's batch is ~100
     * events, pushed at every command). {@code order} is the order Jackson writes a {@link EventDto}'s members in
     * ({@link #memberOrder}).
     */
    static byte[] eventsFrame(ObjectMapper json, String session, long from, TraceEvents events, List<String> order) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(256 + 64 * events.size()); // ~50 bytes an event: no regrowth
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("type", "events");
            g.writeStringProperty("session", session);
            writeEvents(g, from, events, order);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * A {@code state} frame carrying the batch's last events too (a batch of at most one chunk is one frame): the
     * same bytes as serializing {@code state} with {@code from}, {@code strings}, {@code interned} and
     * {@code columns} set as {@link #eventsFrame} sets them. Without events, {@code state} serialized as it is.
     */
    static byte[] stateFrame(ObjectMapper json, PushMessage state, long from, TraceEvents events, List<String> order) {
        if (events.isEmpty()) return json.writeValueAsBytes(state);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 64 * events.size());
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("type", state.type());
            g.writeStringProperty("session", state.session());
            writeEvents(g, from, events, order);
            // the rest of PushMessage's members, in its order, null ones left out (its @JsonInclude)
            g.writePOJOProperty("dmesg", state.dmesg());
            g.writePOJOProperty("reports", state.reports());
            g.writeNumberProperty("applied", state.applied());
            g.writeNumberProperty("skipped", state.skipped());
            if (state.version() != null) g.writeStringProperty("version", state.version());
            if (state.base() != null) g.writeStringProperty("base", state.base());
            if (state.patch() != null) g.writePOJOProperty("patch", state.patch());
            if (state.state() != null) g.writePOJOProperty("state", state.state());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** {@code from}, {@code next} and the events' {@code strings}, {@code interned} and {@code columns}. */
    private static void writeEvents(JsonGenerator g, long from, TraceEvents events, List<String> order) {
        Columns c = new Columns(events, order);
        g.writeNumberProperty("from", from);
        g.writeNumberProperty("next", from + events.size());
        g.writeArrayPropertyStart("strings");
        for (String t : c.strings) g.writeString(t);
        g.writeEndArray();
        g.writeArrayPropertyStart("interned");
        for (Member f : c.fields) if (f.text()) g.writeString(f.json);
        g.writeEndArray();
        g.writeObjectPropertyStart("columns");
        for (int f = 0; f < c.fields.length; f++) {
            g.writeArrayPropertyStart(c.fields[f].json);
            for (int i = 0; i < events.size(); i++) {
                if (c.isNull(f, i)) g.writeNull();
                else g.writeNumber(c.value(f, i));
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * A member of {@link EventDto} as the columns read it from the trace (as {@link EventDto#of} maps a record): a
     * number, or a text interned into the frame's strings.
     */
    private enum Member {
        SEQ("seq"),
        STEP("step"),
        CPU("cpu"),
        CONTEXT("context"),
        FUNCTION("function"),
        LINE("line"),
        KIND("kind"),
        OBJECT("object"),
        FROM("from"),
        TO("to"),
        TEXT("text");

        final String json;

        Member(String json) {
            this.json = json;
        }

        static Member named(String json) {
            for (Member m : values()) if (m.json.equals(json)) return m;
            return null;
        }

        boolean text() {
            return this == CONTEXT || this == FUNCTION || this == KIND || this == TEXT;
        }

        /** Whether event {@code i} has this member in its JSON. */
        boolean in(TraceEvents e, int i) {
            return switch (this) {
                case SEQ, STEP, CPU, CONTEXT, LINE, KIND -> true;
                case FUNCTION -> e.function(i) != TraceEvents.NONE;
                case TEXT -> e.text(i) != TraceEvents.NONE;
                case OBJECT, FROM, TO -> e.hasPayload(i);
            };
        }

        /** The member's number, or for a text its id in the trace's strings (the kind's: its ordinal). */
        long read(TraceEvents e, int i) {
            return switch (this) {
                case SEQ -> e.seq(i);
                case STEP -> e.step(i);
                case CPU -> e.cpu(i);
                case LINE -> e.line(i);
                case OBJECT -> e.object(i);
                case FROM -> e.from(i);
                case TO -> e.to(i);
                case CONTEXT -> e.context(i);
                case FUNCTION -> e.function(i);
                case TEXT -> e.text(i);
                case KIND -> e.kind(i).ordinal();
            };
        }

        /** The text a {@link #read} id stands for. */
        String string(TraceEvents e, long id) {
            return this == KIND ? KINDS[(int) id].json() : e.string((int) id);
        }
    }

    private static final EventKind[] KINDS = EventKind.values();

    /**
     * Events as columns: the members present ({@code fields}, in the order they are first met, each event's own
     * members in Jackson's order), each column's values read once into a primitive array (a text as its index into
     * {@code strings}, each distinct string once, interned column by column, event by event), with which events lack
     * the member. A string is looked up by its text once per frame: after that, by its id in the trace.
     */
    private static final class Columns {
        final Member[] fields;
        final List<String> strings = new ArrayList<>();
        private final long[][] values;
        /** Per field, which events have no such member; null for a member every event has. */
        private final boolean[][] absent;

        Columns(TraceEvents events, List<String> order) {
            int n = events.size();
            Member[] members = new Member[order.size()];
            for (int m = 0; m < members.length; m++) members[m] = Member.named(order.get(m));
            // the order a member is first met in: by event, then each event's own members in Jackson's order
            Set<Member> present = EnumSet.noneOf(Member.class);
            List<Member> met = new ArrayList<>(members.length);
            for (int i = 0; i < n && met.size() < members.length; i++) {
                for (Member m : members) {
                    if (m != null && !present.contains(m) && m.in(events, i)) {
                        present.add(m);
                        met.add(m);
                    }
                }
            }
            fields = met.toArray(new Member[0]);
            values = new long[fields.length][n];
            absent = new boolean[fields.length][];
            Map<String, Integer> byText = new HashMap<>();
            for (int f = 0; f < fields.length; f++) {
                Member m = fields[f];
                long[] column = values[f];
                boolean[] none = null;
                IdIndex byId = m.text() ? new IdIndex() : null;
                for (int i = 0; i < n; i++) {
                    if (!m.in(events, i)) {
                        if (none == null) none = absent[f] = new boolean[n];
                        none[i] = true;
                        continue;
                    }
                    long v = m.read(events, i);
                    if (byId != null) {
                        int at = byId.get(v);
                        if (at < 0) {
                            String text = m.string(events, v);
                            Integer known = byText.putIfAbsent(text, strings.size());
                            if (known == null) strings.add(text);
                            at = known == null ? strings.size() - 1 : known;
                            byId.put(v, at);
                        }
                        v = at;
                    }
                    column[i] = v;
                }
            }
        }

        long value(int field, int event) {
            return values[field][event];
        }

        boolean isNull(int field, int event) {
            return absent[field] != null && absent[field][event];
        }
    }

    /** A small map from a string's id (in the trace, or a kind's ordinal) to its index in the frame's strings. */
    private static final class IdIndex {
        private long[] keys = new long[64];
        private int[] indexes = new int[64];
        private int size;

        IdIndex() {
            Arrays.fill(keys, -1);
        }

        /** The index of {@code id}, or -1. */
        int get(long id) {
            int mask = keys.length - 1;
            for (int h = hash(id) & mask; ; h = (h + 1) & mask) {
                if (keys[h] == id) return indexes[h];
                if (keys[h] == -1) return -1;
            }
        }

        void put(long id, int index) {
            if (2 * (size + 1) > keys.length) grow();
            int mask = keys.length - 1;
            int h = hash(id) & mask;
            while (keys[h] != -1) h = (h + 1) & mask;
            keys[h] = id;
            indexes[h] = index;
            size++;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldIndexes = indexes;
            keys = new long[oldKeys.length * 2];
            indexes = new int[oldKeys.length * 2];
            Arrays.fill(keys, -1);
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != -1) put(oldKeys[i], oldIndexes[i]);
        }

        private static int hash(long id) {
            return (int) (id * 0x9E3779B97F4A7C15L >>> 40);
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

    /** The members Jackson writes for a {@link EventDto} with none null, in its order. */
    public static List<String> memberOrder(ObjectMapper json) {
        JsonNode full = json.valueToTree(PROBE);
        List<String> order = new ArrayList<>(full.propertyNames());
        for (String f : order) {
            if (Member.named(f) == null) throw new IllegalStateException("a trace event member unknown here: " + f);
        }
        return List.copyOf(order);
    }

    private static final EventDto PROBE = new EventDto(1, 1, 1, "c", "f", 1, "k", 1L, 1L, 1L, "t");

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

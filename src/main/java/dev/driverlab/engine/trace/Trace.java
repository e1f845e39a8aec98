package dev.driverlab.engine.trace;

import dev.driverlab.kernel.EventKind;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace, stored column-wise: one int per field per event and an interned string table, so the hot path
 * (a statement event per step) allocates nothing. {@link #event} materialises a record on demand.
 */
public final class Trace {
    private static final EventKind[] KINDS = EventKind.values();

    private int size;
    private boolean recording = true;
    private int[] kinds = new int[64];
    private int[] cpus = new int[64];
    private int[] contexts = new int[64];
    private int[] functions = new int[64];
    private int[] lines = new int[64];
    private long[] steps = new long[64];
    private int[] payload = new int[64];   // index into the payload columns, or -1
    private int payloads;
    private long[] objects = new long[16];
    private long[] froms = new long[16];
    private long[] tos = new long[16];
    private int[] texts = new int[16];
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> stringIds = new HashMap<>();

    public Trace() {
        intern(""); // id 0
    }

    private Trace(Trace o) {
        size = o.size;
        recording = o.recording;
        if (!recording) return;
        kinds = o.kinds.clone();
        cpus = o.cpus.clone();
        contexts = o.contexts.clone();
        functions = o.functions.clone();
        lines = o.lines.clone();
        steps = o.steps.clone();
        payload = o.payload.clone();
        payloads = o.payloads;
        objects = o.objects.clone();
        froms = o.froms.clone();
        tos = o.tos.clone();
        texts = o.texts.clone();
        strings.addAll(o.strings);
        stringIds.putAll(o.stringIds);
    }

    public Trace copy() {
        return new Trace(this);
    }

    /**
     * Stops storing events (only counting them): the explorer copies machines by the million and never reads
     * their traces. Sequence numbers stay the same as with recording on.
     */
    public void stopRecording() {
        recording = false;
    }

    public int intern(String s) {
        Integer id = stringIds.get(s);
        if (id == null) {
            id = strings.size();
            strings.add(s);
            stringIds.put(s, id);
        }
        return id;
    }

    public int size() {
        return size;
    }

    /** Appends an event without payload; returns its seq. context and function are interned ids. */
    public int add(EventKind kind, long step, int cpu, int context, int function, int line) {
        if (!recording) return size++;
        if (size == kinds.length) grow();
        kinds[size] = kind.ordinal();
        steps[size] = step;
        cpus[size] = cpu;
        contexts[size] = context;
        functions[size] = function;
        lines[size] = line;
        payload[size] = -1;
        return size++;
    }

    public int add(EventKind kind, long step, int cpu, int context, int function, int line, long object, long from,
                   long to, String text) {
        int seq = add(kind, step, cpu, context, function, line);
        if (!recording) return seq;
        if (payloads == objects.length) {
            int n = payloads * 2;
            objects = Arrays.copyOf(objects, n);
            froms = Arrays.copyOf(froms, n);
            tos = Arrays.copyOf(tos, n);
            texts = Arrays.copyOf(texts, n);
        }
        objects[payloads] = object;
        froms[payloads] = from;
        tos[payloads] = to;
        texts[payloads] = text == null ? 0 : intern(text);
        payload[seq] = payloads++;
        return seq;
    }

    /** Drops every event from seq on (rewind). */
    public void truncate(int seq) {
        if (seq < size) {
            size = seq;
            int p = -1;
            for (int i = seq - 1; i >= 0 && p < 0; i--) p = payload[i];
            payloads = p + 1;
        }
    }

    public EventKind kind(int seq) {
        return KINDS[kinds[seq]];
    }

    public String text(int seq) {
        if (!recording) return null;
        int p = payload[seq];
        return p < 0 ? null : strings.get(texts[p]);
    }

    public String contextName(int seq) {
        return strings.get(contexts[seq]);
    }

    public String function(int seq) {
        return strings.get(functions[seq]);
    }

    public TraceEvent event(int seq) {
        int p = payload[seq];
        String fn = strings.get(functions[seq]);
        return new TraceEvent(seq, steps[seq], cpus[seq], strings.get(contexts[seq]), fn.isEmpty() ? null : fn,
                lines[seq], KINDS[kinds[seq]].json(), p < 0 ? null : objects[p], p < 0 ? null : froms[p],
                p < 0 ? null : tos[p], p < 0 || texts[p] == 0 ? null : strings.get(texts[p]));
    }

    /** A read-only list view from seq {@code from} on, materialising records lazily. */
    public List<TraceEvent> events(int from) {
        int start = Math.max(0, Math.min(from, size));
        int end = size;
        return new AbstractList<>() {
            public TraceEvent get(int i) {
                return event(start + i);
            }

            public int size() {
                return end - start;
            }
        };
    }

    private void grow() {
        int n = kinds.length * 2;
        kinds = Arrays.copyOf(kinds, n);
        cpus = Arrays.copyOf(cpus, n);
        contexts = Arrays.copyOf(contexts, n);
        functions = Arrays.copyOf(functions, n);
        lines = Arrays.copyOf(lines, n);
        steps = Arrays.copyOf(steps, n);
        payload = Arrays.copyOf(payload, n);
    }
}

package dev.driverlab.engine.trace;

import dev.driverlab.kernel.EventKind;
import java.util.AbstractList;
import java.util.List;

/**
 * The trace, stored column-wise in chunks (see {@link Column}) with an interned string table, so the hot path
 * (a statement event per step) allocates nothing and a snapshot shares everything but the last chunk.
 * {@link #event} materialises a record on demand.
 */
public final class Trace {
    private static final EventKind[] KINDS = EventKind.values();

    private int size;
    private boolean recording = true;
    /** kind (8 bits) | cpu (8 bits) << 8 | line << 16, packed to keep the hot path at three columns. */
    private final Column header;

    private final Column names; // context id | function id << 32
    private final Column steps;
    private final Column payload; // index into the payload columns, or -1
    private final Column objects;
    private final Column froms;
    private final Column tos;
    private final Column texts;
    private final StringTable strings;

    public Trace() {
        header = new Column();
        names = new Column();
        steps = new Column();
        payload = new Column();
        objects = new Column();
        froms = new Column();
        tos = new Column();
        texts = new Column();
        strings = new StringTable();
        intern(""); // id 0
    }

    /** A copy; one that does not record never writes its columns again, so it shares them outright. */
    private Trace(Trace o) {
        size = o.size;
        recording = o.recording;
        header = copy(o.header);
        names = copy(o.names);
        steps = copy(o.steps);
        payload = copy(o.payload);
        objects = copy(o.objects);
        froms = copy(o.froms);
        tos = copy(o.tos);
        texts = copy(o.texts);
        strings = o.strings;
    }

    private Column copy(Column c) {
        return recording ? c.copy() : c;
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
        return strings.intern(s);
    }

    public int size() {
        return size;
    }

    /**
     * Heap bytes of this trace, roughly: its columns (chunks shared with copies counted in full) and its lineage's
     * string table. For the server's memory budgets, not for accounting to the byte.
     */
    public long estimatedBytes() {
        return header.bytes()
                + names.bytes()
                + steps.bytes()
                + payload.bytes()
                + objects.bytes()
                + froms.bytes()
                + tos.bytes()
                + texts.bytes()
                + strings.bytes();
    }

    /** Appends an event without payload; returns its seq. context and function are interned ids. */
    public int add(EventKind kind, long step, int cpu, int context, int function, int line) {
        if (!recording) return size++;
        header.add(kind.ordinal() | (long) (cpu & 0xff) << 8 | (long) line << 16);
        names.add((context & 0xffffffffL) | (long) function << 32);
        steps.add(step);
        payload.add(-1);
        return size++;
    }

    public int add(
            EventKind kind,
            long step,
            int cpu,
            int context,
            int function,
            int line,
            long object,
            long from,
            long to,
            String text) {
        if (!recording) return size++;
        header.add(kind.ordinal() | (long) (cpu & 0xff) << 8 | (long) line << 16);
        names.add((context & 0xffffffffL) | (long) function << 32);
        steps.add(step);
        payload.add(objects.size());
        objects.add(object);
        froms.add(from);
        tos.add(to);
        texts.add(text == null ? 0 : intern(text));
        return size++;
    }

    /** Drops every event from seq on (rewind). */
    public void truncate(int seq) {
        if (seq >= size) return;
        size = seq;
        if (!recording) return;
        int p = -1;
        for (int i = seq - 1; i >= 0 && p < 0; i--) p = (int) payload.get(i);
        header.truncate(seq);
        names.truncate(seq);
        steps.truncate(seq);
        payload.truncate(seq);
        objects.truncate(p + 1);
        froms.truncate(p + 1);
        tos.truncate(p + 1);
        texts.truncate(p + 1);
    }

    public EventKind kind(int seq) {
        return KINDS[(int) (header.get(seq) & 0xff)];
    }

    public String text(int seq) {
        if (!recording) return null;
        int p = (int) payload.get(seq);
        return p < 0 ? null : strings.get((int) texts.get(p));
    }

    public String contextName(int seq) {
        return strings.get((int) names.get(seq));
    }

    public String function(int seq) {
        return strings.get((int) (names.get(seq) >>> 32));
    }

    public TraceEvent event(int seq) {
        long h = header.get(seq);
        int p = (int) payload.get(seq);
        String fn = function(seq);
        int text = p < 0 ? 0 : (int) texts.get(p);
        return new TraceEvent(
                seq,
                steps.get(seq),
                (int) (h >>> 8 & 0xff),
                contextName(seq),
                fn.isEmpty() ? null : fn,
                (int) (h >>> 16),
                KINDS[(int) (h & 0xff)].json(),
                p < 0 ? null : objects.get(p),
                p < 0 ? null : froms.get(p),
                p < 0 ? null : tos.get(p),
                text == 0 ? null : strings.get(text));
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
}

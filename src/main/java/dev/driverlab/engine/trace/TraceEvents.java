package dev.driverlab.engine.trace;

import dev.driverlab.kernel.EventKind;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A run of a trace's events (seqs {@code start} up to {@code end}), read in place: as records, one made per
 * {@link #get}, or member by member without any ({@link #step}, {@link #context}, ...), the texts as ids into the
 * trace's string table ({@link #string}), so a reader that writes the events out column by column (the push's
 * frames) needs no record and no string lookup per event. Read under the lock of the trace's owner: it is a view.
 */
public final class TraceEvents extends AbstractList<TraceEvent> implements RandomAccess {
    private final Trace trace;
    private final int start;
    private final int end;

    TraceEvents(Trace trace, int start, int end) {
        this.trace = trace;
        this.start = start;
        this.end = end;
    }

    @Override
    public TraceEvent get(int i) {
        return trace.event(at(i));
    }

    @Override
    public int size() {
        return end - start;
    }

    @Override
    public TraceEvents subList(int from, int to) {
        if (from < 0 || to > size() || from > to) throw new IndexOutOfBoundsException(from + ".." + to);
        return new TraceEvents(trace, start + from, start + to);
    }

    private int at(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException(i);
        return start + i;
    }

    public long seq(int i) {
        return at(i);
    }

    public long step(int i) {
        return trace.step(at(i));
    }

    public int cpu(int i) {
        return trace.cpu(at(i));
    }

    public int line(int i) {
        return trace.line(at(i));
    }

    public EventKind kind(int i) {
        return trace.kind(at(i));
    }

    /** The id of the context's name ({@link TraceEvent#context}), never absent. */
    public int context(int i) {
        return trace.contextId(at(i));
    }

    /** The id of the function's name, {@link #NONE} where the event has none ({@link TraceEvent#function} null). */
    public int function(int i) {
        return trace.functionId(at(i));
    }

    /** Whether the event has a payload: {@link #object}, {@link #from} and {@link #to} (otherwise all null). */
    public boolean hasPayload(int i) {
        return trace.hasPayload(at(i));
    }

    public long object(int i) {
        return trace.object(at(i));
    }

    public long from(int i) {
        return trace.from(at(i));
    }

    public long to(int i) {
        return trace.to(at(i));
    }

    /** The id of the event's text, {@link #NONE} where it has none ({@link TraceEvent#text} null). */
    public int text(int i) {
        return trace.textId(at(i));
    }

    /** The string of an id that {@link #context}, {@link #function} or {@link #text} gave. */
    public String string(int id) {
        return trace.string(id);
    }

    /** The id of no string: an absent function or text (the empty string's id, which neither ever is). */
    public static final int NONE = 0;
}

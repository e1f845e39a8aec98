package dev.driverlab.engine.trace;

import dev.driverlab.kernel.EventKind;

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

    /**
     * A context as the trace names it: its CPU, its interned name ({@link #intern}), its name and pid. Events about a
     * context are stamped with the first two.
     */
    public interface Actor {
        int cpu();

        int traceName();

        String name();

        int pid();
    }

    /** Where a context is: the interned name of the function it is in and the line about to run. */
    public interface Position {
        int traceFunction();

        int line();
    }

    // ---- the events, one method a kind (the kernel's primitives name their kind through event(...)) ----

    /** A script command, as typed; not stamped with any context. */
    public int command(long step, int line, String text) {
        return add(EventKind.COMMAND, step, 0, intern(""), 0, line, 0, 0, 0, text);
    }

    /** A line the shell or a user process printed. */
    public int output(long step, String text) {
        return add(EventKind.OUTPUT, step, 0, intern(""), 0, 0, 0, 0, 0, text);
    }

    /** jiffies moved to {@code jiffies}. */
    public int tick(long step, long jiffies) {
        return add(EventKind.TICK, step, 0, intern(""), 0, 0, 0, jiffies, 0, "jiffies = " + jiffies);
    }

    /** RCU grace period {@code gp} completed. */
    public int gracePeriod(long step, long gp) {
        return add(EventKind.GRACE_PERIOD, step, 0, intern(""), 0, 0, 0, 0, 0, "grace period " + gp + " completed");
    }

    /** A context begins at {@code at}, its first function. */
    public int contextStart(long step, Actor c, Position at) {
        return add(
                EventKind.CONTEXT_START,
                step,
                c.cpu(),
                c.traceName(),
                at.traceFunction(),
                at.line(),
                c.pid(),
                0,
                0,
                c.name() + " on CPU " + c.cpu());
    }

    /** A context's last frame returned {@code value}. */
    public int contextExit(long step, Actor c, long value) {
        return add(
                EventKind.CONTEXT_EXIT,
                step,
                c.cpu(),
                c.traceName(),
                0,
                0,
                c.pid(),
                value,
                0,
                c.name() + " exited (" + value + ")");
    }

    /** A user process makes system call {@code syscall}, entering the kernel at {@code at}. */
    public int syscall(long step, Actor process, Position at, String syscall) {
        return add(
                EventKind.SYSCALL,
                step,
                process.cpu(),
                process.traceName(),
                at.traceFunction(),
                at.line(),
                process.pid(),
                0,
                0,
                syscall);
    }

    /** Signal {@code number} ({@code name}) sent to a user process. */
    public int signal(long step, Actor process, int number, String name) {
        return add(
                EventKind.SIGNAL,
                step,
                process.cpu(),
                process.traceName(),
                0,
                0,
                process.pid(),
                number,
                0,
                name + " to " + process.name());
    }

    /** A statement about to run: the event of nearly every step. */
    public int statement(long step, Actor c, Position at) {
        return add(EventKind.STATEMENT, step, c.cpu(), c.traceName(), at.traceFunction(), at.line());
    }

    /** A context entered the function at {@code at}. */
    public int enter(long step, Actor c, Position at) {
        return add(EventKind.ENTER, step, c.cpu(), c.traceName(), at.traceFunction(), at.line());
    }

    /** The function at {@code from} returned {@code value}; {@code shown} is the value as text, null for void. */
    public int returned(long step, Actor c, Position from, long value, String shown) {
        return add(
                EventKind.RETURN, step, c.cpu(), c.traceName(), from.traceFunction(), from.line(), 0, value, 0, shown);
    }

    /** A context went to sleep on {@code on} (a wait condition, described). */
    public int blocked(long step, Actor c, Position at, String on) {
        return add(EventKind.BLOCKED, step, c.cpu(), c.traceName(), at.traceFunction(), at.line(), 0, 0, 0, on);
    }

    /** A context was woken from {@code on}. */
    public int woken(long step, Actor c, Position at, String on) {
        return add(EventKind.WOKEN, step, c.cpu(), c.traceName(), at.traceFunction(), at.line(), 0, 0, 0, on);
    }

    /** A context was paused, for {@code reason} (a breakpoint, or stepped by hand). */
    public int paused(long step, Actor c, Position at, String reason) {
        return add(EventKind.PAUSED, step, c.cpu(), c.traceName(), at.traceFunction(), at.line(), 0, 0, 0, reason);
    }

    /** A paused context goes on. */
    public int resumed(long step, Actor c, Position at) {
        return add(EventKind.RESUMED, step, c.cpu(), c.traceName(), at.traceFunction(), at.line());
    }

    /** Driver code read or wrote memory object {@code object} at {@code offset}. */
    public int access(long step, Actor c, Position at, boolean write, long object, long offset) {
        return add(
                write ? EventKind.WRITE : EventKind.READ,
                step,
                c.cpu(),
                c.traceName(),
                at.traceFunction(),
                at.line(),
                object,
                offset,
                0,
                null);
    }

    /**
     * Interrupt {@code irq} arrives at {@code cpu} for the line's hardirq context {@code to}; {@code merged} says why
     * no new context starts (null: one does).
     */
    public int irqFire(long step, int cpu, Actor to, int irq, String merged) {
        return add(
                EventKind.IRQ_FIRE,
                step,
                cpu,
                to.traceName(),
                0,
                0,
                irq,
                cpu,
                0,
                "IRQ " + irq + " on CPU " + cpu + (merged == null ? "" : " (" + merged + ")"));
    }

    /** A bug report, at {@code at} (null: the context has no frame to show). */
    public int report(long step, Actor c, Position at, String title) {
        return add(
                EventKind.REPORT,
                step,
                c.cpu(),
                c.traceName(),
                at == null ? 0 : at.traceFunction(),
                at == null ? 0 : at.line(),
                0,
                0,
                0,
                title);
    }

    /** kmemleak's report of memory object {@code object}, in no context but its own thread's name. */
    public int leakReport(long step, long object, String title) {
        return add(EventKind.REPORT, step, 0, intern("kmemleak"), 0, 0, object, 0, 0, title);
    }

    /** An event a kernel primitive records at {@code at}: the kinds whose payload the kernel code knows. */
    public int event(EventKind kind, long step, Actor c, Position at, long object, long from, long to, String text) {
        return add(kind, step, c.cpu(), c.traceName(), at.traceFunction(), at.line(), object, from, to, text);
    }

    /** Appends an event without payload; returns its seq. context and function are interned ids. */
    int add(EventKind kind, long step, int cpu, int context, int function, int line) {
        if (!recording) return size++;
        header.add(kind.ordinal() | (long) (cpu & 0xff) << 8 | (long) line << 16);
        names.add((context & 0xffffffffL) | (long) function << 32);
        steps.add(step);
        payload.add(-1);
        return size++;
    }

    /** Appends an event with payload; returns its seq. */
    int add(
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

    /** Whether events are stored (not only counted): only then can they be read back. */
    public boolean recording() {
        return recording;
    }

    /** An event's {@code from} (0 for an event without payload), without materialising it. */
    public long from(int seq) {
        int p = (int) payload.get(seq);
        return p < 0 ? 0 : froms.get(p);
    }

    /** An event's step, without materialising it. */
    public long step(int seq) {
        return steps.get(seq);
    }

    public String text(int seq) {
        if (!recording) return null;
        int p = (int) payload.get(seq);
        return p < 0 ? null : strings.get((int) texts.get(p));
    }

    public String contextName(int seq) {
        return strings.get(contextId(seq));
    }

    public String function(int seq) {
        return strings.get(functionId(seq));
    }

    int cpu(int seq) {
        return (int) (header.get(seq) >>> 8 & 0xff);
    }

    int line(int seq) {
        return (int) (header.get(seq) >>> 16);
    }

    int contextId(int seq) {
        return (int) names.get(seq);
    }

    int functionId(int seq) {
        return (int) (names.get(seq) >>> 32);
    }

    boolean hasPayload(int seq) {
        return payload.get(seq) >= 0;
    }

    /** The payload's object; 0 for an event without payload. */
    long object(int seq) {
        int p = (int) payload.get(seq);
        return p < 0 ? 0 : objects.get(p);
    }

    /** The payload's to; 0 for an event without payload. */
    long to(int seq) {
        int p = (int) payload.get(seq);
        return p < 0 ? 0 : tos.get(p);
    }

    /** The text's id, 0 (the empty string's) for none. */
    int textId(int seq) {
        int p = (int) payload.get(seq);
        return p < 0 ? 0 : (int) texts.get(p);
    }

    String string(int id) {
        return strings.get(id);
    }

    public TraceEvent event(int seq) {
        boolean payload = hasPayload(seq);
        int fn = functionId(seq);
        int text = textId(seq);
        return new TraceEvent(
                seq,
                steps.get(seq),
                cpu(seq),
                contextName(seq),
                fn == 0 ? null : strings.get(fn),
                line(seq),
                kind(seq).json(),
                payload ? object(seq) : null,
                payload ? from(seq) : null,
                payload ? to(seq) : null,
                text == 0 ? null : strings.get(text));
    }

    /** A read-only view of the events from seq {@code from} on (those there now), materialising records lazily. */
    public TraceEvents events(int from) {
        return new TraceEvents(this, Math.max(0, Math.min(from, size)), size);
    }
}

package dev.driverlab.session;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.CommandException;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Footprint;
import dev.driverlab.engine.Machine;
import dev.driverlab.engine.WallClockExceeded;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateViews;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScriptParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One live session: a scenario, the ordered commands applied to it, and the engine they produced. Everything but
 * the command history is derived, so a changed past (rewind) or a refused batch is undone by rebuilding the
 * engine: the nearest {@link Snapshots snapshot}, then the commands since it, replayed with their cuts. Not
 * thread-safe: {@link SessionService} serialises access per session with {@link #lock}; what the database should
 * hold is {@link #published} after every change, so storing a session never waits for the one using it.
 */
public final class Session {
    /** A command as it ran: {@code stopAt} is its step limit (Long.MAX_VALUE: none), {@code stepsAfter} the count. */
    private record Entry(Command command, long stopAt, long stepsAfter) {}

    private final String id;
    private final ScenarioSpec spec;
    private final ScenarioCompiler.Compiled compiled;
    private final SessionLimits limits;
    private final EntryLog history = new EntryLog();
    private final Snapshots snapshots;
    private Engine engine;
    private TraceFacts facts;

    /**
     * A history as it should be stored, numbered so a store can tell whether it is newer than the last one: the
     * first {@code size} entries of {@code entries}, which never change (see {@link EntryLog}), made into a
     * {@link History} only when it is stored, not at every command.
     */
    record Published(Entry[] entries, int size, long version) {
        History history() {
            return Session.history(entries, size);
        }
    }

    /**
     * The commands run, in an array that is only appended to: an entry below a published size is never written
     * again (dropping commands starts a new array), so a {@link Published} shares the array instead of copying it
     * at every command while other threads may read it (the sweep storing it).
     */
    private static final class EntryLog {
        private Entry[] entries = new Entry[16];
        private int size;

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        Entry get(int i) {
            if (i >= size) throw new IndexOutOfBoundsException(i);
            return entries[i];
        }

        void add(Entry e) {
            if (size == entries.length) entries = Arrays.copyOf(entries, size * 2);
            entries[size++] = e;
        }

        /** Keeps the first {@code k} entries, in a new array: a published one still holds the dropped ones. */
        void truncate(int k) {
            if (k >= size) return;
            entries = Arrays.copyOf(entries, Math.max(16, entries.length));
            Arrays.fill(entries, k, size, null);
            size = k;
        }

        Published publish(long version) {
            return new Published(entries, size, version);
        }
    }

    // Bookkeeping for SessionService.
    final ReentrantLock lock = new ReentrantLock();
    volatile long lastUsed;
    /** Set under the lock once the session is evicted or deleted: whoever gets the lock next must look again. */
    volatile boolean closed;
    /** The version last written to the database; guarded by SessionService's store lock. */
    long storedVersion;
    /** The record's {@code updated_at} as this instance last wrote or read it (milliseconds); see
     * {@link SessionProperties#sharedDatabase()}. */
    volatile Instant storedAt;

    private final String incarnation = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private volatile Published published = new Published(new Entry[0], 0, 0);

    public Session(String id, ScenarioSpec spec, ScenarioCompiler.Compiled compiled, SessionLimits limits) {
        this.id = id;
        this.spec = spec;
        this.compiled = compiled;
        this.limits = limits;
        this.snapshots = new Snapshots(compiled.booted(), limits.snapshotSteps(), limits.maxSnapshots());
        this.engine = compiled.booted().copy();
    }

    public String id() {
        return id;
    }

    public ScenarioSpec spec() {
        return spec;
    }

    public Scenario scenario() {
        return compiled.scenario();
    }

    /** The live engine, for reading (trace, views); never apply commands to it from outside. */
    public Engine engine() {
        return engine;
    }

    /**
     * Applies a batch. Commands run in order until the end or until the kernel crashes (the rest are skipped, as
     * the CLI stops at a bug report). A command that cannot apply, or a batch that would exceed the limits, is
     * refused whole: the session is left exactly as before. Command line numbers are the request's.
     */
    public Batch apply(List<Command> commands) {
        long deadline = deadline();
        Machine m = engine.machine();
        if (history.size() + commands.size() > limits.maxCommands()) {
            throw new RefusedException("the session would have " + (history.size() + commands.size())
                    + " commands; the limit is " + limits.maxCommands());
        }
        if (m.stopped() && !commands.isEmpty()) {
            throw new RefusedException(
                    CommandScript.NAME + ":" + commands.get(0).line() + ": error: the kernel has "
                            + "crashed: no further commands run (rewind to an earlier step to go on)",
                    commands.get(0).line());
        }
        int from = m.trace().size();
        long dmesgFrom = m.kernel().dmesg().nextSeq();
        int reportsFrom = m.reports().size();
        int base = history.size();
        int applied = 0;
        try {
            for (Command c : commands) {
                if (engine.machine().stopped()) break;
                run(renumbered(c, history.size() + 1), Long.MAX_VALUE, c.line(), deadline);
                applied++;
            }
        } catch (WallClockExceeded e) {
            truncate(base);
            throw overTime();
        } catch (RuntimeException e) {
            truncate(base);
            throw e;
        }
        publish();
        return batchSince(from, dmesgFrom, reportsFrom, applied, commands.size() - applied);
    }

    /**
     * Rebuilds a stored history (an evicted session, a share, commands given at creation). Unlike a batch it is
     * all or nothing even at a crash: a stored history never holds commands after one. Throws Refused if it no
     * longer replays, or if it takes longer than a batch may ({@code timed}: histories from a request).
     */
    public void replay(History stored, boolean timed) {
        long deadline = timed ? deadline() : 0;
        List<Command> commands = CommandScript.parse(stored.commands());
        if (commands.size() > limits.maxCommands()) {
            throw new RefusedException(commands.size() + " commands; the limit is " + limits.maxCommands());
        }
        for (int i = 0; i < commands.size(); i++) {
            Command c = commands.get(i);
            if (engine.machine().stopped()) {
                throw new RefusedException(
                        CommandScript.NAME + ":" + c.line() + ": error: the kernel has crashed "
                                + "before this command",
                        c.line());
            }
            try {
                run(renumbered(c, history.size() + 1), stored.stopAt(i), c.line(), deadline);
            } catch (WallClockExceeded e) {
                truncate(0);
                throw overTime();
            }
        }
        publish();
    }

    /**
     * Applies one command and records it; {@code requestLine} only labels errors. {@code deadline} is a
     * {@link System#nanoTime()} instant (0: none) past which it throws {@link WallClockExceeded}.
     */
    /** The command as the session's history numbers it: its position there, not in the request that sent it. */
    private static Command renumbered(Command c, int line) {
        return ScriptParser.parseLine(CommandScript.NAME, c.text(), line);
    }

    private void run(Command c, long stopAt, int requestLine, long deadline) {
        engine.setDeadline(deadline);
        try {
            engine.checkDeadlineNow();
            engine.apply(c, Math.min(stopAt, limits.maxSteps()));
        } catch (CommandException e) {
            throw new RefusedException(
                    CommandScript.NAME + ":" + requestLine + ": error: " + e.getMessage(), requestLine);
        } finally {
            engine.setDeadline(0);
        }
        long steps = engine.machine().steps();
        if (steps >= limits.maxSteps()) {
            throw new RefusedException(
                    CommandScript.NAME + ":" + requestLine + ": error: the session would exceed " + "its limit of "
                            + limits.maxSteps() + " steps",
                    requestLine);
        }
        history.add(new Entry(c, stopAt, steps));
        snapshots.offer(history.size(), engine);
        long bytes = bytes();
        if (bytes > limits.maxBytes()) {
            throw new RefusedException(
                    CommandScript.NAME + ":" + requestLine + ": error: the session would hold "
                            + mib(bytes) + " of server memory; the limit is " + mib(limits.maxBytes())
                            + " (its trace grows with every step: rewind, or start a new session)",
                    requestLine,
                    "memory-limit");
        }
    }

    private long deadline() {
        return System.nanoTime() + limits.batchTime().toNanos();
    }

    private RefusedException overTime() {
        return new RefusedException(
                "the commands took longer than the server's limit of "
                        + limits.batchTime().toMillis() + " ms and were refused whole; the session is as it was before",
                0,
                "time-limit");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** The heap this session holds: its live machine with the trace, and its snapshots, estimated. */
    public long bytes() {
        return Footprint.of(engine.machine()) + snapshots.bytes();
    }

    /** Makes the current history the one to store; called after every change, under the session's lock. */
    private void publish() {
        published = history.publish(published.version() + 1);
    }

    Published published() {
        return published;
    }

    /**
     * Which state this is: this object's incarnation (a rebuilt or moved session is a new one) and how many changes
     * it has had. Two equal versions have equal {@link #state()}s; pushes name the version they lead to.
     */
    public String version() {
        return incarnation + "-" + published.version();
    }

    /**
     * Makes the session what it was after machine step {@code step}: the commands finished by then are kept, the
     * one during which the step falls is kept with that step as its limit, later ones are dropped.
     */
    public void rewind(long step) {
        long now = engine.machine().steps();
        if (step < 0 || step > now) {
            throw new RefusedException("step " + step + " is outside this session's steps (0.." + now + ")");
        }
        int k = 0;
        while (k < history.size() && history.get(k).stepsAfter() <= step) k++;
        if (k == history.size()) return;
        long reached =
                k == 0 ? snapshots.atOrBefore(0).steps() : history.get(k - 1).stepsAfter();
        Command partial = reached < step ? history.get(k).command() : null;
        truncate(k);
        if (partial != null) run(partial, step, k + 1, 0); // ran before within its budget: cannot fail
        publish();
    }

    /** {@link #rewind(long)}, then at most {@code keep} commands are kept. */
    public void rewind(long step, int keep) {
        rewind(step);
        keep(keep);
    }

    /**
     * How many of the first commands of {@code stored} this session has run exactly (same text, same step limit):
     * what {@link #keep} and {@link #resume} keep of it when a history the session had before comes back.
     */
    public int shared(History stored) {
        int k = 0;
        while (k < history.size()
                && k < stored.commands().size()
                && history.get(k).command().text().equals(stored.commands().get(k))
                && history.get(k).stopAt() == stored.stopAt(k)) k++;
        return k;
    }

    /** Keeps the first {@code k} commands only. */
    public void keep(int k) {
        if (k >= history.size()) return;
        truncate(k);
        publish();
    }

    /**
     * Runs the commands of {@code stored} from index {@code history.size()} on, with their cuts: the rest of a
     * history this session ran before (the undo of a rewind), so it cannot fail. Returns them as a batch.
     */
    public Batch resume(History stored) {
        Machine m = engine.machine();
        int from = m.trace().size();
        long dmesgFrom = m.kernel().dmesg().nextSeq();
        int reportsFrom = m.reports().size();
        List<Command> commands = CommandScript.parse(stored.commands());
        int applied = 0;
        for (int i = history.size(); i < commands.size(); i++) {
            Command c = commands.get(i);
            run(renumbered(c, history.size() + 1), stored.stopAt(i), c.line(), 0);
            applied++;
        }
        publish();
        return batchSince(from, dmesgFrom, reportsFrom, applied, 0);
    }

    private Batch batchSince(int from, long dmesgFrom, int reportsFrom, int applied, int skipped) {
        Machine m = engine.machine();
        List<TraceEvent> events = m.trace().events(from); // a view: read under the lock, then Batch.bounded()
        List<String> dmesg = List.copyOf(m.kernel().dmesg().since(dmesgFrom));
        List<Report> reports =
                List.copyOf(m.reports().subList(reportsFrom, m.reports().size()));
        return new Batch(from, events, dmesg, reports, applied, skipped, state());
    }

    /** Drops every command after the first {@code k} and rebuilds the engine for what is left. */
    private void truncate(int k) {
        history.truncate(k);
        snapshots.dropAfter(k);
        Snapshots.Snapshot s = snapshots.atOrBefore(k);
        Engine e = s.engine().copy();
        for (int i = s.commands(); i < k; i++) {
            Entry h = history.get(i);
            e.apply(h.command(), h.stopAt()); // replayed before: deterministic, cannot fail
        }
        engine = e;
    }

    public History history() {
        return history(history.entries, history.size);
    }

    private static History history(Entry[] entries, int size) {
        List<String> commands = new ArrayList<>(size);
        List<History.Cut> cuts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Entry h = entries[i];
            commands.add(h.command().text());
            if (h.stopAt() != Long.MAX_VALUE) cuts.add(new History.Cut(i, h.stopAt()));
        }
        return new History(commands, cuts);
    }

    public SessionState state() {
        Machine m = engine.machine();
        return new SessionState(
                id,
                scenario().id(),
                m.steps(),
                m.trace().size(),
                m.stopped(),
                history.size(),
                cut(),
                StateViews.of(m),
                List.copyOf(m.reports()),
                facts().refcounts());
    }

    private TraceFacts facts() {
        if (facts == null || !facts.reads(engine.machine().trace()))
            facts = new TraceFacts(engine.machine().trace());
        return facts;
    }

    /** The step limit of the last command when a rewind stopped it part-way, else null. */
    private Long cut() {
        if (history.isEmpty()) return null;
        long stopAt = history.get(history.size() - 1).stopAt();
        return stopAt == Long.MAX_VALUE ? null : stopAt;
    }

    int snapshotCount() {
        return snapshots.size();
    }
}

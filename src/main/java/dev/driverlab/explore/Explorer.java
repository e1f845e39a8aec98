package dev.driverlab.explore;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.CommandException;
import dev.driverlab.engine.Context;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Footprint;
import dev.driverlab.engine.Machine;
import dev.driverlab.scenario.ScriptParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bounded model checker over schedules, separate from execution as in JPF/TLC: it only asks the engine which
 * contexts could step, copies machines, and makes choices. Breadth-first, so the first crash found is one with
 * the fewest choices; choices are tried in a fixed order (events first, then contexts oldest first), so the
 * search is deterministic. States already seen (equal fingerprints with the same events injected) are pruned.
 *
 * <p>Events are injected in their listed order, or in any order when the {@link Space} says {@code permute}; an
 * event may have variants (an IRQ on each CPU) of which the search picks one. A state where nothing can happen any
 * more (every event injected or unable to apply, no context able to step) ends its schedule as a script ends: the
 * end-of-script checks run (kmemleak, hung tasks, a module that can never be unloaded), so leaks count as crashes.
 */
public final class Explorer {

    /**
     * Bounds: search depth in choices, distinct states, wall time (the only clock: search, not simulation), and the
     * heap the machines waiting in the frontier may hold (estimated; see {@link Footprint}).
     */
    public record Bounds(int depth, int maxStates, long millis, long maxBytes) {
        public static final long DEFAULT_MAX_BYTES = 128L << 20;
        public static final Bounds DEFAULT = new Bounds(400, 200_000, 30_000);

        public Bounds(int depth, int maxStates, long millis) {
            this(depth, maxStates, millis, DEFAULT_MAX_BYTES);
        }
    }

    /** Which schedules are in the space beyond the interleavings of steps: event orders (and event variants). */
    public record Space(boolean permute) {
        public static final Space IN_ORDER = new Space(false);
    }

    /** One machine in this many is measured; the largest measured stands for all (machines of one search are alike). */
    private static final int MEASURE_EVERY = 64;

    /** Called every few thousand states with (states, schedules, depth), for progress bars. */
    public interface Progress {
        void report(int states, long schedules, int depth);
    }

    /** A state: its machine until its children are made (then only the path to it is kept), how it was reached. */
    private static final class Node {
        Engine engine;
        final Node parent;
        final Choice choice;
        /** Bit i: event i has been injected. */
        final long injected;
        final int depth;

        Node(Engine engine, Node parent, Choice choice, long injected, int depth) {
            this.engine = engine;
            this.parent = parent;
            this.choice = choice;
            this.injected = injected;
            this.depth = depth;
        }
    }

    /** Events are a bit set per state. */
    public static final int MAX_EVENTS = 63;

    private final Engine root;
    private final List<List<Command>> events;
    private final Space space;
    private final Bounds bounds;

    /** {@code root} is the machine after setup; it is copied, never changed. Each event is one command. */
    public Explorer(Engine root, List<Command> events, Bounds bounds) {
        this(root, events.stream().map(List::of).toList(), Space.IN_ORDER, bounds);
    }

    /** Each event is a list of variants, one of which is injected. */
    public Explorer(Engine root, List<List<Command>> events, Space space, Bounds bounds) {
        if (events.size() > MAX_EVENTS) throw new IllegalArgumentException("at most " + MAX_EVENTS + " events");
        this.root = root.copy();
        this.root.machine().trace().stopRecording();
        this.events = events.stream().map(List::copyOf).toList();
        this.space = space;
        this.bounds = bounds;
    }

    public Result search(Progress progress, java.util.function.BooleanSupplier cancelled) {
        long start = System.nanoTime();
        ArrayDeque<Node> frontier = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        Node first = new Node(root, null, null, 0, 0);
        frontier.add(first);
        seen.add(fingerprint(first));
        long schedules = 0;
        int maxDepth = 0;
        int widest = 0;
        long allEvents = (1L << events.size()) - 1; // at most MAX_EVENTS (63) events
        long bytesPerNode = Footprint.copyOf(root.machine(), root.machine()); // refined as machines are made
        String stoppedBy = null;
        while (!frontier.isEmpty()) {
            if (seen.size() >= bounds.maxStates()) {
                stoppedBy = "state bound (" + bounds.maxStates() + ")";
                break;
            }
            if (frontier.size() * bytesPerNode > bounds.maxBytes()) {
                stoppedBy = "memory bound (" + (bounds.maxBytes() >> 20) + " MiB of states waiting)";
                break;
            }
            if ((schedules & 1023) == 0) {
                if ((System.nanoTime() - start) / 1_000_000 > bounds.millis()) {
                    stoppedBy = "time bound (" + bounds.millis() + " ms)";
                    break;
                }
                if (cancelled.getAsBoolean()) {
                    stoppedBy = "cancelled";
                    break;
                }
                if (progress != null) progress.report(seen.size(), schedules, maxDepth);
            }
            Node node = frontier.poll();
            maxDepth = Math.max(maxDepth, node.depth);
            Engine engine = node.engine;
            node.engine = null; // the path to it is all that is needed of it from now on
            if (node.depth >= bounds.depth()) continue;
            List<Choice> choices = choices(node, engine);
            widest = Math.max(widest, choices.size());
            int children = 0;
            for (Choice choice : choices) {
                schedules++;
                Engine child = engine.copy();
                long injected = node.injected;
                if (choice.isIdle()) {
                    child.inject(ScriptParser.parseLine("idle", choice.idle(), 1));
                } else if (choice.isEvent()) {
                    try {
                        child.inject(events.get(choice.event()).get(choice.variant()));
                    } catch (CommandException e) {
                        continue; // the event cannot apply here: this branch ends
                    }
                    injected |= 1L << choice.event();
                } else {
                    child.stepOnce(context(child, choice.context()));
                }
                children++;
                Node next = new Node(child, node, choice, injected, node.depth + 1);
                if (crashed(child.machine())) {
                    return new Result(next, seen.size(), schedules, maxDepth + 1, widest, true, null, start);
                }
                if (seen.add(fingerprint(next))) {
                    if (injected == allEvents) { // the end of a schedule, found as it is made: still a shortest one
                        Engine end = ended(child);
                        if (end != null) {
                            next.engine = end;
                            return new Result(next, seen.size(), schedules, maxDepth + 1, widest, true, null, start);
                        }
                    }
                    frontier.add(next);
                    if (schedules % MEASURE_EVERY == 0) {
                        bytesPerNode = Math.max(bytesPerNode, Footprint.copyOf(child.machine(), root.machine()));
                    }
                }
            }
            if (children == 0 && node.injected != allEvents) { // events left that cannot apply: an end too
                Engine end = finished(engine);
                if (end != null) {
                    node.engine = end;
                    return new Result(node, seen.size(), schedules, maxDepth, widest, true, null, start);
                }
            }
        }
        return new Result(null, seen.size(), schedules, maxDepth, widest, frontier.isEmpty() && stoppedBy == null,
                stoppedBy, start);
    }

    /** The search's outcome, before it is turned into a script. */
    public final class Result {
        private final Node crash;
        public final int states;
        public final long schedules;
        public final int depth;
        /** The most choices any state offered: 1 means there was nothing to interleave. */
        public final int widest;
        public final boolean complete;
        public final String stoppedBy;
        public final long millis;

        private Result(Node crash, int states, long schedules, int depth, int widest, boolean complete,
                       String stoppedBy, long start) {
            this.crash = crash;
            this.states = states;
            this.schedules = schedules;
            this.depth = depth;
            this.widest = widest;
            this.complete = complete;
            this.stoppedBy = stoppedBy;
            this.millis = (System.nanoTime() - start) / 1_000_000;
        }

        public boolean found() {
            return crash != null;
        }

        public Machine crashed() {
            return crash == null ? null : crash.engine.machine();
        }

        /** The choices from the root to the crash. */
        public List<Choice> schedule() {
            List<Choice> out = new ArrayList<>();
            for (Node n = crash; n != null && n.choice != null; n = n.parent) out.add(0, n.choice);
            return out;
        }

        /** The schedule as script commands: events as written, runs of one context's steps as "step CTX N". */
        public List<String> script() {
            List<String> lines = new ArrayList<>();
            lines.add("schedule manual");
            String last = null;
            int run = 0;
            for (Choice c : schedule()) {
                if (c.context() != null && c.context().equals(last)) {
                    run++;
                    continue;
                }
                if (last != null) lines.add("step " + last + (run > 1 ? " " + run : ""));
                last = null;
                run = 0;
                if (c.isIdle()) {
                    lines.add(c.idle());
                } else if (c.isEvent()) {
                    lines.add(events.get(c.event()).get(c.variant()).text());
                } else {
                    last = c.context();
                    run = 1;
                }
            }
            if (last != null) lines.add("step " + last + (run > 1 ? " " + run : ""));
            return lines;
        }
    }

    /**
     * Events first (the next one in order, or with {@code permute} every one not yet injected, each variant), then
     * each context that can step, oldest first.
     */
    private List<Choice> choices(Node node, Engine engine) {
        List<Choice> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if ((node.injected & 1L << i) != 0) continue;
            for (int v = 0; v < events.get(i).size(); v++) out.add(Choice.event(i, v));
            if (!space.permute()) break;
        }
        List<Context> runnable = engine.runnable();
        for (Context c : runnable) out.add(Choice.step(c.name()));
        if (runnable.isEmpty()) { // nothing can step: time may pass (a grace period ends, a sleeper's timeout)
            String idle = engine.idleCommand();
            if (idle != null) out.add(Choice.idle(idle));
        }
        return out;
    }

    /**
     * When nothing can happen any more in {@code engine} (no context can step, every event injected), the machine
     * after the end-of-script checks if they report a bug, else null. {@code engine} is not changed.
     */
    private static Engine ended(Engine engine) {
        Engine probe = engine.copy();
        if (!probe.runnable().isEmpty() || probe.idleCommand() != null) return null;
        return finished(engine);
    }

    /** A copy of {@code engine} after the end-of-script checks if they report a bug, else null. */
    private static Engine finished(Engine engine) {
        Engine end = engine.copy();
        end.finish();
        return end.machine().reports().isEmpty() ? null : end;
    }

    private static Context context(Engine engine, String name) {
        for (Context c : engine.machine().contexts()) if (c.name().equals(name)) return c;
        throw new IllegalStateException("no context " + name);
    }

    /** A report was printed: one that stopped the kernel, or a warning it goes on after (lockdep's). */
    private static boolean crashed(Machine m) {
        return !m.reports().isEmpty();
    }

    private static long fingerprint(Node n) {
        return n.engine.machine().fingerprint() * 31 + n.injected;
    }
}

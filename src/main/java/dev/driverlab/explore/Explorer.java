package dev.driverlab.explore;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.CommandException;
import dev.driverlab.engine.Context;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Footprint;
import dev.driverlab.engine.Machine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bounded model checker over schedules, separate from execution as in JPF/TLC: it only asks the engine which
 * contexts could step, copies machines, and makes choices. Breadth-first, so the first crash found is one with
 * the fewest choices; choices are tried in a fixed order (events first, then contexts oldest first), so the
 * search is deterministic. States already seen (equal fingerprints with as many events injected) are pruned.
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
        final int events;
        final int depth;

        Node(Engine engine, Node parent, Choice choice, int events, int depth) {
            this.engine = engine;
            this.parent = parent;
            this.choice = choice;
            this.events = events;
            this.depth = depth;
        }
    }

    private final Engine root;
    private final List<Command> events;
    private final Bounds bounds;

    /** {@code root} is the machine after setup; it is copied, never changed. */
    public Explorer(Engine root, List<Command> events, Bounds bounds) {
        this.root = root.copy();
        this.root.machine().trace().stopRecording();
        this.events = List.copyOf(events);
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
            for (Choice choice : choices(node, engine)) {
                schedules++;
                Engine child = engine.copy();
                int injected = node.events;
                if (choice.isEvent()) {
                    try {
                        child.inject(events.get(choice.event()));
                    } catch (CommandException e) {
                        continue; // the event cannot apply here: this branch ends
                    }
                    injected++;
                } else {
                    child.stepOnce(context(child, choice.context()));
                }
                Node next = new Node(child, node, choice, injected, node.depth + 1);
                if (crashed(child.machine())) {
                    return new Result(next, seen.size(), schedules, maxDepth + 1, true, null, start);
                }
                if (seen.add(fingerprint(next))) {
                    frontier.add(next);
                    if (schedules % MEASURE_EVERY == 0) {
                        bytesPerNode = Math.max(bytesPerNode, Footprint.copyOf(child.machine(), root.machine()));
                    }
                }
            }
        }
        return new Result(null, seen.size(), schedules, maxDepth, frontier.isEmpty() && stoppedBy == null,
                stoppedBy, start);
    }

    /** The search's outcome, before it is turned into a script. */
    public final class Result {
        private final Node crash;
        public final int states;
        public final long schedules;
        public final int depth;
        public final boolean complete;
        public final String stoppedBy;
        public final long millis;

        private Result(Node crash, int states, long schedules, int depth, boolean complete, String stoppedBy,
                       long start) {
            this.crash = crash;
            this.states = states;
            this.schedules = schedules;
            this.depth = depth;
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
                if (!c.isEvent() && c.context().equals(last)) {
                    run++;
                    continue;
                }
                if (last != null) lines.add("step " + last + (run > 1 ? " " + run : ""));
                last = null;
                run = 0;
                if (c.isEvent()) {
                    lines.add(events.get(c.event()).text());
                } else {
                    last = c.context();
                    run = 1;
                }
            }
            if (last != null) lines.add("step " + last + (run > 1 ? " " + run : ""));
            return lines;
        }
    }

    /** Events first (the next one in order), then each context that can step, oldest first. */
    private List<Choice> choices(Node node, Engine engine) {
        List<Choice> out = new ArrayList<>();
        if (node.events < events.size()) out.add(Choice.event(node.events));
        for (Context c : engine.runnable()) out.add(Choice.step(c.name()));
        return out;
    }

    private static Context context(Engine engine, String name) {
        for (Context c : engine.machine().contexts()) if (c.name().equals(name)) return c;
        throw new IllegalStateException("no context " + name);
    }

    private static boolean crashed(Machine m) {
        return m.stopped() && !m.reports().isEmpty();
    }

    private static long fingerprint(Node n) {
        return n.engine.machine().fingerprint() * 31 + n.events;
    }
}

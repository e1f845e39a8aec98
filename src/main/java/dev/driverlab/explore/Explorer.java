package dev.driverlab.explore;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.CommandException;
import dev.driverlab.engine.Context;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Footprint;
import dev.driverlab.engine.Machine;
import dev.driverlab.kernel.AccessLog;
import dev.driverlab.scenario.ScriptParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

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
        /** The contexts whose next transition need not be tried here (sleep set). */
        List<Sleeper> sleep;
        /** For a state explored again: only these contexts' transitions (asleep before, awake now); else null. */
        List<String> only;

        Node(Engine engine, Node parent, Choice choice, long injected, int depth, List<Sleeper> sleep) {
            this.engine = engine;
            this.parent = parent;
            this.choice = choice;
            this.injected = injected;
            this.depth = depth;
            this.sleep = sleep;
        }
    }

    /** Events are a bit set per state. */
    public static final int MAX_EVENTS = 63;

    private final Engine root;
    private final List<List<Command>> events;
    private final Space space;
    private final Bounds bounds;
    private Reduction reduction = Reduction.SLEEP_SETS;

    /**
     * How much of the schedule space is cut without losing a reachable crash: {@code NONE} schedules at every step;
     * {@code LOCAL_STEPS} runs a context's purely local steps together with its next observable one as one
     * transition; {@code SLEEP_SETS} does that and also explores two commuting transitions of different contexts in
     * one order only.
     */
    public enum Reduction {
        NONE,
        LOCAL_STEPS,
        SLEEP_SETS
    }

    /** The reduction to use (default {@code SLEEP_SETS}); the others are for comparison and tests. */
    public Explorer reduction(Reduction reduction) {
        this.reduction = reduction;
        return this;
    }

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

    public Result search(Progress progress, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        ArrayDeque<Node> frontier = new ArrayDeque<>();
        // each state seen, as the node that explores it (its sleep set is what was left unexplored)
        Map<Long, Node> seen = new HashMap<>();
        Node first = new Node(root.copy(), null, null, 0, 0, List.of()); // states give their machine to a child
        frontier.add(first);
        seen.put(fingerprint(first), first);
        long schedules = 0;
        int maxDepth = 0;
        int widest = 0;
        long allEvents = (1L << events.size()) - 1; // at most MAX_EVENTS (63) events
        long bytesPerNode = Footprint.copyOf(root.machine(), root.machine()); // refined as machines are made
        AccessLog log = new AccessLog();
        String stoppedBy = null;
        boolean depthCut = false;
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
            List<Choice> choices = choices(node, engine);
            if (node.depth >= bounds.depth() && !choices.isEmpty()) {
                depthCut = true; // schedules go on beyond the bound: what they reach is not searched
                continue;
            }
            widest = Math.max(widest, choices.size());
            int children = 0;
            // explored from this state: asleep after the later ones they commute with
            List<Sleeper> done = new ArrayList<>();
            for (int i = 0; i < choices.size(); i++) {
                Choice choice = choices.get(i);
                if (node.only != null && (choice.context() == null || !node.only.contains(choice.context()))) {
                    children++; // explored when this state was first explored
                    continue;
                }
                if (choice.context() != null && asleep(node.sleep, choice.context())) {
                    children++; // it could run, but every state it leads to is reached another way
                    continue;
                }
                schedules++;
                // the last choice may take the state's own machine, unless it is an event (one that cannot apply
                // leaves it half-changed, and the state may still need it for its end-of-script checks)
                Engine child = i == choices.size() - 1 && choice.context() != null ? engine : engine.copy();
                long injected = node.injected;
                AccessLog.Footprint footprint = AccessLog.Footprint.GLOBAL;
                if (choice.isIdle()) {
                    child.inject(ScriptParser.parseLine("idle", choice.idle(), 1));
                } else if (choice.isEvent()) {
                    try {
                        child.inject(events.get(choice.event()).get(choice.variant()));
                    } catch (CommandException e) {
                        continue; // the event cannot apply here: this branch ends
                    }
                    injected |= 1L << choice.event();
                } else if (reduction == Reduction.NONE) {
                    child.stepOnce(context(child, choice.context()));
                } else {
                    Context c = context(child, choice.context());
                    choice = choice.took(child.stepUntilObserved(c, log, MAX_LOCAL_STEPS));
                    footprint = log.footprint();
                }
                children++;
                List<Sleeper> sleep =
                        reduction == Reduction.SLEEP_SETS ? sleepAfter(node.sleep, done, choice, footprint) : List.of();
                if (choice.context() != null && reduction == Reduction.SLEEP_SETS) {
                    done.add(new Sleeper(choice.context(), footprint));
                }
                Node next = new Node(child, node, choice, injected, node.depth + 1, sleep);
                if (crashed(child.machine())) {
                    return new Result(next, seen.size(), schedules, maxDepth + 1, widest, true, null, start);
                }
                long key = fingerprint(next);
                Node before = seen.get(key);
                if (before == null) {
                    seen.put(key, next);
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
                } else if (reduction == Reduction.SLEEP_SETS) {
                    // seen, but a context asleep then is awake on this path: its transition must be tried after all
                    // (a state cache with sleep sets is sound only so: Godefroid 1996, sec. 5.3). Only the contexts
                    // asleep on both paths stay asleep.
                    List<String> awake = new ArrayList<>();
                    List<Sleeper> both = new ArrayList<>();
                    for (Sleeper z : before.sleep) {
                        if (asleep(sleep, z.context())) both.add(z);
                        else awake.add(z.context());
                    }
                    if (!awake.isEmpty()) {
                        if (before.engine != null) { // still waiting to be explored: it explores them then
                            before.sleep = both;
                            if (before.only != null) before.only.addAll(awake);
                        } else {
                            Node again = new Node(child, node, choice, injected, node.depth + 1, both);
                            again.only = awake;
                            seen.put(key, again);
                            frontier.add(again);
                        }
                    }
                }
            }
            // events left that cannot apply: an end too (found when the state was first explored, if again)
            if (children == 0 && node.injected != allEvents && node.only == null) {
                Engine end = finished(engine);
                if (end != null) {
                    node.engine = end;
                    return new Result(node, seen.size(), schedules, maxDepth, widest, true, null, start);
                }
            }
        }
        if (stoppedBy == null && depthCut) stoppedBy = "depth bound (" + bounds.depth() + " transitions)";
        return new Result(
                null,
                seen.size(),
                schedules,
                maxDepth,
                widest,
                frontier.isEmpty() && stoppedBy == null,
                stoppedBy,
                start);
    }

    /** A context whose next transition need not be tried from a state, with what that transition observed. */
    private record Sleeper(String context, AccessLog.Footprint footprint) {}

    /** At most this many local steps run as one transition (a loop that touches nothing shared still ends one). */
    static final int MAX_LOCAL_STEPS = 1000;

    private static boolean asleep(List<Sleeper> sleep, String context) {
        for (Sleeper z : sleep) if (z.context().equals(context)) return true;
        return false;
    }

    /**
     * The sleep set of the state {@code choice} leads to: of the transitions asleep here and those already explored
     * from here, the ones of other contexts that commute with it (Godefroid's sleep sets). Events and time passing
     * are global: they wake everything.
     */
    private static List<Sleeper> sleepAfter(
            List<Sleeper> sleep, List<Sleeper> done, Choice choice, AccessLog.Footprint footprint) {
        if (footprint.global()) return List.of();
        List<Sleeper> out = new ArrayList<>();
        for (List<Sleeper> from : List.of(sleep, done)) {
            for (Sleeper z : from) {
                if (!z.context().equals(choice.context()) && !z.footprint().conflicts(footprint)) out.add(z);
            }
        }
        return out.isEmpty() ? List.of() : out;
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

        private Result(
                Node crash,
                int states,
                long schedules,
                int depth,
                int widest,
                boolean complete,
                String stoppedBy,
                long start) {
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
                    run += c.steps();
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
                    run = c.steps();
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
     * after the end-of-script checks if they report a bug, else null. {@code engine} only starts what was deferred.
     */
    private static Engine ended(Engine engine) {
        // runnable() starts what is deferred, as exploring the state would first: the state stays the one seen
        if (!engine.runnable().isEmpty() || engine.idleCommand() != null) return null;
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

package dev.driverlab.explore;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.kernel.EventKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The call stack each context had at a trace event, rebuilt from the trace alone: every frame the engine pushes is
 * an {@code enter} event and every frame it pops a {@code return}; a frame's line is that of its last
 * {@code statement} (the caller of a frame is at the line of its call). A context starting, or a user process
 * making a system call, begins with an empty stack. The search runs without a trace, so this is read off the
 * replay of what it found.
 */
final class CallStacks {
    private CallStacks() {}

    /** A frame being rebuilt: its line moves with its statements. */
    private static final class Open {
        final String function;
        int line;

        Open(String function, int line) {
            this.function = function;
            this.line = line;
        }
    }

    /**
     * The moments with their stacks. {@code driverFile} gives the source file of a function of the driver's own
     * code, null for the kernel's.
     */
    static List<Moment> of(List<TraceEvent> trace, List<TraceEvent> moments, Function<String, String> driverFile) {
        Map<Long, TraceEvent> wanted = new HashMap<>();
        for (TraceEvent m : moments) wanted.put(m.seq(), m);
        Map<Long, Moment> found = new HashMap<>();
        Map<String, Deque<Open>> stacks = new HashMap<>();
        for (TraceEvent e : trace) {
            if (found.size() == wanted.size()) break;
            if (e.context() != null) follow(stacks.computeIfAbsent(e.context(), c -> new ArrayDeque<>()), e);
            TraceEvent m = wanted.get(e.seq());
            if (m != null) found.put(m.seq(), moment(m, stacks.get(m.context()), driverFile));
        }
        List<Moment> out = new ArrayList<>();
        for (TraceEvent m : moments) {
            out.add(found.getOrDefault(m.seq(), moment(m, null, driverFile)));
        }
        return out;
    }

    private static void follow(Deque<Open> stack, TraceEvent e) {
        String kind = e.kind();
        if (kind.equals(EventKind.CONTEXT_START.json()) || kind.equals(EventKind.SYSCALL.json())) {
            stack.clear();
        } else if (kind.equals(EventKind.ENTER.json())) {
            stack.push(new Open(e.function(), e.line()));
        } else if (kind.equals(EventKind.RETURN.json())) {
            stack.poll();
        } else if (kind.equals(EventKind.STATEMENT.json()) && !stack.isEmpty()) {
            stack.peek().line = e.line();
        }
    }

    private static Moment moment(TraceEvent m, Deque<Open> open, Function<String, String> driverFile) {
        List<Moment.Frame> frames = new ArrayList<>();
        if (open != null) {
            Iterator<Open> it = open.iterator(); // innermost first
            boolean top = true;
            while (it.hasNext()) {
                Open f = it.next();
                // the event itself says where the innermost frame is (a primitive's event: at its caller's line)
                int line = top && f.function.equals(m.function()) ? m.line() : f.line;
                frames.add(new Moment.Frame(f.function, line, driverFile.apply(f.function)));
                top = false;
            }
        }
        if (frames.isEmpty() && m.function() != null) {
            frames.add(new Moment.Frame(m.function(), m.line(), driverFile.apply(m.function())));
        }
        Moment.Frame driver =
                frames.stream().filter(f -> f.driverFile() != null).findFirst().orElse(null);
        return new Moment(
                m,
                List.copyOf(frames),
                driver == null ? null : driver.driverFile(),
                driver == null ? 0 : driver.line());
    }
}

package dev.driverlab.engine.view;

import dev.driverlab.engine.Machine;
import dev.driverlab.engine.trace.Trace;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.DeferState;
import dev.driverlab.kernel.DeferredKind;
import dev.driverlab.kernel.MemObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deferred work pending in a machine, read off the kernel's own queues ({@link DeferState#queued}): the
 * scheduled tasklets, the worker pools' work lists, the armed timers and the RCU callbacks not yet invoked. When the trace is recorded, each item gets the
 * step and seq of the event that queued it (the last one of its kind for its address), and the list is in that
 * order.
 */
final class DeferredViews {
    private DeferredViews() {}

    private record Item(DeferredKind kind, long address, String label) {}

    static List<StateView.DeferredView> of(Machine m) {
        List<Item> items = new ArrayList<>();
        for (DeferState.Queued q : m.kernel().defer().queued()) items.add(new Item(q.kind(), q.address(), label(m, q)));
        Map<Item, Integer> queuedAt = queuedAt(m.trace(), items);
        List<StateView.DeferredView> out = new ArrayList<>();
        for (Item i : items) {
            Integer seq = queuedAt.get(i);
            MemObject o = m.kernel().memory().find(i.address());
            out.add(new StateView.DeferredView(
                    i.kind().json(),
                    i.label(),
                    Addresses.hex(i.address()),
                    o == null ? null : (long) o.id,
                    seq == null ? null : m.trace().step(seq),
                    seq == null ? null : (long) seq));
        }
        out.sort(Comparator.comparing(
                StateView.DeferredView::seq, Comparator.nullsLast(Comparator.<Long>naturalOrder())));
        return out;
    }

    /** As the tracepoints of kernel/workqueue.c, kernel/time/timer.c and kernel/rcu/tree.c name the item. */
    private static String label(Machine m, DeferState.Queued q) {
        return switch (q.kind()) {
            case WORK -> "work " + m.describe(q.address());
            case TIMER -> "timer " + m.describe(q.address()) + " expires at jiffies " + q.expires();
            case RCU -> q.function() == 0 ? "kfree_rcu" : "call_rcu " + m.symbolForAddress(q.function());
            case TASKLET -> "tasklet " + Addresses.hex(q.address());
        };
    }

    /** The seq of the event that queued each item: scanning back from the end until every item is found. */
    private static Map<Item, Integer> queuedAt(Trace trace, List<Item> items) {
        Map<Item, Integer> found = new HashMap<>();
        if (items.isEmpty() || !trace.recording()) return found;
        Map<DeferredKind, Map<Long, Item>> wanted = new HashMap<>();
        for (Item i : items)
            wanted.computeIfAbsent(i.kind(), x -> new HashMap<>()).put(i.address(), i);
        int left = items.size();
        for (int seq = trace.size() - 1; seq >= 0 && left > 0; seq--) {
            DeferredKind kind = DeferredKind.queuedBy(trace.kind(seq));
            if (kind == null || !wanted.containsKey(kind)) continue;
            Item i = wanted.get(kind).get(trace.from(seq));
            if (i != null && found.putIfAbsent(i, seq) == null) left--;
        }
        return found;
    }
}

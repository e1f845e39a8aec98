package dev.driverlab.engine;

import dev.driverlab.kernel.WaitCondition;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks that wait on each other's locks can never run again: follow "blocked on a lock held by" from each
 * blocked task; coming back to a task on the way is a cycle, which the hung-task detector would report.
 */
final class Deadlock {
    private Deadlock() {}

    static void check(Machine m) {
        for (Context start : m.contexts) {
            List<Context> chain = new ArrayList<>();
            Context at = start;
            while (at != null && at.status == Context.Status.BLOCKED && at.wait instanceof WaitCondition.LockFree l
                    && !chain.contains(at)) {
                chain.add(at);
                at = byId(m, m.kernel.sched().owner(l.lock()));
            }
            if (at != null && !chain.isEmpty() && chain.contains(at)) {
                StringBuilder why = new StringBuilder();
                for (Context c : chain.subList(chain.indexOf(at), chain.size())) {
                    why.append(c.name).append(": ").append(c.wait.describe()).append("; ");
                }
                Reporter.hungTask(m, at, why.toString().strip());
                return;
            }
        }
    }

    private static Context byId(Machine m, int id) {
        for (Context c : m.contexts) if (c.id == id) return c;
        return null;
    }
}

package dev.driverlab.engine;

import dev.driverlab.kernel.WaitCondition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tasks that wait on each other's locks can never run again: follow "blocked on a lock held by" from each
 * blocked task; coming back to a task on the way is a cycle, which the hung-task detector would report.
 */
final class Deadlock {
    private Deadlock() {}

    static void check(Machine m) {
        for (Context start : m.contexts()) {
            List<Context> chain = new ArrayList<>();
            Set<Context> seen = new HashSet<>();
            Context at = start;
            while (at != null
                    && at.status == Context.Status.BLOCKED
                    && at.wait instanceof WaitCondition.LockFree l
                    && seen.add(at)) {
                chain.add(at);
                at = m.byId(m.kernel().sched().owner(l.lock()));
            }
            if (at != null && !chain.isEmpty() && seen.contains(at)) {
                StringBuilder why = new StringBuilder();
                for (Context c : chain.subList(chain.indexOf(at), chain.size())) {
                    why.append(c.name).append(": ").append(c.wait.describe()).append("; ");
                }
                Reporter.hungTask(m, at, why.toString().strip());
                return;
            }
        }
    }
}

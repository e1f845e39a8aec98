package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Deferred work as data: queued work items per CPU, armed timers, RCU callbacks and grace periods. */
public final class DeferState {
    record Work(long work, long wq) {}

    record Timer(long expires, int cpu, long seq) {}

    /** A queued RCU callback: ready once grace period {@code gp} has completed. */
    record Callback(long head, long func, int cpu, long gp, long seq, boolean running) {}

    final Map<Integer, List<Work>> work = new TreeMap<>();
    final Map<Long, Integer> runningWork = new TreeMap<>();   // work -> ctx running it
    final Map<Long, String> workqueues = new TreeMap<>();
    final Map<Long, Timer> timers = new LinkedHashMap<>();
    final Map<Long, Integer> runningTimers = new TreeMap<>();
    final List<Callback> callbacks = new ArrayList<>();
    long timerSeq;
    long completedGp;
    boolean gpInProgress;
    long rcuSeq;
    final Map<Integer, Long> gpWaits = new TreeMap<>();   // ctx -> grace period it waits for

    DeferState copy() {
        DeferState c = new DeferState();
        work.forEach((k, v) -> c.work.put(k, new ArrayList<>(v)));
        c.runningWork.putAll(runningWork);
        c.workqueues.putAll(workqueues);
        c.timers.putAll(timers);
        c.runningTimers.putAll(runningTimers);
        c.callbacks.addAll(callbacks);
        c.timerSeq = timerSeq;
        c.completedGp = completedGp;
        c.gpInProgress = gpInProgress;
        c.rcuSeq = rcuSeq;
        c.gpWaits.putAll(gpWaits);
        return c;
    }

    boolean workPending(long w) {
        for (List<Work> q : work.values()) for (Work x : q) if (x.work() == w) return true;
        return false;
    }

    /** Completes a grace period: callbacks it covers become ready; returns the CPUs that now have ready ones. */
    public List<Integer> completeGracePeriod() {
        completedGp++;
        gpInProgress = false;
        List<Integer> cpus = new ArrayList<>();
        for (Callback cb : callbacks) {
            if (cb.gp() <= completedGp && !cb.running() && !cpus.contains(cb.cpu())) cpus.add(cb.cpu());
        }
        return cpus;
    }

    /** Whether completing a grace period now would let someone make progress. */
    public boolean graceWanted() {
        for (long gp : gpWaits.values()) if (gp > completedGp) return true;
        for (Callback cb : callbacks) if (cb.gp() > completedGp) return true;
        return false;
    }

    public long completedGp() {
        return completedGp;
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    public Map<Long, Timer> timers() {
        return timers;
    }

    public Map<Integer, List<Work>> work() {
        return work;
    }

    /** The CPUs with timers expired at {@code jiffies}. */
    public List<Integer> expiredTimerCpus(long jiffies) {
        List<Integer> cpus = new ArrayList<>();
        for (Timer t : timers.values()) if (t.expires() - jiffies <= 0 && !cpus.contains(t.cpu())) cpus.add(t.cpu());
        return cpus;
    }

    /** The earliest armed expiry, or null. */
    public Long nextExpiry() {
        Long min = null;
        for (Timer t : timers.values()) if (min == null || t.expires() - min < 0) min = t.expires();
        return min;
    }
}

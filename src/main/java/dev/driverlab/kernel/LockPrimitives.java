package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Locks (kernel/locking) with lockdep's checks: an acquisition records "held -> taken" edges, and one that closes
 * a cycle is reported at once as a possible circular locking dependency, whether or not a deadlock happens now.
 * A lock taken both in hardirq context and with IRQs enabled is an inconsistent lock state.
 */
final class LockPrimitives {
    private LockPrimitives() {}

    static final int MUTEX = 0;
    static final int SPIN = 1;
    static final int RW = 2;
    static final int SEM = 3;
    /** A sleeping reader-writer lock (struct rw_semaphore): readers share it, a writer has it alone. */
    static final int RWSEM = 4;
    /** __lock_acquire's flags, as include/linux/sched.h names them for the prelude's locking code. */
    static final int INTERRUPTIBLE = 1;

    static final int IRQS_OFF = 2;
    static final int READ = 4;
    private static final String[] KIND = {"mutex_lock", "spin_lock", "rwlock", "down", "down_write"};

    static void register(Primitives p) {
        p.add("__lock_acquire", (e, a) -> acquire(e, a[0], (int) a[1], (int) a[2]));
        p.add("__lock_try", (e, a) -> {
            SchedState s = e.kernel().sched;
            SchedState.Lock l = lock(e, a[0]);
            if ((int) a[1] == SEM) {
                long count = e.memory().read(a[0], 4, true);
                if (count <= 0) return 0;
                e.memory().write(a[0], 4, count - 1);
                return 1;
            }
            if ((a[2] & READ) != 0) { // a reader shares the lock with other readers
                if (l.owner != 0) return 0;
                l.readers++;
                s.held.computeIfAbsent(e.contextId(), k -> new ArrayList<>()).add(a[0]);
                e.trace(EventKind.LOCK_ACQUIRE, DevicePrimitives.objectId(e, a[0]), a[0], 1, l.name);
                return 1;
            }
            if (l.owner != 0 || l.readers != 0) return 0;
            take(e, s, l, a[0]);
            return 1;
        });
        p.add("__lock_release", (e, a) -> {
            SchedState s = e.kernel().sched;
            SchedState.Lock l = lock(e, a[0]);
            int kind = (int) a[1];
            if (kind == SEM) {
                e.memory().write(a[0], 4, e.memory().read(a[0], 4, true) + 1);
                return 0;
            }
            if ((a[2] & 4) != 0) l.readers = Math.max(0, l.readers - 1);
            else l.owner = 0;
            List<Long> held = s.held.get(e.contextId());
            if (held != null) held.remove(Long.valueOf(a[0]));
            e.trace(EventKind.LOCK_RELEASE, DevicePrimitives.objectId(e, a[0]), a[0], 0, l.name);
            return 0;
        });
        p.add("__lock_downgrade", (e, a) -> { // downgrade_write: the writer is a reader now, still holding it
            SchedState.Lock l = lock(e, a[0]);
            if (l.owner != e.contextId()) return 0;
            l.owner = 0;
            l.readers++;
            e.trace(EventKind.LOCK_RELEASE, DevicePrimitives.objectId(e, a[0]), a[0], 0, l.name);
            e.trace(EventKind.LOCK_ACQUIRE, DevicePrimitives.objectId(e, a[0]), a[0], 1, l.name);
            return 0;
        });
        p.add("__seqcount_wait", (e, a) -> { // raw_read_seqcount_begin's cpu_relax() loop, as a sleep
            if ((e.memory().read(a[0], 4, false) & 1) != 0) e.block(new WaitCondition.SeqcountEven(a[0]));
            return 0;
        });
        p.add("__lock_is_held", (e, a) -> {
            SchedState.Lock l = e.kernel().sched.locks.get(a[0]);
            return l != null && (l.owner != 0 || l.readers != 0) ? 1 : 0;
        });
        p.add("__atomic_enter", (e, a) -> {
            SchedState s = e.kernel().sched;
            s.atomicDepth.merge(e.contextId(), 1, Integer::sum);
            if (a[0] != 0) s.irqsOff.merge(e.contextId(), 1, Integer::sum);
            return 0;
        });
        p.add("__atomic_exit", (e, a) -> {
            SchedState s = e.kernel().sched;
            s.atomicDepth.computeIfPresent(e.contextId(), (k, v) -> v > 1 ? v - 1 : null);
            if (a[0] != 0) s.irqsOff.computeIfPresent(e.contextId(), (k, v) -> v > 1 ? v - 1 : null);
            return 0;
        });
        p.add("rcu_read_lock", (e, a) -> {
            e.kernel().sched.atomicDepth.merge(e.contextId(), 1, Integer::sum);
            e.kernel().sched.rcuDepth.merge(e.contextId(), 1, Integer::sum);
            return 0;
        });
        p.add("rcu_read_unlock", (e, a) -> {
            e.kernel().sched.atomicDepth.computeIfPresent(e.contextId(), (k, v) -> v > 1 ? v - 1 : null);
            e.kernel().sched.rcuDepth.computeIfPresent(e.contextId(), (k, v) -> v > 1 ? v - 1 : null);
            return 0;
        });
        // kernel/rcu/update.c: rcu_read_lock_held_common answers 1 when lockdep cannot tell (debug_locks off),
        // else lock_is_held(&rcu_lock_map): inside rcu_read_lock()
        p.add(
                "rcu_read_lock_held",
                (e, a) -> !e.kernel().sched.debugLocks || e.kernel().sched.rcuDepth(e.contextId()) > 0 ? 1 : 0);
        // lockdep_is_held(lock): lock_is_held(&(lock)->dep_map), held by the current task (a lock is its own map)
        p.add("lock_is_held", (e, a) -> {
            if (!e.kernel().sched.debugLocks) return 1; // lockdep off: lock_is_held_type answers 1
            return e.kernel().sched.held(e.contextId()).contains(a[0]) ? 1 : 0;
        });
        p.add("__rcu_lockdep_warn", (e, a) -> {
            SchedState s = e.kernel().sched;
            String file = e.memory().readString(a[1]);
            String site = file + ":" + a[2];
            if (a[0] == 0 || !s.debugLocks || !s.rcuWarned.add(site)) return 0;
            suspiciousRcu(e, s, site, e.memory().readString(a[3]));
            return 1;
        });
    }

    private static SchedState.Lock lock(Env e, long address) {
        return e.kernel().sched.locks.computeIfAbsent(address, k -> {
            SchedState.Lock l = new SchedState.Lock();
            l.name = e.describe(address);
            return l;
        });
    }

    private static long acquire(Env e, long address, int kind, int flags) {
        SchedState s = e.kernel().sched;
        int ctx = e.contextId();
        SchedState.Lock l = lock(e, address);
        boolean interruptible = (flags & INTERRUPTIBLE) != 0;
        boolean read = (flags & READ) != 0;
        if (!s.sleeping.containsKey(ctx) && s.debugLocks) checkOrder(e, s, address, l, kind, flags);
        if (kind == SEM) {
            long count = e.memory().read(address, 4, true);
            if (count > 0) {
                e.memory().write(address, 4, count - 1);
                s.sleeping.remove(ctx);
                return 0;
            }
        } else if (read && l.owner == 0) {
            l.readers++;
            s.sleeping.remove(ctx);
            s.held.computeIfAbsent(ctx, k -> new ArrayList<>()).add(address);
            e.trace(EventKind.LOCK_ACQUIRE, DevicePrimitives.objectId(e, address), address, 1, l.name);
            return 0;
        } else if (l.owner == 0 && l.readers == 0) {
            s.sleeping.remove(ctx);
            take(e, s, l, address);
            return 0;
        } else if (l.owner == ctx && !s.sleeping.containsKey(ctx) && s.debugLocks) {
            recursive(e, l, address); // then the task waits for itself, as it does without lockdep
        }
        if (interruptible && s.signals.containsKey(ctx)) {
            s.sleeping.remove(ctx);
            return -Errno.EINTR.number;
        }
        s.sleeping.put(ctx, interruptible ? 1 : 2);
        String owner = l.owner == 0 ? "readers" : e.contextName(l.owner);
        e.block(new WaitCondition.LockFree(
                address,
                ctx,
                interruptible,
                (read ? (kind == RWSEM ? "down_read" : "read_lock") : KIND[kind]) + " on " + l.name + ", held by "
                        + owner,
                kind,
                read));
        return 0;
    }

    private static void take(Env e, SchedState s, SchedState.Lock l, long address) {
        l.owner = e.contextId();
        s.heldWhere.put(e.contextId() + ":" + address, e.callerWhere());
        s.held.computeIfAbsent(e.contextId(), k -> new ArrayList<>()).add(address);
        e.trace(EventKind.LOCK_ACQUIRE, DevicePrimitives.objectId(e, address), address, 0, l.name);
    }

    /**
     * lockdep: record held -> this edges; a path back from this lock to a held one is a possible deadlock. A report
     * turns lockdep off (debug_locks_off); the acquisition itself goes on.
     */
    private static void checkOrder(Env e, SchedState s, long address, SchedState.Lock l, int kind, int flags) {
        String usage = e.contextKind() == ContextKind.HARDIRQ
                ? "IN-HARDIRQ-W"
                : (kind == SPIN || kind == RW)
                                && (flags & IRQS_OFF) == 0
                                && e.contextKind() == ContextKind.PROCESS
                                && s.irqsOff.getOrDefault(e.contextId(), 0) == 0
                        ? "HARDIRQ-ON-W"
                        : null;
        if (usage != null) {
            String other = usage.equals("IN-HARDIRQ-W") ? "HARDIRQ-ON-W" : "IN-HARDIRQ-W";
            String otherWhere = s.lockUsage.get(address + ":" + other);
            s.lockUsage.putIfAbsent(address + ":" + usage, e.callerWhere());
            if (otherWhere != null) {
                inconsistent(e, l, address, usage, other, otherWhere);
                return;
            }
        }
        String where = e.callerWhere();
        for (long h : s.held(e.contextId())) {
            if (h == address) continue;
            List<Long> path = path(s, address, h);
            if (path != null) {
                circular(e, s, l, address, h, path);
                return;
            }
            s.lockGraph.computeIfAbsent(h, k -> new LinkedHashMap<>()).putIfAbsent(address, where);
        }
    }

    /** A dependency path from -> ... -> to in the lock graph, or null. */
    private static List<Long> path(SchedState s, long from, long to) {
        List<Long> stack = new ArrayList<>();
        return dfs(s, from, to, stack, new HashSet<>()) ? stack : null;
    }

    private static boolean dfs(SchedState s, long at, long to, List<Long> stack, Set<Long> seen) {
        stack.add(at);
        if (at == to) return true;
        if (seen.add(at)) {
            for (long next : s.lockGraph.getOrDefault(at, Map.of()).keySet()) {
                if (dfs(s, next, to, stack, seen)) return true;
            }
        }
        stack.remove(stack.size() - 1);
        return false;
    }

    private static void circular(Env e, SchedState s, SchedState.Lock l, long address, long held, List<Long> path) {
        String task = e.comm() + "/" + e.pid();
        StringBuilder t = new StringBuilder();
        t.append("======================================================\n");
        t.append("WARNING: possible circular locking dependency detected\n");
        t.append(ident(e)).append('\n');
        t.append("------------------------------------------------------\n");
        t.append(task).append(" is trying to acquire lock:\n");
        t.append(String.format("%s (%s){+.+.}-{3:3}, at: %s%n", Addresses.hex(address), l.name, e.callerWhere()));
        t.append("\nbut task is already holding lock:\n");
        t.append(String.format(
                "%s (%s){+.+.}-{3:3}, at: %s%n",
                Addresses.hex(held), s.lockName(held), s.heldWhere.getOrDefault(e.contextId() + ":" + held, "?")));
        t.append("\nwhich lock already depends on the new lock.\n\n");
        t.append("the existing dependency chain (in reverse order) is:\n");
        for (int i = path.size() - 1; i > 0; i--) {
            long a = path.get(i - 1);
            long b = path.get(i);
            t.append(String.format(
                    "%n-> #%d (%s){+.+.}-{3:3}:%n       taken under %s at %s%n",
                    i, s.lockName(b), s.lockName(a), s.lockGraph.get(a).get(b)));
        }
        t.append("\n other info that might help us debug this:\n\n");
        t.append(" Possible unsafe locking scenario:\n\n");
        t.append("       CPU0                    CPU1\n");
        t.append("       ----                    ----\n");
        t.append(String.format("  lock(%s);%n", s.lockName(held)));
        t.append(String.format("                               lock(%s);%n", l.name));
        t.append(String.format("                               lock(%s);%n", s.lockName(held)));
        t.append(String.format("  lock(%s);%n", l.name));
        t.append("\n *** DEADLOCK ***\n");
        lockdep(e, "WARNING: possible circular locking dependency detected", t.toString());
    }

    private static void recursive(Env e, SchedState.Lock l, long address) {
        String t = "============================================\n"
                + "WARNING: possible recursive locking detected\n" + ident(e) + "\n"
                + "--------------------------------------------\n"
                + e.comm() + "/" + e.pid() + " is trying to acquire lock:\n"
                + Addresses.hex(address) + " (" + l.name + "){+.+.}-{3:3}, at: " + e.callerWhere() + "\n\n"
                + "but task is already holding lock:\n"
                + Addresses.hex(address) + " (" + l.name + "){+.+.}-{3:3}\n\n *** DEADLOCK ***\n";
        lockdep(e, "WARNING: possible recursive locking detected", t);
    }

    private static void inconsistent(
            Env e, SchedState.Lock l, long address, String now, String before, String beforeWhere) {
        String t = "================================\n" + "WARNING: inconsistent lock state\n" + ident(e) + "\n"
                + "--------------------------------\n"
                + "inconsistent {" + before + "} -> {" + now + "} usage.\n"
                + e.comm() + "/" + e.pid() + " takes:\n"
                + Addresses.hex(address) + " (" + l.name + "){?.+.}-{2:2}, at: " + e.callerWhere() + "\n"
                + "{" + before + "} state was registered at:\n  " + beforeWhere + "\n\n"
                + " Possible unsafe locking scenario:\n\n       CPU0\n       ----\n  lock(" + l.name + ");\n"
                + "  <Interrupt>\n    lock(" + l.name + ");\n\n *** DEADLOCK ***\n";
        lockdep(e, "WARNING: inconsistent lock state", t);
    }

    /**
     * kernel/locking/lockdep.c's lockdep_rcu_suspicious (6.1): a warning, and it leaves debug_locks on (later
     * lockdep reports still come). The held locks are lockdep_print_held_locks', rcu_read_lock among them.
     */
    private static void suspiciousRcu(Env e, SchedState s, String site, String what) {
        StringBuilder t = new StringBuilder();
        t.append("\n=============================\n");
        t.append("WARNING: suspicious RCU usage\n");
        t.append(ident(e)).append('\n');
        t.append("-----------------------------\n");
        t.append(site).append(' ').append(what).append("!\n");
        t.append("\nother info that might help us debug this:\n\n");
        t.append("\nrcu_scheduler_active = 2, debug_locks = 1\n");
        List<Long> held = s.held(e.contextId());
        int rcu = s.rcuDepth(e.contextId());
        int depth = held.size() + rcu;
        if (depth == 0) {
            t.append("no locks held by ")
                    .append(e.comm())
                    .append('/')
                    .append(e.pid())
                    .append(".\n");
        } else {
            t.append(depth)
                    .append(depth > 1 ? " locks" : " lock")
                    .append(" held by ")
                    .append(e.comm())
                    .append('/')
                    .append(e.pid())
                    .append(":\n");
            int i = 0;
            for (long h : held) {
                t.append(String.format(
                        " #%d: %s (%s){+.+.}-{3:3}, at: %s%n",
                        i++, Addresses.hex(h), s.lockName(h), s.heldWhere.getOrDefault(e.contextId() + ":" + h, "?")));
            }
            for (int r = 0; r < rcu; r++) {
                t.append(String.format(
                        " #%d: %s (rcu_read_lock){....}-{1:2}, at: rcu_lock_acquire+0x0/0x30%n",
                        i++, Addresses.hex(RCU_LOCK_MAP)));
            }
        }
        e.warning(
                "suspicious-rcu",
                "WARNING: suspicious RCU usage",
                t.toString().stripTrailing(),
                "lockdep_rcu_suspicious+0x1a4/0x200");
    }

    /** Where kernel/rcu/update.c's rcu_lock_map would be: a fixed kernel data address (it is no simulated object). */
    private static final long RCU_LOCK_MAP = 0xffffffff82a3c5e0L;

    /** print_kernel_ident: release, version and print_tainted(), as the kernel is now. */
    private static String ident(Env e) {
        return e.kernel().version().releaseAndVersion() + " " + e.kernel().printTainted();
    }

    /** A lockdep report: a warning, after which lockdep is off (debug_locks_off) and the kernel carries on. */
    private static void lockdep(Env e, String title, String text) {
        e.kernel().sched.debugLocks = false;
        e.warning("lockdep", title, text);
    }
}

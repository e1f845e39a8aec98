package dev.driverlab.kernel;

/**
 * refcount_t (lib/refcount.c): arithmetic on the count in memory, traced as refcount events; misuse (addition
 * on 0, underflow, hitting 0 in refcount_dec) is a {@code refcount} report with the kernel's own warning text.
 */
final class RefcountPrimitives {
    private RefcountPrimitives() {}

    private static final long SATURATED = 0xc0000000L;

    static void register(Primitives p) {
        p.add("refcount_set", (e, a) -> {
            long from = e.memory().read(a[0], 4, true);
            e.memory().write(a[0], 4, a[1]);
            e.trace(EventKind.REFCOUNT, DevicePrimitives.objectId(e, a[0]), from, a[1], e.describe(a[0]));
            return 0;
        });
        p.add("refcount_read", (e, a) -> e.memory().read(a[0], 4, false));
        p.add("refcount_inc", (e, a) -> add(e, a[0], 1, false));
        p.add("refcount_add", (e, a) -> add(e, a[1], (int) a[0], false));
        p.add("refcount_inc_not_zero", (e, a) -> {
            if (e.memory().read(a[0], 4, true) == 0) return 0;
            add(e, a[0], 1, false);
            return 1;
        });
        p.add("refcount_dec", (e, a) -> {
            long old = e.memory().read(a[0], 4, true);
            if (old == 1) {
                warn(e, a[0], old, "refcount_t: decrement hit 0; leaking memory.");
                return 0;
            }
            return add(e, a[0], -1, false);
        });
        p.add("refcount_dec_and_test", (e, a) -> add(e, a[0], -1, true));
        p.add("refcount_sub_and_test", (e, a) -> add(e, a[1], (int) -a[0], true));
    }

    /** Adds delta; returns (for the *_and_test forms) whether the count reached zero. */
    private static long add(Env e, long r, int delta, boolean test) {
        long old = e.memory().read(r, 4, true);
        if (old == SATURATED || old < 0) return 0;
        if (delta > 0 && old == 0) {
            warn(e, r, old, "refcount_t: addition on 0; use-after-free.");
            return 0;
        }
        long now = old + delta;
        if (now < 0) {
            warn(e, r, old, "refcount_t: underflow; use-after-free.");
            return 0;
        }
        e.memory().write(r, 4, now);
        e.trace(EventKind.REFCOUNT, DevicePrimitives.objectId(e, r), old, now, e.describe(r));
        return test && now == 0 ? 1 : 0;
    }

    /** refcount_warn_saturate: the count saturates (never reaches a release again) and the kernel warns. */
    private static void warn(Env e, long r, long old, String title) {
        e.memory().write(r, 4, SATURATED);
        e.trace(EventKind.REFCOUNT, DevicePrimitives.objectId(e, r), old, SATURATED, e.describe(r));
        e.report(
                "refcount",
                title,
                "------------[ cut here ]------------\n" + title + "\nWARNING: CPU: " + e.cpu()
                        + " PID: " + e.pid() + " at lib/refcount.c:28 refcount_warn_saturate+0xba/0x110\n"
                        + "refcount of "
                        + e.describe(r) + " was " + old);
    }
}

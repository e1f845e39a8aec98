package dev.driverlab.kernel;

/**
 * Where kmalloc's memory comes from, with the kernel's two ways to fail (mm/slab_common.c, mm/page_alloc.c of
 * 6.1, x86-64 SLUB): a request above KMALLOC_MAX_SIZE needs a page order the buddy allocator does not have, so
 * __alloc_pages warns once and returns NULL; a request the machine's RAM cannot satisfy fails with the
 * rate-limited "page allocation failure" warning (warn_alloc). __GFP_NOWARN silences both; the caller gets NULL.
 * The OOM killer is not simulated: memory is never reclaimed by killing a task.
 */
final class PageAllocator {
    private PageAllocator() {}

    static final int PAGE_SHIFT = 12;
    /** The buddy allocator's orders are 0 .. MAX_ORDER - 1. */
    static final int MAX_ORDER = 11;
    /** KMALLOC_SHIFT_MAX = MAX_ORDER + PAGE_SHIFT - 1: 4 MiB. */
    static final long KMALLOC_MAX_SIZE = 1L << (MAX_ORDER + PAGE_SHIFT - 1);

    static final long GFP_NOWARN = 0x2000;
    /** lib/ratelimit.c defaults warn_alloc uses: 10 messages per 5 seconds. */
    static final int RATELIMIT_BURST = 10;

    static final long RATELIMIT_INTERVAL = 5L * SchedPrimitives.HZ;

    /** A slab (or large kmalloc) object of {@code size} bytes, or null when the allocation fails. */
    static MemObject allocate(Env e, long size, long gfp, MemObject.Kind kind, String allocator) {
        if (size < 0 || size > KMALLOC_MAX_SIZE) {
            if ((gfp & GFP_NOWARN) == 0) PrintkPrimitives.warnOnce(e, "__alloc_pages", null);
            return null;
        }
        if (!e.memory().fits(size)) {
            if ((gfp & GFP_NOWARN) == 0) failure(e, "page allocation failure: order:" + order(size), gfp);
            return null;
        }
        return e.memory().allocate((int) size, kind, null, e.site(allocator));
    }

    /** get_order: the smallest order of pages that holds {@code size} bytes. */
    static int order(long size) {
        int order = 0;
        while ((1L << (order + PAGE_SHIFT)) < size) order++;
        return order;
    }

    /** warn_alloc's report of {@code what} (its %pV), at most RATELIMIT_BURST of them every RATELIMIT_INTERVAL. */
    static void failure(Env e, String what, long gfp) {
        KernelState k = e.kernel();
        long now = k.jiffies();
        if (k.allocWarnBegin == 0 || now - k.allocWarnBegin >= RATELIMIT_INTERVAL) {
            if (k.allocWarnMissed > 0) e.log("warn_alloc: " + k.allocWarnMissed + " callbacks suppressed");
            k.allocWarnBegin = now;
            k.allocWarnPrinted = 0;
            k.allocWarnMissed = 0;
        }
        if (k.allocWarnPrinted >= RATELIMIT_BURST) {
            k.allocWarnMissed++;
            return;
        }
        k.allocWarnPrinted++;
        String line = e.comm() + ": " + what + ", mode:" + mode(gfp) + ", nodemask=(null),cpuset=/,mems_allowed=0";
        e.log(line);
        e.trace(EventKind.WARNING, 0, 0, 0, line);
    }

    /** {@code 0xcc0(GFP_KERNEL)}, as %#x(%pGg) prints the mask. */
    private static String mode(long gfp) {
        String name = gfp == 0xcc0
                ? "GFP_KERNEL"
                : gfp == 0xa20
                        ? "GFP_ATOMIC"
                        : gfp == 0x800
                                ? "GFP_NOWAIT"
                                : gfp == 0xdc0
                                        ? "GFP_KERNEL|__GFP_ZERO"
                                        : gfp == 0x400cc0 ? "GFP_KERNEL_ACCOUNT" : "0x" + Long.toHexString(gfp);
        return "0x" + Long.toHexString(gfp) + "(" + name + ")";
    }
}

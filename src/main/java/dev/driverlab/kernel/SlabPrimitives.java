package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * What mm/slub.c keeps in struct slab and the per-node lists, for kmem_cache_create'd caches: which objects a cache
 * has handed out (each a simulated object of the cache's object_size, KASAN-checked like kmalloc's), in which slab of
 * the cache each sits, and the BUG SLUB prints when a cache is shut down with objects left (list_slab_objects).
 */
final class SlabPrimitives {
    private SlabPrimitives() {}

    /** mm/slub.c's slub_min_order/max_order defaults: a slab is at most 2^3 pages. */
    static final int SLUB_MAX_ORDER = 3;

    static void register(Primitives p) {
        // slab_alloc (mm/slub.c, inlined into kmem_cache_alloc): a new object of the cache, or NULL
        p.add("slab_alloc", (e, a) -> {
            if (!MemoryPrimitives.mayBlock(e, a[1])) return 0;
            long s = a[0];
            int size = (int) e.readField(s, "kmem_cache", "object_size", 4);
            MemObject o = PageAllocator.allocate(e, size, a[1], MemObject.Kind.KMALLOC, null);
            if (o == null) return 0;
            o.slabCache = s;
            o.cacheName = e.memory().readString(e.readField(s, "kmem_cache", "name", 8));
            o.cacheObjectSize = size;
            o.slabIndex = (int) e.readField(s, "kmem_cache", "allocated", 4);
            e.writeField(s, "kmem_cache", "allocated", 4, o.slabIndex + 1);
            e.trace(EventKind.ALLOC, o.id, o.base, size, "kmem_cache_alloc " + o.cacheName);
            return o.base;
        });
        p.add("slab_free", (e, a) -> { // the free track starts at kmem_cache_free, the C function calling it
            MemObject o = e.memory().free(a[1], e.site(null));
            e.trace(EventKind.FREE, o.id, o.base, o.size, "kmem_cache_free " + o.cacheName);
            return 0;
        });
        // cache_from_obj with CONFIG_SLAB_FREELIST_HARDENED (mm/slab.h): the object's own cache frees it
        p.add("cache_from_obj", (e, a) -> {
            MemObject o = e.memory().find(a[1]);
            if (o == null || o.kind != MemObject.Kind.KMALLOC) {
                if (e.kernel().warnedOnce.add("virt_to_cache")) {
                    PrintkPrimitives.kernelWarn(
                            e, "mm/slab.h:674 virt_to_cache+0x0/0x100", "virt_to_cache: Object is not a Slab page!");
                }
                return 0;
            }
            if (o.slabCache != a[0]) {
                String name = e.memory().readString(e.readField(a[0], "kmem_cache", "name", 8));
                PrintkPrimitives.kernelWarn(
                        e,
                        "mm/slab.h:728 cache_from_obj+0x0/0x100",
                        "cache_from_obj: Wrong slab" + " cache. " + name + " but object is from " + o.cache());
            }
            return a[0];
        });
        p.add("__kmem_cache_shutdown", (e, a) -> shutdown(e, a[0]));
    }

    /** objects per slab: calculate_order's smallest order (from slub_min_objects = 4 * (fls(nr_cpu_ids) + 1)). */
    static int objectsPerSlab(Env e, int size) {
        int cpus = e.kernel().cpus();
        int minObjects = 4 * (32 - Integer.numberOfLeadingZeros(cpus) + 1);
        int order = PageAllocator.order((long) minObjects * size);
        order = Math.min(order, SLUB_MAX_ORDER);
        return Math.max(1, (4096 << order) / size);
    }

    /**
     * __kmem_cache_shutdown: every partial slab that still has objects in use is reported by list_slab_objects
     * (slab_err's BUG, the slab, dump_stack, then one line per object in use); full slabs are on no list and are not
     * listed. Returns 1 (the cache stays) if any object is left.
     */
    private static long shutdown(Env e, long s) {
        List<MemObject> left = new ArrayList<>();
        for (MemObject o : e.memory().objects()) if (o.live && o.slabCache == s) left.add(o);
        if (left.isEmpty()) return 0;
        String name = e.memory().readString(e.readField(s, "kmem_cache", "name", 8));
        int size = (int) e.readField(s, "kmem_cache", "size", 4);
        int perSlab = objectsPerSlab(e, size);
        int from = 0;
        while (from < left.size()) {
            int slab = left.get(from).slabIndex / perSlab;
            int to = from;
            while (to < left.size() && left.get(to).slabIndex / perSlab == slab) to++;
            if (to - from < perSlab) listSlabObjects(e, name, slab, perSlab, size, left.subList(from, to));
            from = to;
        }
        return 1;
    }

    private static void listSlabObjects(Env e, String name, int slab, int perSlab, int size, List<MemObject> used) {
        e.log("=============================================================================");
        e.log("BUG " + name + " (" + e.kernel().printTainted() + "): Objects remaining in " + name
                + " on __kmem_cache_shutdown()");
        e.log("-----------------------------------------------------------------------------");
        e.log("");
        long first = used.get(0).base - (long) (used.get(0).slabIndex % perSlab) * size;
        long freePointer = 0;
        for (int i = 0; i < perSlab && freePointer == 0; i++) {
            final int index = slab * perSlab + i;
            if (used.stream().noneMatch(o -> o.slabIndex == index)) freePointer = first + (long) i * size;
        }
        e.log("Slab 0x" + Addresses.hex(slabPage(first)) + " objects=" + perSlab + " used=" + used.size() + " fp=0x"
                + Addresses.hex(freePointer) + " flags=0x200(slab|node=0|zone=1)");
        e.dumpStack("slab_err+0xa9/0xd0", "__kmem_cache_shutdown+0x16c/0x310");
        // add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE): lockdep goes off, saying so the first time
        if (e.kernel().sched().debugLocks()) e.log("Disabling lock debugging due to kernel taint");
        e.kernel().sched().debugLocksOff();
        e.kernel().taint();
        e.trace(
                EventKind.WARNING,
                used.get(0).id,
                used.get(0).base,
                0,
                "BUG " + name + ": Objects remaining in " + name + " on __kmem_cache_shutdown()");
        for (MemObject o : used) {
            e.log("Object 0x" + Addresses.hex(o.base) + " @offset=" + (long) (o.slabIndex % perSlab) * size);
        }
    }

    /** The slab's struct slab (its first page's struct page) in the vmemmap, as %p shows it. */
    private static long slabPage(long address) {
        return 0xffffea0000000000L + ((address - Addresses.HEAP) >>> 12) * 64;
    }
}

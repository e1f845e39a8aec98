package dev.driverlab.kernel;

import java.util.Map;
import java.util.TreeMap;

/**
 * ID allocators (lib/idr.c): an IDA hands out the lowest free number in a range (minors, instance numbers), an
 * IDR also maps each number to a pointer. Kept in Java by the allocator's address; the pointers count as
 * references for kmemleak.
 */
final class IdPrimitives {
    private IdPrimitives() {}

    static void register(Primitives p) {
        p.add("ida_alloc_range", (e, a) -> alloc(e, a[0], (int) a[1], (int) a[2], 0));
        p.add("ida_alloc", (e, a) -> alloc(e, a[0], 0, Integer.MAX_VALUE, 0));
        p.add("ida_alloc_min", (e, a) -> alloc(e, a[0], (int) a[1], Integer.MAX_VALUE, 0));
        p.add("ida_alloc_max", (e, a) -> alloc(e, a[0], 0, (int) a[1], 0));
        p.add(
                "ida_simple_get",
                (e, a) -> alloc(e, a[0], (int) a[1], a[2] == 0 ? Integer.MAX_VALUE : (int) a[2] - 1, 0));
        p.add("ida_free", (e, a) -> free(e, a[0], (int) a[1], "ida_free"));
        p.add("ida_simple_remove", (e, a) -> free(e, a[0], (int) a[1], "ida_free"));
        p.add("ida_destroy", (e, a) -> {
            e.kernel().ids.remove(a[0]);
            return 0;
        });
        p.add("idr_init", (e, a) -> {
            e.kernel().ids.remove(a[0]);
            return 0;
        });
        p.add("idr_alloc", (e, a) -> alloc(e, a[0], (int) a[2], a[3] <= 0 ? Integer.MAX_VALUE : (int) a[3] - 1, a[1]));
        p.add("idr_find", (e, a) -> ids(e, a[0]).getOrDefault((int) a[1], 0L));
        p.add("idr_remove", (e, a) -> {
            Long ptr = ids(e, a[0]).remove((int) a[1]);
            return ptr == null ? 0 : ptr;
        });
        p.add("idr_destroy", (e, a) -> {
            e.kernel().ids.remove(a[0]);
            return 0;
        });
    }

    private static Map<Integer, Long> ids(Env e, long allocator) {
        return e.kernel().ids.computeIfAbsent(allocator, k -> new TreeMap<>());
    }

    /** The lowest free id in [min, max], or -ENOSPC. */
    private static long alloc(Env e, long allocator, int min, int max, long ptr) {
        Map<Integer, Long> ids = ids(e, allocator);
        for (int id = Math.max(0, min); id <= max && id >= 0; id++) {
            if (!ids.containsKey(id)) {
                ids.put(id, ptr);
                return id;
            }
        }
        return -Errno.ENOSPC.number;
    }

    private static long free(Env e, long allocator, int id, String who) {
        if (ids(e, allocator).remove(id) == null) {
            e.log("------------[ cut here ]------------");
            e.log(who + " called for id=" + id + " which is not allocated.");
            e.log("WARNING: CPU: " + e.cpu() + " PID: " + e.pid() + " at lib/idr.c:525 ida_free");
            e.trace(EventKind.WARNING, 0, id, 0, who + " called for id=" + id + " which is not allocated.");
        }
        return 0;
    }
}

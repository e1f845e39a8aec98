package dev.driverlab.kernel;

import java.util.List;
import java.util.function.LongPredicate;

/**
 * kmemleak's verdict (mm/kmemleak.c, simplified to one scan when the script ends, as `echo scan` would):
 * memory an unloaded module's own code allocated that is still live and that nothing points into.
 */
public final class Kmemleak {
    private Kmemleak() {}

    /** The first object the module's own code allocated that is still live and nothing refers to, or null. */
    public static MemObject unreferenced(KernelState k, String module) {
        Memory mem = k.memory();
        String tag = " [" + module + "]";
        for (MemObject o : mem.objects()) {
            boolean tracked = o.kind == MemObject.Kind.KMALLOC || o.kind == MemObject.Kind.VMALLOC; // kmemleak_vmalloc
            if (!o.live || !tracked || o.allocated == null) continue;
            List<String> stack = o.allocated.stack();
            if (stack.size() < 2 || !stack.get(1).endsWith(tag)) continue; // allocated by the module's own code
            if (referenced(mem, o) || heldByKernel(k, o)) continue;
            return o;
        }
        return null;
    }

    /** Whether any other live memory holds a pointer into the object (8-byte aligned, as kmemleak scans). */
    private static boolean referenced(Memory mem, MemObject target) {
        long lo = target.base;
        long hi = target.base + target.size;
        for (MemObject o : mem.objects()) {
            if (o == target || !o.live || o.kind == MemObject.Kind.USER || o.bytes == null) continue;
            byte[] b = o.bytes;
            for (int i = 0; i + 8 <= b.length; i += 8) {
                long v = 0;
                for (int k = 7; k >= 0; k--) v = v << 8 | (b[i + k] & 0xff);
                if (v >= lo && v < hi) return true;
            }
        }
        return false;
    }

    /** References the simulation keeps outside memory: queued RCU callbacks, work, timers, devres, IRQ actions. */
    private static boolean heldByKernel(KernelState k, MemObject o) {
        LongPredicate in = a -> a >= o.base && a < o.base + o.size;
        for (var cb : k.defer.callbacks) if (in.test(cb.head())) return true;
        for (long t : k.defer.timers.keySet()) if (in.test(t)) return true;
        for (var q : k.defer.work.values()) for (var w : q) if (in.test(w.work())) return true;
        for (long w : k.defer.runningWork.keySet()) if (in.test(w)) return true;
        for (var list : k.devres.values()) for (DevresEntry d : list) if (in.test(d.res())) return true;
        for (IrqLine line : k.irqs.values()) for (long action : line.actions) if (in.test(action)) return true;
        for (long f : k.vfs().files.values()) if (in.test(f)) return true;
        for (var ids : k.ids.values()) for (long ptr : ids.values()) if (in.test(ptr)) return true;
        return false;
    }

    /** kmemleak's report of an object, as /sys/kernel/debug/kmemleak shows it. */
    public static String text(MemObject o, long jiffies) {
        StringBuilder t = new StringBuilder();
        t.append("unreferenced object 0x")
                .append(Addresses.hex(o.base))
                .append(" (size ")
                .append(o.size)
                .append("):\n");
        t.append("  comm \"")
                .append(o.allocated.comm())
                .append("\", pid ")
                .append(o.allocated.pid())
                .append(", jiffies ")
                .append(jiffies)
                .append('\n');
        t.append("  hex dump (first ").append(Math.min(16, o.size)).append(" bytes):\n    ");
        byte[] bytes = o.bytes();
        for (int i = 0; i < Math.min(16, o.size); i++) t.append(String.format("%02x ", bytes[i] & 0xff));
        t.append("\n  backtrace:\n");
        t.append("    [<ffffffff81234567>] __kmem_cache_alloc_node+0x1d5/0x2f0\n");
        for (String f : o.allocated.stack())
            t.append("    [<").append(Addresses.hex(0)).append(">] ").append(f).append('\n');
        return t.toString().stripTrailing();
    }
}

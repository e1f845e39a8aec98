package dev.driverlab.kernel;

/**
 * MMIO (lib/devres.c devm_ioremap_resource, asm/io.h): a mapping is simulated memory standing for the device's
 * registers, so readl/writel after the mapping went away (devres released it at unbind) is caught by KASAN.
 */
final class IoPrimitives {
    private IoPrimitives() {}

    /**
     * The most bytes of device memory a mapping stands for (ISA's 0xa0000-0xfffff, LDD3's silly, fits): past it
     * an access is KASAN's out-of-bounds, where a real machine would read whatever the bus answers.
     */
    static final long MAX_MAPPING = 0x60000;

    static void register(Primitives p) {
        p.add("devm_ioremap_resource", (e, a) -> {
            if (a[1] == 0) return -Errno.EINVAL.number; // ERR_PTR
            long start = e.readField(a[1], "resource", "start", 8);
            long end = e.readField(a[1], "resource", "end", 8);
            return map(e, a[0], end - start + 1, start);
        });
        p.add("devm_ioremap", (e, a) -> map(e, a[0], a[2], a[1]));
        p.add("ioremap", (e, a) -> {
            long addr = MemoryPrimitives.alloc(
                    e, Math.min(Math.max(a[1], 4), MAX_MAPPING), MemoryPrimitives.GFP_KERNEL, "ioremap");
            label(e, addr, a[0]);
            return addr;
        });
        p.add("iounmap", (e, a) -> MemoryPrimitives.free(e, a[0], "iounmap"));
        p.add("readl", (e, a) -> e.memory().read(a[0], 4, false));
        p.add("ioread32", (e, a) -> e.memory().read(a[0], 4, false));
        p.add("readw", (e, a) -> e.memory().read(a[0], 2, false));
        p.add("readb", (e, a) -> e.memory().read(a[0], 1, false));
        p.add("readq", (e, a) -> e.memory().read(a[0], 8, false));
        p.add("ioread16", (e, a) -> e.memory().read(a[0], 2, false));
        p.add("ioread8", (e, a) -> e.memory().read(a[0], 1, false));
        p.add("writel", (e, a) -> write(e, a[1], 4, a[0]));
        p.add("iowrite32", (e, a) -> write(e, a[1], 4, a[0]));
        p.add("writew", (e, a) -> write(e, a[1], 2, a[0]));
        p.add("writeb", (e, a) -> write(e, a[1], 1, a[0]));
        p.add("writeq", (e, a) -> write(e, a[1], 8, a[0]));
        p.add("iowrite16", (e, a) -> write(e, a[1], 2, a[0]));
        p.add("iowrite8", (e, a) -> write(e, a[1], 1, a[0]));
        p.add("access_ok", (e, a) -> 1);
    }

    private static long map(Env e, long dev, long size, long phys) {
        long addr = DevicePrimitives.devmAlloc(
                e, dev, Math.min(Math.max(size, 4), MAX_MAPPING), MemoryPrimitives.GFP_KERNEL, "devm_ioremap");
        label(e, addr, phys);
        return addr;
    }

    private static void label(Env e, long addr, long phys) {
        MemObject o = e.memory().find(addr);
        if (o != null) e.memory().setLabel(o, String.format("MMIO at %#x", phys));
    }

    private static long write(Env e, long addr, int size, long value) {
        e.memory().write(addr, size, value);
        return 0;
    }
}

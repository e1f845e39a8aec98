package dev.driverlab.kernel;

/**
 * The synthetic but stable address map (x86-64 style), so printed pointers look like a kernel's and never depend
 * on the JVM: slab objects in the direct map, the kernel image at 0xffffffff81000000, modules above 0xffffffffc0.
 */
public final class Addresses {
    private Addresses() {}

    public static final long HEAP = 0xffff888001000000L;
    public static final int HEAP_SHIFT = 16;
    /** Objects of more than one heap slot (kmalloc of up to KMALLOC_MAX_SIZE, stacks) sit higher in the direct map. */
    public static final long LARGE = HEAP + (1L << 40);

    public static final int LARGE_SHIFT = 23;
    /** The largest object a heap slot holds (a 64 KiB slot keeps one redzone); larger ones take a large slot. */
    public static final int SLOT_MAX = (1 << HEAP_SHIFT) - 64;

    /**
     * vmalloc space (VMALLOC_START with 4-level paging): an area per object, 16 MiB apart, so an access past an
     * area's pages lands in its guard page, unmapped, as the kernel's does.
     */
    public static final long VMALLOC = 0xffffc90000000000L;

    public static final int VMALLOC_SHIFT = 24;
    /** The largest vmalloc area a slot holds, a guard page kept. */
    public static final int VMALLOC_MAX = (1 << VMALLOC_SHIFT) - 4096;

    public static final long KERNEL_TEXT = 0xffffffff81000000L;
    public static final long BUILTIN_TEXT = 0xffffffff81800000L;
    public static final long KERNEL_DATA = 0xffffffff82000000L;
    public static final long MODULES = 0xffffffffc0000000L;
    public static final int MODULE_SHIFT = 24;
    public static final long MODULE_DATA_OFFSET = 0x800000L;
    public static final int FUNCTION_SHIFT = 8;

    public static long heap(int id) {
        return HEAP + ((long) id << HEAP_SHIFT);
    }

    public static long large(int id) {
        return LARGE + ((long) id << LARGE_SHIFT);
    }

    /** The object id an address in the heap falls in (0 if none can). */
    public static int heapId(long a) {
        long id = a < LARGE ? (a - HEAP) >>> HEAP_SHIFT : (a - LARGE) >>> LARGE_SHIFT;
        return id < Integer.MAX_VALUE ? (int) id : 0;
    }

    public static long moduleText(int slot) {
        return MODULES + ((long) slot << MODULE_SHIFT);
    }

    public static long moduleData(int slot) {
        return moduleText(slot) + MODULE_DATA_OFFSET;
    }

    public static long vmalloc(int id) {
        return VMALLOC + ((long) id << VMALLOC_SHIFT);
    }

    /** Whether a points into vmalloc space (is_vmalloc_addr); 32 TiB of it, as on x86-64. */
    public static boolean isVmalloc(long a) {
        return Long.compareUnsigned(a, VMALLOC) >= 0 && Long.compareUnsigned(a, VMALLOC + (1L << 45)) < 0;
    }

    /** The object id a vmalloc address falls in. */
    public static int vmallocId(long a) {
        return (int) ((a - VMALLOC) >>> VMALLOC_SHIFT);
    }

    public static boolean isHeap(long a) {
        return a >= HEAP && a < LARGE + (1L << 45);
    }

    /** The kernel image's data (vmlinux: its string literals are is_kernel_rodata). */
    public static boolean isKernelData(long a) {
        return Long.compareUnsigned(a, KERNEL_DATA) >= 0 && Long.compareUnsigned(a, MODULES) < 0;
    }

    public static boolean isModule(long a) {
        return Long.compareUnsigned(a, MODULES) >= 0 && Long.compareUnsigned(a, 0xffffffffff000000L) < 0;
    }

    public static int moduleSlot(long a) {
        return (int) ((a - MODULES) >>> MODULE_SHIFT);
    }

    /** An address as 16 lowercase hex digits, zero-padded (printf's {@code %016lx}, which %p prints here). */
    public static String hex(long a) {
        String digits = Long.toHexString(a);
        return digits.length() == 16 ? digits : "0".repeat(16 - digits.length()) + digits;
    }
}

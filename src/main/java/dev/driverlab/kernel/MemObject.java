package dev.driverlab.kernel;

import java.util.Arrays;

/**
 * One piece of simulated memory: a slab allocation, a module's data, the kernel's data or a task's stack.
 * Contents are real bytes (little-endian), so casts through {@code unsigned long} and memcpy behave as in C.
 * The bytes exist only once something is written: memory never written reads as zeroes and costs no Java heap.
 */
public final class MemObject {
    public enum Kind { KMALLOC, DEVRES, STACK, MODULE_DATA, KERNEL_DATA, KERNEL_OBJECT, USER }

    public final int id;
    public final long base;
    public final int size;
    public final Kind kind;
    /** The contents, or null while nothing was written (all zeroes). */
    byte[] bytes;
    /** The addressable variables of a stack or a module's data; null when the whole object is addressable. */
    Shadow shadow;
    /** The bytes are shared with a snapshot: copy them before the first write (copy-on-write snapshots). */
    private boolean shared;
    private int hash;
    String type;
    String label;
    boolean live = true;
    Site allocated;
    Site freed;

    MemObject(int id, long base, int size, Kind kind, String type, Site allocated) {
        this(id, base, size, kind, type, allocated, null);
    }

    private MemObject(int id, long base, int size, Kind kind, String type, Site allocated, byte[] bytes) {
        this.id = id;
        this.base = base;
        this.size = size;
        this.kind = kind;
        this.type = type;
        this.bytes = bytes;
        this.allocated = allocated;
    }

    /** The bytes, for writing: a private copy if they are still shared with a snapshot. */
    byte[] writable() {
        if (bytes == null) {
            bytes = new byte[Math.max(size, 1)];
            shared = false;
        } else if (shared) {
            bytes = Arrays.copyOf(bytes, bytes.length);
            shared = false;
        }
        hash = 0;
        return bytes;
    }

    /** A hash of the contents, cached until the next write. */
    int contentHash() {
        if (hash == 0) hash = bytes == null ? 1 : Arrays.hashCode(bytes) | 1;
        return hash;
    }

    MemObject copy() {
        MemObject c = new MemObject(id, base, size, kind, type, allocated, bytes);
        shared = true;
        c.shared = true;
        c.hash = hash;
        c.label = label;
        c.live = live;
        c.freed = freed;
        c.shadow = shadow == null ? null : shadow.copy();
        return c;
    }

    public boolean live() { return live; }

    public String type() { return type; }

    public String label() { return label; }

    public Site allocated() { return allocated; }

    public Site freed() { return freed; }

    /** The contents (a fresh array of zeroes if nothing was ever written). */
    public byte[] bytes() { return bytes != null ? bytes : new byte[Math.max(size, 1)]; }

    /** The Java heap the contents take: 0 while nothing was written. */
    public int heapBytes() { return bytes == null ? 0 : bytes.length; }

    /** Whether the contents are the very array {@code other} holds (a copy neither has written since). */
    public boolean sharesContents(MemObject other) { return bytes == other.bytes; }

    /** Drops the contents of a freed object that left KASAN's quarantine: nothing may read them any more. */
    void discard() {
        bytes = null;
        shared = false;
        hash = 0;
    }

    public Shadow shadow() { return shadow; }

    /**
     * The slab cache KASAN names: the smallest kmalloc-N that fits; null above KMALLOC_MAX_CACHE_SIZE (two
     * pages), where kmalloc takes whole pages from the page allocator.
     */
    public String cache() {
        if (size > 2 * 4096) return null;
        int n = 8;
        while (n < size) n <<= 1;
        if (n > 64 && n <= 96) n = 96;
        else if (n > 128 && n <= 192) n = 192;
        return "kmalloc-" + n;
    }

    /** A short name for traces and the UI: the type if known, else the kind. */
    public String describe() {
        String what = type != null ? type : label != null ? label : kind.name().toLowerCase();
        return "#" + id + " " + what;
    }
}

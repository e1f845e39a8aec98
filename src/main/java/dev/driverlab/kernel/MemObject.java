package dev.driverlab.kernel;

import java.util.Arrays;

/**
 * One piece of simulated memory: a slab allocation, a module's data, the kernel's data or a task's stack.
 * Contents are real bytes (little-endian), so casts through {@code unsigned long} and memcpy behave as in C.
 */
public final class MemObject {
    public enum Kind { KMALLOC, DEVRES, STACK, MODULE_DATA, KERNEL_DATA, KERNEL_OBJECT, USER }

    public final int id;
    public final long base;
    public final int size;
    public final Kind kind;
    byte[] bytes;
    /** The bytes are shared with a snapshot: copy them before the first write (copy-on-write snapshots). */
    private boolean shared;
    private int hash;
    String type;
    String label;
    boolean live = true;
    Site allocated;
    Site freed;

    MemObject(int id, long base, int size, Kind kind, String type, Site allocated) {
        this(id, base, size, kind, type, allocated, new byte[Math.max(size, 1)]);
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
        if (shared) {
            bytes = Arrays.copyOf(bytes, bytes.length);
            shared = false;
        }
        hash = 0;
        return bytes;
    }

    /** A hash of the contents, cached until the next write. */
    int contentHash() {
        if (hash == 0) hash = Arrays.hashCode(bytes) | 1;
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
        return c;
    }

    public boolean live() { return live; }

    public String type() { return type; }

    public String label() { return label; }

    public Site allocated() { return allocated; }

    public Site freed() { return freed; }

    public byte[] bytes() { return bytes; }

    /** The slab cache KASAN names: the smallest kmalloc-N that fits. */
    public String cache() {
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

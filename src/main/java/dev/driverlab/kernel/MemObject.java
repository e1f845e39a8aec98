package dev.driverlab.kernel;

import java.util.Arrays;

/**
 * One piece of simulated memory: a slab allocation, a module's data, the kernel's data or a task's stack.
 * Contents are real bytes (little-endian), so casts through {@code unsigned long} and memcpy behave as in C.
 * The bytes exist only once something is written: memory never written reads as zeroes and costs no Java heap.
 */
public final class MemObject {
    public enum Kind {
        KMALLOC,
        DEVRES,
        STACK,
        MODULE_DATA,
        KERNEL_DATA,
        KERNEL_OBJECT,
        USER,
        /** A vmalloc area: whole pages, no KASAN (KASAN_VMALLOC is off), a guard page after, unmapped by vfree. */
        VMALLOC
    }

    public final int id;
    public final long base;
    public final int size;
    /**
     * How many bytes from the start KASAN lets the driver touch: the size asked for, until krealloc shrinks or grows
     * the object in place, or ksize opens the whole slab object (kasan_krealloc, kasan_unpoison_range).
     */
    int accessible;

    public final Kind kind;
    /** The contents, or null while nothing was written (all zeroes). */
    byte[] bytes;
    /**
     * The addressable variables of a stack or a module's data; null when the whole object is addressable. Read it
     * here directly; {@link #shadow()} hands it out for changing (a frame pushed or popped).
     */
    Shadow shadow;
    /** The shadow is shared with a snapshot: copy it before it is handed out for changing (copy-on-write). */
    private boolean shadowShared;
    /** The bytes are shared with a snapshot: copy them before the first write (copy-on-write snapshots). */
    private boolean shared;
    /**
     * The content hash, or {@link #UNHASHED}: the sum over the bytes of {@link #mix}(offset, byte), zero bytes adding
     * nothing. A sum does not depend on the order of the writes, so equal contents always hash equal. Once someone
     * asks for it (the explorer's fingerprints) every write keeps it ({@link #unhash} before, {@link #rehash} after),
     * so a state's fingerprint costs O(objects), not O(bytes); a plain run never asks, and its writes pay nothing.
     */
    private long sum = UNHASHED;

    /**
     * "Not kept": one field, not a value and a flag, because searches in two threads may both hash an object their
     * machines share, and a reader must never see a flag without its value. A sum that happens to equal it is just
     * summed again when asked for: still right.
     */
    private static final long UNHASHED = Long.MIN_VALUE;

    /** The {@link ObjectTable} token of the table that may change this object in place (see there). */
    Object owner;

    String type;
    String label;
    boolean live = true;
    Site allocated;
    Site freed;
    /** A kmem_cache object: its cache (struct kmem_cache *), name and object size, and its index in the cache. */
    long slabCache;

    String cacheName;
    int cacheObjectSize;
    int slabIndex;

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
        this.accessible = size;
    }

    /** The bytes, for writing: a private copy if they are still shared with a snapshot. */
    byte[] writable() {
        if (bytes == null) {
            bytes = new byte[Math.max(Math.max(size, accessible), 1)];
            shared = false;
        } else if (shared) {
            bytes = Arrays.copyOf(bytes, bytes.length);
            shared = false;
        }
        return bytes;
    }

    /**
     * Stores the {@code size} low bytes of {@code v} at {@code i}, little-endian, keeping the content hash: one pass,
     * and only a byte that changes costs its hash (a counter's increment rewrites eight bytes and changes one).
     */
    void store(int i, int size, long v) {
        byte[] b = writable();
        if (sum == UNHASHED) {
            for (int k = i; k < i + size; k++, v >>>= 8) b[k] = (byte) v;
            return;
        }
        for (int k = i; k < i + size; k++) {
            byte old = b[k];
            byte now = (byte) v;
            v >>>= 8;
            if (old == now) continue;
            b[k] = now;
            sum += mix(k, now) - mix(k, old);
        }
    }

    /** Before bytes [from, from+len) are written: takes their part out of the content hash. */
    void unhash(int from, int len) {
        if (bytes == null || sum == UNHASHED) return;
        for (int i = from; i < from + len; i++) sum -= mix(i, bytes[i]);
    }

    /** After bytes [from, from+len) were written: adds their part to the content hash. */
    void rehash(int from, int len) {
        if (bytes == null || sum == UNHASHED) return;
        for (int i = from; i < from + len; i++) sum += mix(i, bytes[i]);
    }

    /** A byte's part of the content hash: 0 for a zero byte, else a well-mixed function of where and what. */
    private static long mix(int offset, byte b) {
        if (b == 0) return 0;
        long x = ((long) offset << 8 | (b & 0xff)) * 0x9E3779B97F4A7C15L;
        x ^= x >>> 31;
        x *= 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 29);
    }

    /** A hash of the contents (see {@link #sum}), kept by every write from now on. */
    long contentHash() {
        long h = sum;
        if (h == UNHASHED) {
            h = 0;
            if (bytes != null) for (int i = 0; i < bytes.length; i++) h += mix(i, bytes[i]);
            sum = h;
        }
        return h;
    }

    MemObject copy() {
        MemObject c = new MemObject(id, base, size, kind, type, allocated, bytes);
        shared = true;
        c.shared = true;
        c.sum = sum;
        c.label = label;
        c.live = live;
        c.freed = freed;
        c.slabCache = slabCache;
        c.cacheName = cacheName;
        c.cacheObjectSize = cacheObjectSize;
        c.slabIndex = slabIndex;
        c.accessible = accessible;
        c.shadow = shadow;
        shadowShared = shadow != null;
        c.shadowShared = shadowShared;
        return c;
    }

    public boolean live() {
        return live;
    }

    public String type() {
        return type;
    }

    public String label() {
        return label;
    }

    public Site allocated() {
        return allocated;
    }

    public Site freed() {
        return freed;
    }

    /** The contents (a fresh array of zeroes if nothing was ever written). */
    public byte[] bytes() {
        return bytes != null ? bytes : new byte[Math.max(Math.max(size, accessible), 1)];
    }

    /** The bytes KASAN lets the driver touch (see {@link #accessible}). */
    public int accessible() {
        return accessible;
    }

    /** krealloc in place, or ksize: KASAN now allows the first {@code n} bytes; the contents stay. */
    void accessible(int n) {
        if (bytes != null && bytes.length < n) {
            bytes = Arrays.copyOf(bytes, n); // a new array: no longer shared with a snapshot
            shared = false;
        }
        accessible = n;
    }

    /** __ksize: what the object really has, its kmalloc-N or cache object size, or whole pages above two pages. */
    public int ksize() {
        if (cache() != null) return cacheSize();
        int pages = 1;
        while ((long) pages * 4096 < size) pages <<= 1;
        return pages * 4096;
    }

    /** The Java heap the contents take: 0 while nothing was written. */
    public int heapBytes() {
        return bytes == null ? 0 : bytes.length;
    }

    /** Whether the contents are the very array {@code other} holds (a copy neither has written since). */
    public boolean sharesContents(MemObject other) {
        return bytes == other.bytes;
    }

    /** Drops the contents of a freed object that left KASAN's quarantine: nothing may read them any more. */
    void discard() {
        bytes = null;
        shared = false;
        sum = UNHASHED;
    }

    /** A new shadow: nothing below {@code open} is addressable but the variables added to it. */
    Shadow newShadow(int open) {
        shadow = new Shadow(open);
        shadowShared = false;
        return shadow;
    }

    /** The shadow, to change (a private copy if it is still shared with a snapshot), or null. */
    public Shadow shadow() {
        if (shadowShared) {
            shadow = shadow.copy();
            shadowShared = false;
        }
        return shadow;
    }

    /**
     * The slab cache KASAN names: the smallest kmalloc-N that fits; null above KMALLOC_MAX_CACHE_SIZE (two
     * pages), where kmalloc takes whole pages from the page allocator.
     */
    public String cache() {
        if (cacheName != null) return cacheName;
        if (size > 2 * 4096) return null;
        int n = 8;
        while (n < size) n <<= 1;
        if (n > 64 && n <= 96) n = 96;
        else if (n > 128 && n <= 192) n = 192;
        return "kmalloc-" + n;
    }

    /** The struct kmem_cache an object of a kmem_cache_create'd cache belongs to, else 0. */
    public long slabCache() {
        return slabCache;
    }

    /** The object size of {@link #cache()}: a kmem_cache's object_size, or N of kmalloc-N. */
    public int cacheSize() {
        return cacheName != null ? cacheObjectSize : Integer.parseInt(cache().substring(8));
    }

    /** A short name for traces and the UI: the type if known, else the kind. */
    public String describe() {
        String what = type != null ? type : label != null ? label : kind.name().toLowerCase();
        return "#" + id + " " + what;
    }
}

package dev.driverlab.kernel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * All simulated memory, as objects with ids. Every access is checked the way KASAN and the MMU would: freed or
 * out-of-bounds slab memory is a KASAN report, an address below one page a NULL dereference, anything unmapped
 * (including freed module memory) a page fault.
 *
 * <p>The machine has {@link #RAM} bytes: allocations from the slab and page allocators fail past it. Freed slab
 * memory stays in KASAN's quarantine (so a use after free is still caught) until the quarantine holds more than
 * 1/{@value #QUARANTINE_FRACTION} of RAM; then the oldest freed objects leave it and their contents go.
 */
public final class Memory {
    /** The simulated machine's RAM. */
    public static final long RAM = 64L << 20;
    /** mm/kasan/quarantine.c: QUARANTINE_FRACTION, the share of RAM the quarantine may hold. */
    static final int QUARANTINE_FRACTION = 32;

    /** By id (id 0 is no object); shared with copies until changed (copy-on-write per chunk and object). */
    private final ObjectTable objects;

    private int[] moduleData = new int[16];
    private int kernelData;
    private long used; // bytes of RAM allocated (live objects and the quarantine)
    /**
     * KASAN's quarantine, oldest first: the ids in {@code quarantine[quarantineHead..quarantineTail)}. The array is
     * shared with copies until either adds to it (copy-on-write: a machine copy costs no copy of it).
     */
    private int[] quarantine;

    private int quarantineHead;
    private int quarantineTail;
    private boolean quarantineShared;
    private long quarantined;
    /** The explorer's record of what the current transition observed; null (off) otherwise, and in copies. */
    private AccessLog log;

    public Memory() {
        objects = new ObjectTable();
        objects.add(null); // ids start at 1
        quarantine = new int[16];
    }

    private Memory(Memory other) {
        objects = other.objects.copy();
        moduleData = other.moduleData.clone();
        kernelData = other.kernelData;
        used = other.used;
        quarantine = other.quarantine;
        quarantineHead = other.quarantineHead;
        quarantineTail = other.quarantineTail;
        quarantineShared = true;
        other.quarantineShared = true;
        quarantined = other.quarantined;
    }

    public Memory copy() {
        return new Memory(this);
    }

    /** Starts (or with null stops) recording accesses for the explorer. */
    public void log(AccessLog log) {
        this.log = log;
    }

    /** The explorer's access record, or null when none is kept. */
    public AccessLog log() {
        return log;
    }

    /** A change another context could observe that is not a word of memory (ids, RAM in use, liveness). */
    private void observed() {
        if (log != null) log.global();
    }

    /** Every object (live or not), by id, for reading only: memory changes through this class. */
    public List<MemObject> objects() {
        return objects.list();
    }

    /** The object with that id, for reading only. */
    public MemObject object(int id) {
        return id > 0 && id < objects.size() ? objects.get(id) : null;
    }

    /** An object to change: this memory's own copy of it, no longer shared with a copy of this memory. */
    private MemObject own(MemObject o) {
        return objects.mutable(o.id);
    }

    /** Kernel memory the simulation itself needs (stacks, task_structs, inodes): counted, never refused. */
    public MemObject allocate(int size, MemObject.Kind kind, String type, Site site) {
        observed();
        int id = objects.size();
        long base = size <= Addresses.SLOT_MAX ? Addresses.heap(id) : Addresses.large(id);
        MemObject o = new MemObject(id, base, size, kind, type, site);
        objects.add(o);
        if (kind != MemObject.Kind.USER) used += size; // user memory is not the kernel's RAM
        return o;
    }

    /** Bytes of RAM in use now. */
    public long used() {
        return used;
    }

    /** Whether {@code size} more bytes fit in RAM. */
    public boolean fits(long size) {
        return size >= 0 && used + size <= RAM;
    }

    /** A vmalloc area of {@code size} bytes: its pages are all addressable, RAM counts whole pages. */
    public MemObject allocateVmalloc(int size, Site site) {
        observed();
        int id = objects.size();
        MemObject o = new MemObject(id, Addresses.vmalloc(id), size, MemObject.Kind.VMALLOC, null, site);
        o.accessible = pageAligned(size);
        objects.add(o);
        used += o.accessible;
        return o;
    }

    private static int pageAligned(int size) {
        return (size + 4095) & ~4095;
    }

    /**
     * vfree: unmaps the area (later accesses are page faults, not KASAN reports: vmalloc memory has no shadow here).
     * False when {@code address} is not the start of a live area: the caller's "nonexistent vm area" warning.
     */
    public boolean vfree(long address, Site site) {
        MemObject o = find(address);
        if (o == null || o.kind != MemObject.Kind.VMALLOC || o.base != address || !o.live) return false;
        observed();
        o = own(o);
        o.live = false;
        o.freed = site;
        used -= o.accessible;
        o.discard();
        return true;
    }

    public MemObject allocateModuleData(int slot, byte[] image, Site site, String module) {
        observed();
        int id = objects.size();
        MemObject o =
                new MemObject(id, Addresses.moduleData(slot), image.length, MemObject.Kind.MODULE_DATA, null, site);
        System.arraycopy(image, 0, o.writable(), 0, image.length);
        o.rehash(0, image.length);
        o.label = "[" + module + "] data";
        objects.add(o);
        if (slot >= moduleData.length) moduleData = Arrays.copyOf(moduleData, slot * 2);
        moduleData[slot] = id;
        return o;
    }

    public MemObject allocateKernelData(byte[] image) {
        int id = objects.size();
        MemObject o = new MemObject(id, Addresses.KERNEL_DATA, image.length, MemObject.Kind.KERNEL_DATA, null, null);
        System.arraycopy(image, 0, o.writable(), 0, image.length);
        o.rehash(0, image.length);
        o.label = "vmlinux data";
        objects.add(o);
        kernelData = id;
        return o;
    }

    /** Gives an object a shadow: only the variables added to it are addressable below its open part. */
    public Shadow shadow(MemObject o, int open) {
        return own(o).newShadow(open);
    }

    /** The shadow of the object at {@code base} (a stack), to change as frames come and go; null if it has none. */
    public Shadow shadowToChange(long base) {
        return own(find(base)).shadow();
    }

    /** Marks an object freed, remembering where; freeing twice or freeing a non-object is reported. */
    public MemObject free(long address, Site site) {
        observed();
        MemObject o = find(address);
        if (o == null || address != o.base) {
            throw new MemoryFault(MemoryFault.Kind.INVALID_FREE, address, 0, false, o);
        }
        if (!o.live) throw new MemoryFault(MemoryFault.Kind.DOUBLE_FREE, address, 0, false, o);
        o = own(o);
        o.live = false;
        o.freed = site;
        quarantine(o.id);
        quarantined += o.size;
        while (quarantined > RAM / QUARANTINE_FRACTION) {
            MemObject old = objects.mutable(quarantine[quarantineHead++]);
            quarantined -= old.size;
            used -= old.size;
            old.discard();
        }
        return o;
    }

    /** Puts a freed object's id at the end of the quarantine (a private, compacted array if it was shared or full). */
    private void quarantine(int id) {
        if (quarantineShared || quarantineTail == quarantine.length) {
            int n = quarantineTail - quarantineHead;
            int[] q = new int[Math.max(16, n * 2)];
            System.arraycopy(quarantine, quarantineHead, q, 0, n);
            quarantine = q;
            quarantineHead = 0;
            quarantineTail = n;
            quarantineShared = false;
        }
        quarantine[quarantineTail++] = id;
    }

    /** Unmaps a module's data section at unload: later accesses are page faults, not KASAN reports. */
    public void unmapModuleData(int slot, Site site) {
        observed();
        MemObject o = objects.mutable(moduleData[slot]);
        o.live = false;
        o.freed = site;
    }

    /** The object an address falls in (live or not), or null if it maps nothing. */
    public MemObject find(long a) {
        if (Addresses.isHeap(a)) {
            int id = Addresses.heapId(a);
            if (id <= 0 || id >= objects.size()) return null;
            MemObject o = objects.get(id);
            if (o.kind == MemObject.Kind.MODULE_DATA
                    || o.kind == MemObject.Kind.KERNEL_DATA
                    || o.kind == MemObject.Kind.VMALLOC) return null;
            return (o.base >= Addresses.LARGE) == (a >= Addresses.LARGE) ? o : null;
        }
        if (Addresses.isVmalloc(a)) {
            int id = Addresses.vmallocId(a);
            if (id <= 0 || id >= objects.size()) return null;
            MemObject o = objects.get(id);
            return o.kind == MemObject.Kind.VMALLOC ? o : null;
        }
        if (Addresses.isModule(a)) {
            int slot = Addresses.moduleSlot(a);
            if (slot >= moduleData.length || moduleData[slot] == 0) return null;
            MemObject o = objects.get(moduleData[slot]);
            return a >= o.base ? o : null;
        }
        if (kernelData != 0 && a >= Addresses.KERNEL_DATA && a < Addresses.KERNEL_DATA + 0x1000000) {
            return objects.get(kernelData);
        }
        return null;
    }

    /** Checks an access and returns the object; throws MemoryFault as the kernel would report it. */
    public MemObject check(long a, long size, boolean write) {
        if (log != null) log.access(a, size, write);
        MemObject o = find(a);
        if (o == null) {
            throw new MemoryFault(
                    Long.compareUnsigned(a, 4096) < 0 ? MemoryFault.Kind.NULL_DEREF : MemoryFault.Kind.PAGE_FAULT,
                    a,
                    size,
                    write,
                    null);
        }
        long off = a - o.base;
        if (o.kind == MemObject.Kind.VMALLOC && (!o.live || off + size > o.accessible)) { // unmapped, or the guard
            long at = o.live ? Math.max(a, o.base + o.accessible) : a; // the first byte that is not mapped
            throw new MemoryFault(MemoryFault.Kind.PAGE_FAULT, at, size, write, o);
        }
        if (!o.live) {
            throw new MemoryFault(
                    o.kind == MemObject.Kind.MODULE_DATA
                            ? MemoryFault.Kind.PAGE_FAULT
                            : MemoryFault.Kind.USE_AFTER_FREE,
                    a,
                    size,
                    write,
                    o);
        }
        if (off < 0 || size > o.accessible - off || (o.shadow != null && !o.shadow.covers(off, size))) {
            throw new MemoryFault(MemoryFault.Kind.OUT_OF_BOUNDS, a, size, write, o);
        }
        return o;
    }

    /**
     * kasan_check_range: the whole range [a, a + len) checked against its object before any byte is touched, as
     * KASAN's wrappers do for the mem* functions (len is a size_t: anything that wraps the address space is bad).
     * Returns the object, or null for an empty range.
     */
    public MemObject checkRange(long a, long len, boolean write) {
        if (len == 0) return null;
        if (Long.compareUnsigned(a + len, a) < 0 && a + len != 0) { // the range wraps the address space
            MemObject o = find(a);
            if (o == null) check(a, 1, write); // nothing there at all: the MMU's fault
            throw new MemoryFault(MemoryFault.Kind.OUT_OF_BOUNDS, a, len, write, o);
        }
        return check(a, len, write);
    }

    public long read(long a, int size, boolean signed) {
        MemObject o = check(a, size, false);
        byte[] b = o.bytes;
        if (b == null) return 0;
        return decode(b, (int) (a - o.base), size, signed);
    }

    /**
     * A value as the simulated memory stores it: little-endian, {@code size} bytes (at most 8) from {@code i},
     * sign-extended when {@code signed}. The one decoding of stored bytes, for the interpreter and for views alike.
     */
    public static long decode(byte[] b, int i, int size, boolean signed) {
        switch (size) {
            case 1:
                return signed ? b[i] : b[i] & 0xff;
            case 2: {
                int v = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
                return signed ? (short) v : v;
            }
            case 4: {
                int v = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
                return signed ? v : v & 0xffffffffL;
            }
            default: {
                long v = 0;
                int n = Math.min(size, 8);
                for (int k = n - 1; k >= 0; k--) v = v << 8 | (b[i + k] & 0xff);
                if (signed && n < 8) {
                    int shift = 64 - 8 * n;
                    v = (v << shift) >> shift;
                }
                return v;
            }
        }
    }

    public void write(long a, int size, long v) {
        MemObject o = own(check(a, size, true));
        int i = (int) (a - o.base);
        o.store(i, size, v);
    }

    /** memcpy/memmove: the source range is checked, then the destination's, then the bytes move. */
    public void copy(long dst, long src, long size) {
        MemObject s = checkRange(src, size, false);
        MemObject d = checkRange(dst, size, true);
        if (s == null) return;
        d = own(d);
        int from = (int) (src - s.base);
        int to = (int) (dst - d.base);
        if (s.bytes == null) {
            if (d.bytes != null) {
                d.unhash(to, (int) size);
                Arrays.fill(d.writable(), to, to + (int) size, (byte) 0); // zeroes add nothing to the hash
            }
            return;
        }
        d.unhash(to, (int) size);
        System.arraycopy(s.bytes, from, d.writable(), to, (int) size);
        d.rehash(to, (int) size);
    }

    /**
     * krealloc's copy of the old object into the new one: the whole old slab object, its slack beyond what KASAN
     * allowed included, read with KASAN off (kasan_disable_current); the destination is checked as any store.
     */
    public void copyUnchecked(long dst, long src, long size) {
        MemObject d = checkRange(dst, size, true);
        MemObject s = find(src);
        if (d == null || s == null || s.bytes == null) return;
        d = own(d);
        int to = (int) (dst - d.base);
        d.unhash(to, (int) size);
        System.arraycopy(
                s.bytes, (int) (src - s.base), d.writable(), to, (int) Math.min(size, s.bytes.length - (src - s.base)));
        d.rehash(to, (int) size);
    }

    /** KASAN's view of a slab object changed in place (kasan_krealloc, kasan_unpoison_range): see MemObject. */
    public void setAccessible(long a, int n) {
        MemObject o = find(a);
        if (o != null) own(o).accessible(n);
    }

    public void zero(long dst, long size) {
        fill(dst, 0, size);
    }

    /** memset: the whole range is checked first. */
    public void fill(long dst, int value, long size) {
        MemObject d = checkRange(dst, size, true);
        if (d == null || (value == 0 && d.bytes == null)) return;
        d = own(d);
        int from = (int) (dst - d.base);
        d.unhash(from, (int) size);
        Arrays.fill(d.writable(), from, from + (int) size, (byte) value);
        d.rehash(from, (int) size);
    }

    /**
     * strnlen: the length of the string at {@code a}, looking at no more than {@code max} bytes. Reading past the
     * end of its object (or variable) is an out-of-bounds read of size 1 at the first byte that is not there.
     */
    public long strnlen(long a, long max) {
        MemObject o = check(a, 1, false);
        long off = a - o.base;
        long end = o.shadow == null ? o.accessible : o.shadow.firstBad(off, o.accessible - off);
        boolean bounded = max >= 0 && max <= end - off;
        long limit = bounded ? off + max : end;
        if (log != null) log.access(a, Math.max(1, limit - off), false);
        byte[] b = o.bytes;
        for (long i = off; i < limit; i++) if (b == null || b[(int) i] == 0) return i - off;
        if (bounded) return max;
        throw new MemoryFault(MemoryFault.Kind.OUT_OF_BOUNDS, o.base + end, 1, false, o);
    }

    public long strlen(long a) {
        return strnlen(a, Long.MAX_VALUE);
    }

    /** The NUL-terminated string at {@code a}, of at most {@code max} characters, read as strnlen would. */
    public String readString(long a, int max) {
        int n = (int) strnlen(a, max);
        if (n == 0) return "";
        MemObject o = find(a);
        return new String(o.bytes, (int) (a - o.base), n, StandardCharsets.ISO_8859_1);
    }

    /** A NUL-terminated string of at most PATH_MAX characters (names, paths, formats the kernel reads). */
    public String readString(long a) {
        return readString(a, PATH_MAX);
    }

    /** include/uapi/linux/limits.h: the longest path (NUL included) and path component. */
    public static final int PATH_MAX = 4096;

    public static final int NAME_MAX = 255;

    public void setType(long address, String type) {
        MemObject o = find(address);
        if (o != null && o.type == null && address == o.base) own(o).type = type;
    }

    public void setLabel(MemObject o, String label) {
        own(o).label = label;
    }

    /** A hash of every object's contents and status, for state fingerprints. */
    public long fingerprint() {
        return objects.fingerprint();
    }
}

package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All simulated memory, as objects with ids. Every access is checked the way KASAN and the MMU would: freed or
 * out-of-bounds slab memory is a KASAN report, an address below one page a NULL dereference, anything unmapped
 * (including freed module memory) a page fault.
 */
public final class Memory {
    private final ArrayList<MemObject> objects;
    private int[] moduleData = new int[16];
    private int kernelData;

    public Memory() {
        objects = new ArrayList<>();
        objects.add(null); // ids start at 1
    }

    private Memory(Memory other) {
        objects = new ArrayList<>(other.objects.size());
        for (MemObject o : other.objects) objects.add(o == null ? null : o.copy());
        moduleData = other.moduleData.clone();
        kernelData = other.kernelData;
    }

    public Memory copy() {
        return new Memory(this);
    }

    public List<MemObject> objects() {
        return objects.subList(1, objects.size());
    }

    public MemObject object(int id) {
        return id > 0 && id < objects.size() ? objects.get(id) : null;
    }

    public MemObject allocate(int size, MemObject.Kind kind, String type, Site site) {
        int id = objects.size();
        MemObject o = new MemObject(id, Addresses.heap(id), size, kind, type, site);
        objects.add(o);
        return o;
    }

    public MemObject allocateModuleData(int slot, byte[] image, Site site, String module) {
        int id = objects.size();
        MemObject o = new MemObject(id, Addresses.moduleData(slot), image.length, MemObject.Kind.MODULE_DATA, null,
                site);
        System.arraycopy(image, 0, o.writable(), 0, image.length);
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
        o.label = "vmlinux data";
        objects.add(o);
        kernelData = id;
        return o;
    }

    /** Marks an object freed, remembering where; freeing twice or freeing a non-object is reported. */
    public MemObject free(long address, Site site) {
        MemObject o = find(address);
        if (o == null || address != o.base) {
            throw new MemoryFault(MemoryFault.Kind.INVALID_FREE, address, 0, false, o);
        }
        if (!o.live) throw new MemoryFault(MemoryFault.Kind.DOUBLE_FREE, address, 0, false, o);
        o.live = false;
        o.freed = site;
        return o;
    }

    /** Unmaps a module's data section at unload: later accesses are page faults, not KASAN reports. */
    public void unmapModuleData(int slot, Site site) {
        MemObject o = objects.get(moduleData[slot]);
        o.live = false;
        o.freed = site;
    }

    /** The object an address falls in (live or not), or null if it maps nothing. */
    public MemObject find(long a) {
        if (Addresses.isHeap(a)) {
            long id = (a - Addresses.HEAP) >>> Addresses.HEAP_SHIFT;
            if (id <= 0 || id >= objects.size()) return null;
            MemObject o = objects.get((int) id);
            return o.kind == MemObject.Kind.MODULE_DATA || o.kind == MemObject.Kind.KERNEL_DATA ? null : o;
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
    public MemObject check(long a, int size, boolean write) {
        MemObject o = find(a);
        if (o == null) {
            throw new MemoryFault(Long.compareUnsigned(a, 4096) < 0 ? MemoryFault.Kind.NULL_DEREF
                    : MemoryFault.Kind.PAGE_FAULT, a, size, write, null);
        }
        long off = a - o.base;
        if (!o.live) {
            throw new MemoryFault(o.kind == MemObject.Kind.MODULE_DATA ? MemoryFault.Kind.PAGE_FAULT
                    : MemoryFault.Kind.USE_AFTER_FREE, a, size, write, o);
        }
        if (off < 0 || off + size > o.size) {
            throw new MemoryFault(MemoryFault.Kind.OUT_OF_BOUNDS, a, size, write, o);
        }
        return o;
    }

    public long read(long a, int size, boolean signed) {
        MemObject o = check(a, size, false);
        byte[] b = o.bytes;
        int i = (int) (a - o.base);
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
                for (int k = Math.min(size, 8) - 1; k >= 0; k--) v = v << 8 | (b[i + k] & 0xff);
                return v;
            }
        }
    }

    public void write(long a, int size, long v) {
        MemObject o = check(a, size, true);
        byte[] b = o.writable();
        int i = (int) (a - o.base);
        for (int k = 0; k < size; k++) {
            b[i + k] = (byte) v;
            v >>>= 8;
        }
    }

    public void copy(long dst, long src, int size) {
        if (size <= 0) return;
        MemObject s = check(src, size, false);
        MemObject d = check(dst, size, true);
        System.arraycopy(s.bytes, (int) (src - s.base), d.writable(), (int) (dst - d.base), size);
    }

    public void zero(long dst, int size) {
        if (size <= 0) return;
        MemObject d = check(dst, size, true);
        Arrays.fill(d.writable(), (int) (dst - d.base), (int) (dst - d.base) + size, (byte) 0);
    }

    /** Reads a NUL-terminated string (at most 4096 bytes), checking every byte as the kernel's strlen would. */
    public String readString(long a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4096; i++) {
            long c = read(a + i, 1, false);
            if (c == 0) break;
            sb.append((char) c);
        }
        return sb.toString();
    }

    public void setType(long address, String type) {
        MemObject o = find(address);
        if (o != null && o.type == null && address == o.base) o.type = type;
    }

    public void setLabel(MemObject o, String label) {
        o.label = label;
    }

    /** A hash of every object's contents and status, for state fingerprints. */
    public long fingerprint() {
        long h = 1;
        for (int i = 1; i < objects.size(); i++) {
            MemObject o = objects.get(i);
            h = h * 31 + o.contentHash();
            h = h * 31 + (o.live ? 1 : 2);
        }
        return h;
    }
}

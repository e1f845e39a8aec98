package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * KASAN's shadow of an object that holds several variables (a task's stack, a module's data): only the
 * variables themselves are addressable, the bytes between them are redzones. On a stack, everything from the
 * end of the live frames up is addressable (KASAN unpoisons a frame when its function returns), so only live
 * frames' redzones are caught. Ranges are kept in address order, as frames are pushed and globals laid out.
 */
public final class Shadow {
    private int[] start = new int[8];
    private int[] end = new int[8];
    private String[] name = new String[8];
    private int n;
    private int open;
    /**
     * The variable the last lookup found: a driver touches the same few globals and locals step after step, and
     * this saves their search. Only a hint, checked before use, so a stale one (or one another thread's lookup left
     * in a shadow two machines share, which nobody changes while shared) costs a search and nothing else.
     */
    private int hit;

    /** A shadow where nothing below {@code open} is addressable except the variables added. */
    public Shadow(int open) {
        this.open = open;
    }

    private Shadow(Shadow o) {
        start = o.start.clone();
        end = o.end.clone();
        name = o.name.clone();
        n = o.n;
        open = o.open;
    }

    Shadow copy() {
        return new Shadow(this);
    }

    /** A variable at [from, to); variables are added in address order. */
    public void add(int from, int to, String var) {
        if (n == start.length) {
            start = Arrays.copyOf(start, n * 2);
            end = Arrays.copyOf(end, n * 2);
            name = Arrays.copyOf(name, n * 2);
        }
        start[n] = from;
        end[n] = to;
        name[n++] = var;
    }

    /** A stack frame pushed: below {@code to} only its variables (and older frames') are addressable now. */
    public void openFrom(int to) {
        open = to;
    }

    /** Frames from {@code offset} up returned: their variables go, everything from there up is addressable. */
    public void release(int offset) {
        while (n > 0 && start[n - 1] >= offset) name[--n] = null;
        open = offset;
    }

    /** Whether [off, off + size) is addressable. */
    boolean covers(long off, long size) {
        if (off >= open) return true;
        int i = variableAt(off);
        return i >= 0 && off + size <= end[i];
    }

    /** The first byte of [off, off + size) that is not addressable (the redzone KASAN's report looks at). */
    long firstBad(long off, long size) {
        if (off >= open) return off + size;
        int i = variableAt(off);
        return i < 0 ? off : end[i];
    }

    private int variableAt(long off) {
        int last = hit;
        if (last < n && start[last] <= off && off < end[last]) return last;
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] <= off) lo = mid + 1;
            else hi = mid - 1;
        }
        if (hi < 0 || off >= end[hi]) return -1;
        hit = hi;
        return hi;
    }

    /** {@code name+0xoff/0xsize} of the variable holding {@code off}, as %pS names a global; null if none. */
    public String variable(long off) {
        int i = variableAt(off);
        if (i < 0) return null;
        return name[i] + "+0x" + Long.toHexString(off - start[i]) + "/0x" + Integer.toHexString(end[i] - start[i]);
    }

    /** The variables between {@code from} and {@code to}, as KASAN describes a frame: " [32, 40) 'buf'". */
    public List<String> describe(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (start[i] >= from && start[i] < to) {
                out.add(" [" + (start[i] - from) + ", " + (end[i] - from) + ") '" + name[i] + "'");
            }
        }
        return out;
    }
}

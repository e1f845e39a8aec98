package dev.driverlab.kernel;

import java.util.Arrays;

/**
 * What the steps of one explorer transition did that another context could observe: the 8-byte words of memory it
 * read and wrote, or {@code global} when it did something not tracked word by word (a kernel primitive that keeps
 * state in Java, an allocation or free, blocking, waking, a context starting or ending). Off (absent) outside the
 * explorer. The explorer ends a transition at its first observable step, and treats two transitions of different
 * contexts as independent (they commute) when neither is global and no word one writes is read or written by the
 * other.
 */
public final class AccessLog {
    /** More words than this in one transition and it counts as global (a large copy). */
    static final int MAX_WORDS = 256;

    private long[] reads = new long[16];
    private long[] writes = new long[16];
    private int nReads;
    private int nWrites;
    private boolean global;
    private boolean observed;

    /** A memory access of {@code size} bytes at {@code a}. */
    public void access(long a, long size, boolean write) {
        observed = true;
        if (global) return;
        if (size <= 0) size = 1;
        long first = a >>> 3;
        long last = (a + size - 1) >>> 3;
        if (last - first >= MAX_WORDS || Long.compareUnsigned(last, first) < 0) {
            global = true;
            return;
        }
        for (long w = first; w <= last; w++) {
            if (write) {
                if (nWrites == writes.length) writes = Arrays.copyOf(writes, nWrites * 2);
                writes[nWrites++] = w;
            } else {
                if (nReads == reads.length) reads = Arrays.copyOf(reads, nReads * 2);
                reads[nReads++] = w;
            }
            if (nReads + nWrites > MAX_WORDS) global = true;
        }
    }

    /** Something another context can observe that is not a memory word: conflicts with every other transition. */
    public void global() {
        observed = true;
        global = true;
    }

    /** Whether anything observable happened since the last {@link #clearStep()}. */
    public boolean observed() {
        return observed;
    }

    /** The start of a step: what it observes decides whether the transition ends after it. */
    public void clearStep() {
        observed = false;
    }

    /** The start of a transition. */
    public void clear() {
        nReads = nWrites = 0;
        global = observed = false;
    }

    /** What the transition did, sorted and without duplicates, to compare with another's. */
    public Footprint footprint() {
        if (global) return Footprint.GLOBAL;
        return new Footprint(false, distinct(reads, nReads), distinct(writes, nWrites));
    }

    private static long[] distinct(long[] words, int n) {
        long[] a = Arrays.copyOf(words, n);
        Arrays.sort(a);
        int k = 0;
        for (int i = 0; i < n; i++) if (k == 0 || a[k - 1] != a[i]) a[k++] = a[i];
        return k == n ? a : Arrays.copyOf(a, k);
    }

    /** The words a transition read and wrote (sorted), or global. */
    public record Footprint(boolean global, long[] reads, long[] writes) {
        public static final Footprint GLOBAL = new Footprint(true, new long[0], new long[0]);

        /** Whether the two transitions may not commute: either is global, or one writes a word the other touches. */
        public boolean conflicts(Footprint o) {
            if (global || o.global) return true;
            return meets(writes, o.writes) || meets(writes, o.reads) || meets(reads, o.writes);
        }

        private static boolean meets(long[] a, long[] b) {
            int i = 0;
            int j = 0;
            while (i < a.length && j < b.length) {
                if (a[i] == b[j]) return true;
                if (a[i] < b[j]) i++;
                else j++;
            }
            return false;
        }
    }
}

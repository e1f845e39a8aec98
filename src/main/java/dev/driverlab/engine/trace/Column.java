package dev.driverlab.engine.trace;

import java.util.Arrays;

/**
 * An append-only column of longs in fixed-size chunks. A copy shares every full chunk with its original (they are
 * never written again) and clones only the one being filled, so snapshotting a long trace costs one chunk, not the
 * whole trace. Truncating (a rewind) clones the chunk it cuts into before anything overwrites it.
 */
final class Column {
    private static final int SHIFT = 10;
    private static final int SIZE = 1 << SHIFT;
    private static final int MASK = SIZE - 1;

    private long[][] chunks = new long[4][];
    private int size;
    /**
     * The chunk being filled, {@code chunks[size >>> SHIFT]}, whenever {@code size} is not at a chunk's start: an add
     * (several per step) then costs one store, and only the first add of a chunk looks the chunk up.
     */
    private long[] tail;

    Column() {}

    private Column(Column o) {
        chunks = o.chunks.clone();
        size = o.size;
        int last = size >>> SHIFT;
        if (last < chunks.length && chunks[last] != null) tail = chunks[last] = chunks[last].clone();
    }

    Column copy() {
        return new Column(this);
    }

    void add(long v) {
        int i = size & MASK;
        if (i == 0) tail = chunk(size >>> SHIFT);
        tail[i] = v;
        size++;
    }

    /** Chunk {@code c}, made if it is not there yet. */
    private long[] chunk(int c) {
        if (c == chunks.length) chunks = Arrays.copyOf(chunks, c * 2);
        if (chunks[c] == null) chunks[c] = new long[SIZE];
        return chunks[c];
    }

    long get(int i) {
        return chunks[i >>> SHIFT][i & MASK];
    }

    int size() {
        return size;
    }

    /** Heap bytes of the chunks in use, shared ones included. */
    long bytes() {
        return (long) ((size + MASK) >>> SHIFT) * SIZE * Long.BYTES + (long) chunks.length * 8;
    }

    void truncate(int n) {
        if (n >= size) return;
        size = n;
        int c = n >>> SHIFT;
        if (c < chunks.length && chunks[c] != null) tail = chunks[c] = chunks[c].clone(); // may be shared with a copy
        for (int i = c + 1; i < chunks.length; i++) chunks[i] = null;
    }
}

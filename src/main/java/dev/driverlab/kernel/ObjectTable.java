package dev.driverlab.kernel;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Memory}'s objects by id, shared with copies chunk by chunk and object by object (copy-on-write): a copy
 * costs one pointer per {@value #CHUNK} objects, and a transition copies only the chunks and objects it changes.
 * Objects are never removed (ids are not reused), so without this a copy would cost one object per allocation ever
 * made. Each chunk keeps the hash of its objects (contents and liveness) while nothing in it changes, so a state's
 * fingerprint rehashes only the chunks written since the last one.
 *
 * <p>Ownership: a table owns the chunks and objects made with its current {@link #owner} token; a copy gives both
 * tables new tokens, so everything they held is then shared and taken privately by the first to change it. Readers
 * get objects with {@link #get}, which must not be changed; writers take them with {@link #mutable}.
 */
final class ObjectTable {
    private static final int SHIFT = 5;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;
    private static final long UNHASHED = Long.MIN_VALUE;

    private static final class Chunk {
        final MemObject[] objects;
        final Object owner;
        /** The hash of the objects, or {@link #UNHASHED} after a change (one field: see {@link MemObject}'s sum). */
        long hash = UNHASHED;

        Chunk(MemObject[] objects, Object owner) {
            this.objects = objects;
            this.owner = owner;
        }
    }

    private Chunk[] chunks;
    private int size;
    private Object owner = new Object();

    ObjectTable() {
        chunks = new Chunk[8];
    }

    private ObjectTable(Chunk[] chunks, int size) {
        this.chunks = chunks;
        this.size = size;
    }

    /** A copy sharing every chunk and object with this table until either changes one. */
    ObjectTable copy() {
        ObjectTable c = new ObjectTable(chunks.clone(), size);
        owner = new Object(); // what this table owned is now shared with the copy
        return c;
    }

    /** Ids are 0 to size - 1. */
    int size() {
        return size;
    }

    /** The object with this id (null for id 0), for reading only. */
    MemObject get(int id) {
        return chunks[id >>> SHIFT].objects[id & MASK];
    }

    /** The object with this id, to change: this table's own copy of it (and of its chunk). */
    MemObject mutable(int id) {
        Chunk ch = own(id >>> SHIFT);
        ch.hash = UNHASHED;
        MemObject o = ch.objects[id & MASK];
        if (o.owner != owner) {
            o = o.copy();
            o.owner = owner;
            ch.objects[id & MASK] = o;
        }
        return o;
    }

    /** Adds the object with the next id ({@link #size}, or null for id 0); it is this table's own. */
    void add(MemObject o) {
        int c = size >>> SHIFT;
        if (c == chunks.length) chunks = Arrays.copyOf(chunks, c * 2);
        Chunk ch = chunks[c] == null ? (chunks[c] = new Chunk(new MemObject[CHUNK], owner)) : own(c);
        if (o != null) o.owner = owner;
        ch.objects[size & MASK] = o;
        ch.hash = UNHASHED;
        size++;
    }

    private Chunk own(int c) {
        Chunk ch = chunks[c];
        if (ch.owner != owner) {
            ch = new Chunk(ch.objects.clone(), owner);
            chunks[c] = ch;
        }
        return ch;
    }

    /** The objects from id 1 on, read-only. */
    List<MemObject> list() {
        return new AbstractList<>() {
            @Override
            public MemObject get(int index) {
                if (index < 0 || index >= size - 1) throw new IndexOutOfBoundsException(index);
                return ObjectTable.this.get(index + 1);
            }

            @Override
            public int size() {
                return size - 1;
            }
        };
    }

    /**
     * A hash of every object's contents and liveness, in id order: each chunk's own hash (computed again only
     * after something in it changed), combined.
     */
    long fingerprint() {
        long h = 1;
        for (int c = 0; c << SHIFT < size; c++) {
            Chunk ch = chunks[c];
            long x = ch.hash;
            if (x == UNHASHED) {
                x = 1;
                int end = Math.min(CHUNK, size - (c << SHIFT));
                for (int i = 0; i < end; i++) {
                    MemObject o = ch.objects[i];
                    if (o == null) continue;
                    x = x * 31 + o.contentHash();
                    x = x * 31 + (o.live ? 1 : 2) + 3L * (o.accessible - o.size);
                }
                // a chunk shared with another table may take its hash too: it is the same for both
                ch.hash = x;
            }
            h = h * 0x9E3779B97F4A7C15L + x;
        }
        return h;
    }
}

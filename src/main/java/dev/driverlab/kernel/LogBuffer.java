package dev.driverlab.kernel;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel log as the printk ring buffer keeps it (kernel/printk/printk_ringbuffer.c with the default
 * CONFIG_LOG_BUF_SHIFT=17): a text ring of 128 KiB where each record takes an 8-byte id plus its text rounded up
 * to 8 bytes, and a descriptor ring of 2^(17 - PRB_AVGBITS) = 4096 records. A new record that does not fit pushes
 * the oldest out, so dmesg shows only what the ring still holds. Records keep their sequence numbers, counting
 * from 0 at boot, so a reader can ask for what came after the last record it saw.
 */
public final class LogBuffer extends AbstractList<String> {
    static final int LOG_BUF_SHIFT = 17;
    static final int PRB_AVGBITS = 5;
    public static final int TEXT_BYTES = 1 << LOG_BUF_SHIFT;
    public static final int RECORDS = 1 << (LOG_BUF_SHIFT - PRB_AVGBITS);

    private String[] ring = new String[16];
    private int head; // index in ring of the oldest record
    private int size;
    private long first; // sequence number of the oldest record
    private long bytes; // space the records take in the text ring

    public LogBuffer() {}

    private LogBuffer(LogBuffer o) {
        ring = o.ring.clone();
        head = o.head;
        size = o.size;
        first = o.first;
        bytes = o.bytes;
    }

    LogBuffer copy() {
        return new LogBuffer(this);
    }

    /** The space a record of that text takes in the data ring: its block id and its text, long-aligned. */
    static long blockSize(String text) {
        return 8 + ((text.length() + 7L) & ~7L);
    }

    @Override
    public boolean add(String line) {
        long need = blockSize(line);
        while (size > 0 && (size == RECORDS || bytes + need > TEXT_BYTES)) dropOldest();
        if (need > TEXT_BYTES) return true; // a record larger than the whole ring is never stored
        if (size == ring.length) grow();
        ring[(head + size) % ring.length] = line;
        size++;
        bytes += need;
        return true;
    }

    /** Extends the newest record's text (printk's KERN_CONT: prb_reserve_in_last), pushing out old ones if needed. */
    void appendToLast(String more) {
        if (size == 0) {
            add(more);
            return;
        }
        int last = (head + size - 1) % ring.length;
        String text = ring[last] + more;
        bytes += blockSize(text) - blockSize(ring[last]);
        ring[last] = text;
        while (size > 1 && bytes > TEXT_BYTES) dropOldest();
    }

    private void dropOldest() {
        bytes -= blockSize(ring[head]);
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        first++;
    }

    private void grow() {
        String[] bigger = new String[Math.min(RECORDS, ring.length * 2)];
        for (int i = 0; i < size; i++) bigger[i] = ring[(head + i) % ring.length];
        Arrays.fill(ring, null);
        ring = bigger;
        head = 0;
    }

    @Override
    public String get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
        return ring[(head + i) % ring.length];
    }

    @Override
    public int size() {
        return size;
    }

    /** The sequence number the next record will get. */
    public long nextSeq() {
        return first + size;
    }

    /** The records from sequence number {@code seq} on that the ring still holds. */
    public List<String> since(long seq) {
        long from = Math.max(seq, first);
        return from >= nextSeq() ? List.of() : subList((int) (from - first), size);
    }
}

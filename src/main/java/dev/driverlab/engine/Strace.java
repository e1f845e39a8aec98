package dev.driverlab.engine;

import dev.driverlab.kernel.Memory;

/**
 * How the strace-like output shows a process's buffers: escaped as C strings and, like strace, cut after a
 * maximum length with "..." (as if run with {@code strace -s 4096}), so a huge read or path costs only that.
 */
final class Strace {
    private Strace() {}

    /** The longest string shown in full. */
    static final int STRING_MAX = 4096;

    /** strace's QUOTE_FORCE_HEX: {@code n} bytes of user memory as {@code "\x05\x00..."}, cut like a string. */
    static String hexBytes(Memory mem, long address, int n) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(n, STRING_MAX); i++)
            b.append(String.format("\\x%02x", mem.read(address + i, 1, false)));
        return b.append('"').append(n > STRING_MAX ? "..." : "").toString();
    }

    /** {@code "text"}, or {@code "first STRING_MAX characters"...} for a longer one. */
    static String quoted(String s) {
        boolean cut = s.length() > STRING_MAX;
        return "\"" + Outcomes.escape(cut ? s.substring(0, STRING_MAX) : s) + "\"" + (cut ? "..." : "");
    }
}

package dev.driverlab.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The poll(2) event bits (include/uapi/asm-generic/poll.h) by name, in the order strace prints them
 * (its xlat/pollflags.in): what {@code poll NAME [TIMEOUT_MS] [EVENTS]} asks for and what it prints back.
 */
public final class PollEvents {
    private PollEvents() {}

    public static final int POLLIN = 0x0001;

    private static final String[] NAMES = {
        "POLLIN",
        "POLLPRI",
        "POLLOUT",
        "POLLERR",
        "POLLHUP",
        "POLLNVAL",
        "POLLRDNORM",
        "POLLRDBAND",
        "POLLWRNORM",
        "POLLWRBAND",
        "POLLMSG",
        "POLLREMOVE",
        "POLLRDHUP"
    };
    private static final int[] BITS = {0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x400, 0x1000, 0x2000};

    /** {@code POLLIN|POLLOUT} to its bits; throws IllegalArgumentException naming an unknown flag. */
    public static int parse(String names) {
        int events = 0;
        for (String name : names.split("\\|", -1)) {
            int i = List.of(NAMES).indexOf(name.strip());
            if (i < 0) {
                throw new IllegalArgumentException(
                        "unknown poll event '" + name + "' (" + String.join(", ", NAMES) + ")");
            }
            events |= BITS[i];
        }
        return events;
    }

    /** Whether a script argument is meant as event names rather than a timeout. */
    public static boolean looksLikeEvents(String arg) {
        return arg.startsWith("POLL");
    }

    /** strace's printflags: {@code POLLIN|POLLRDNORM}, unknown bits as {@code 0x...}, none as {@code 0}. */
    static String names(int bits) {
        List<String> out = new ArrayList<>();
        int left = bits & 0xffff;
        for (int i = 0; i < NAMES.length; i++) {
            if ((left & BITS[i]) != 0) {
                out.add(NAMES[i]);
                left &= ~BITS[i];
            }
        }
        if (left != 0) out.add("0x" + Integer.toHexString(left));
        return out.isEmpty() ? "0" : String.join("|", out);
    }
}

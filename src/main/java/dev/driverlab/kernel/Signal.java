package dev.driverlab.kernel;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The signals a script's {@code kill} sends, with their numbers as {@code include/uapi/asm-generic/signal.h} (and
 * the prelude's {@code include/linux/signal.h}: {@code SignalNumberTests}) defines them. A script's process installs
 * no handler, so each of them kills it; the kernel also sends {@code SIGKILL} to a thread it is killing.
 */
public enum Signal {
    SIGINT(2),
    SIGKILL(9),
    SIGTERM(15);

    public final int number;

    Signal(int number) {
        this.number = number;
    }

    /** A signal as kill(1) takes it, with or without its {@code SIG} prefix ({@code SIGTERM}, {@code TERM}); null for another. */
    public static Signal of(String written) {
        String name = written.startsWith("SIG") ? written : "SIG" + written;
        for (Signal s : values()) if (s.name().equals(name)) return s;
        return null;
    }

    /** The signal numbered {@code number}; null for one a script cannot send. */
    public static Signal of(int number) {
        for (Signal s : values()) if (s.number == number) return s;
        return null;
    }

    /** Every name, joined by {@code separator}: {@code SIGINT|SIGKILL|SIGTERM}. */
    public static String names(String separator) {
        return Arrays.stream(values()).map(Signal::name).collect(Collectors.joining(separator));
    }
}

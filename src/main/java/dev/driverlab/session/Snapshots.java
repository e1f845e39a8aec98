package dev.driverlab.session;

import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Footprint;
import java.util.ArrayList;
import java.util.List;

/**
 * Periodic engine copies of one session, so that rebuilding "the state after command k" replays only the commands
 * since the nearest copy instead of the whole history. A copy is taken after a command once {@code interval}
 * steps (or {@link #COMMAND_INTERVAL} commands) have passed since the last one. When there are more than
 * {@code max}, every other one is dropped and the interval doubles, so memory stays within about max/2 times the
 * session's own size however long it runs, and a replay never covers more than a few intervals.
 */
final class Snapshots {
    static final int COMMAND_INTERVAL = 256;

    /** The engine after the first {@code commands} history entries were applied. */
    record Snapshot(int commands, long steps, Engine engine, long bytes) {}

    private final List<Snapshot> list = new ArrayList<>();
    private final int max;
    private long interval;

    /** {@code booted} is the state before any command; it is shared and never stepped, only copied. */
    Snapshots(Engine booted, long interval, int max) {
        this.interval = Math.max(1, interval);
        this.max = Math.max(2, max);
        list.add(new Snapshot(0, booted.machine().steps(), booted, 0)); // shared by every session of the scenario
    }

    /** Called after each command: keeps a copy of {@code live} if enough happened since the last one. */
    void offer(int commands, Engine live) {
        Snapshot last = list.get(list.size() - 1);
        long steps = live.machine().steps();
        if (steps - last.steps() < interval && commands - last.commands() < COMMAND_INTERVAL) return;
        list.add(new Snapshot(commands, steps, live.copy(), Footprint.state(live.machine())));
        if (list.size() > max) thin();
    }

    private void thin() {
        List<Snapshot> kept = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (i == 0 || i % 2 == 0 || i == list.size() - 1) kept.add(list.get(i));
        }
        list.clear();
        list.addAll(kept);
        interval *= 2;
    }

    /** The latest snapshot taken after at most {@code commands} commands. */
    Snapshot atOrBefore(int commands) {
        Snapshot best = list.get(0);
        for (Snapshot s : list) if (s.commands() <= commands) best = s;
        return best;
    }

    /** Forgets snapshots past the first {@code commands} commands (those commands were dropped or changed). */
    void dropAfter(int commands) {
        list.removeIf(s -> s.commands() > commands);
    }

    /** The heap the copies hold beyond what they share with the live engine, estimated (see {@link Footprint}). */
    long bytes() {
        long bytes = 0;
        for (Snapshot s : list) bytes += s.bytes();
        return bytes;
    }

    int size() {
        return list.size();
    }
}

package dev.driverlab.scenario;

import dev.driverlab.engine.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What "Find the race" searches by default for a scenario: the setup commands run first (default: insmod of
 * the module), then the events, in order (in any order with {@code permute}), each injected at whatever step the
 * search chooses, an IRQ on the CPU the search chooses with {@code cpus}, bounded by depth.
 */
public record ExploreSpec(String setup, List<String> events, int depth, boolean permute, boolean cpus) {
    public static final ExploreSpec NONE = new ExploreSpec(null, List.of(), 0);

    public ExploreSpec {
        events = List.copyOf(events);
    }

    public ExploreSpec(String setup, List<String> events, int depth) {
        this(setup, events, depth, false, false);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    /**
     * Commands that only look at the machine or steer its scheduling: not events a race can be between. Every other
     * command changes the world (loads, binds, fires, opens, reads, writes, closes, kills, ticks, ends a grace
     * period...) and so is an event.
     */
    private static final Set<String> NOT_EVENTS = Set.of("break", "delete", "continue", "step", "schedule", "lsmod",
            "dmesg");

    /**
     * The search a scenario without a declared one gets from its script: loading its module is the setup (when the
     * script starts with it), and every later command that changes the world is an event, in the script's order.
     */
    public static ExploreSpec derive(String script, String module, int depth) {
        List<Command> commands = ScriptParser.parse("script", script);
        List<String> events = new ArrayList<>();
        String setup = null;
        for (Command c : commands) {
            if (NOT_EVENTS.contains(c.verb())) continue;
            if (setup == null && events.isEmpty() && c.text().equals("insmod " + module)) {
                setup = c.text();
                continue;
            }
            events.add(c.text());
        }
        return new ExploreSpec(setup, events, depth);
    }
}

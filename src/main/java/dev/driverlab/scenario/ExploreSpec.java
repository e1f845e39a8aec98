package dev.driverlab.scenario;

import dev.driverlab.engine.Command;
import java.util.ArrayList;
import java.util.List;

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
     * The search a scenario without a declared one gets from its script: loading its module is the setup (when the
     * script starts with it), and every later command that changes the world ({@link dev.driverlab.engine.Verb#event})
     * is an event, in the script's order.
     */
    public static ExploreSpec derive(String script, String module, int depth) {
        List<Command> commands = ScriptParser.parse("script", script);
        List<String> events = new ArrayList<>();
        String setup = null;
        for (Command c : commands) {
            if (!c.verb().event()) continue;
            if (setup == null && events.isEmpty() && c.text().equals("insmod " + module)) {
                setup = c.text();
                continue;
            }
            events.add(c.text());
        }
        return new ExploreSpec(setup, events, depth);
    }
}

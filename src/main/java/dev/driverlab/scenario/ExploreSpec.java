package dev.driverlab.scenario;

import java.util.List;

/**
 * What "Find the race" searches by default for a scenario: the setup commands run first (default: insmod of
 * the module), then the events, in order, each injected at whatever step the search chooses, bounded by depth.
 */
public record ExploreSpec(String setup, List<String> events, int depth) {
    public static final ExploreSpec NONE = new ExploreSpec(null, List.of(), 0);

    public ExploreSpec {
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }
}

package dev.driverlab.web.page;

import dev.driverlab.scenario.Scenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The catalog's topics, each a set of scenario tags. A scenario goes under the first topic, in {@link #CLAIM}
 * order, that shares a tag with it (an RCU scenario also tagged "module" is about RCU), and topics are shown in
 * {@link Topic} order; scenarios keep the library's order within a topic.
 */
final class CatalogTopics {
    enum Topic {
        DEVRES("Devres and device lifetimes", Set.of("devres", "usb", "platform")),
        REFCOUNTS("Refcounts and module lifetime", Set.of("refcount", "kref", "kobject", "module")),
        SLEEPING("Sleeping and waiting", Set.of("sleeping", "waitqueue", "completion", "kthread", "signals")),
        RCU("RCU", Set.of("rcu")),
        LOCKING("Locking", Set.of("locks", "mutex", "spinlock", "lockdep", "deadlock")),
        OTHER("More scenarios", Set.of());

        final String title;
        final Set<String> tags;

        Topic(String title, Set<String> tags) {
            this.title = title;
            this.tags = tags;
        }
    }

    /** Which topic claims a scenario first: the more specific mechanisms before the broad ones. */
    private static final List<Topic> CLAIM =
            List.of(Topic.RCU, Topic.LOCKING, Topic.DEVRES, Topic.SLEEPING, Topic.REFCOUNTS);

    /**
     * A card: the scenario and whether its script reports a bug ("buggy"), is the clean twin ("fixed"), is not known
     * yet ("pending": the server is still running the script), or null.
     */
    record Card(Scenario scenario, String verdict) {}

    record Group(String id, String title, List<Card> cards) {}

    private CatalogTopics() {}

    static List<Group> group(List<Scenario> scenarios, Function<Scenario, Optional<Boolean>> reportsBug) {
        Set<String> ids = ids(scenarios);
        Map<Topic, List<Card>> byTopic = new LinkedHashMap<>();
        for (Topic t : Topic.values()) byTopic.put(t, new ArrayList<>());
        for (Scenario s : scenarios) byTopic.get(topic(s)).add(new Card(s, verdict(s, ids, reportsBug.apply(s))));
        List<Group> groups = new ArrayList<>();
        byTopic.forEach((t, list) -> {
            if (!list.isEmpty()) groups.add(new Group(t.name().toLowerCase(), t.title, list));
        });
        return groups;
    }

    /**
     * "buggy" when the scenario's script ends in a bug report (its outcome, not its name); "fixed" when it runs
     * clean and is the good half of a pair (tagged "fixed", named {@code X-fixed}, or with an {@code id-buggy} twin);
     * "pending" while the outcome is not known.
     */
    static String verdict(Scenario s, Set<String> ids, Optional<Boolean> reportsBug) {
        if (reportsBug.isEmpty()) return "pending";
        if (reportsBug.get()) return "buggy";
        if (s.tags().contains("fixed") || s.id().endsWith("-fixed") || ids.contains(s.id() + "-buggy")) return "fixed";
        return null;
    }

    static Set<String> ids(List<Scenario> scenarios) {
        Set<String> ids = new HashSet<>();
        for (Scenario s : scenarios) ids.add(s.id());
        return ids;
    }

    static Topic topic(Scenario s) {
        for (Topic t : CLAIM) {
            for (String tag : s.tags()) if (t.tags.contains(tag)) return t;
        }
        return Topic.OTHER;
    }
}

package dev.driverlab.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.driverlab.kernel.World;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scenario file, validated: a driver ({@code source}, kernel-style C), the machine it runs on, and the scripts
 * that drive it. Optional parts are never null, so the UI and the runner need no null checks: {@code seed},
 * {@code script} and {@code lesson} default to "", {@code module} to the id, {@code world} to {@link World#DEFAULT}.
 *
 * @param seed    the teaching text the scenario was written from (a name kept for its authors, not shown), or ""
 * @param scripts named scripts in file order (the order the UI offers them in)
 */
public record Scenario(
        String id,
        String title,
        String summary,
        String seed,
        String module,
        World world,
        String script,
        Map<String, String> scripts,
        String source,
        String lesson,
        List<String> tags,
        ExploreSpec explore) {

    /** A scenario without a declared search. */
    public Scenario(String id, String title, String summary, String seed, String module, World world, String script,
                    Map<String, String> scripts, String source, String lesson, List<String> tags) {
        this(id, title, summary, seed, module, world, script, scripts, source, lesson, tags, ExploreSpec.NONE);
    }

    /** The depth of a search derived from a script. */
    public static final int DERIVED_SEARCH_DEPTH = 400;

    /**
     * The search "Find the race" runs: the declared one, else the one derived from the script (its setup, then every
     * command that changes the world as an event).
     */
    @JsonProperty("search")
    public ExploreSpec search() {
        return explore.isEmpty() ? ExploreSpec.derive(script, module, DERIVED_SEARCH_DEPTH) : explore;
    }

    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(source, "source");
        seed = seed == null ? "" : seed;
        module = module == null ? id : module;
        world = world == null ? World.DEFAULT : world;
        script = script == null ? "" : script;
        explore = explore == null ? ExploreSpec.NONE : explore;
        // A plain copy keeps the author's order (Map.copyOf would not); unmodifiable keeps the record a value.
        scripts = scripts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
        lesson = lesson == null ? "" : lesson;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}

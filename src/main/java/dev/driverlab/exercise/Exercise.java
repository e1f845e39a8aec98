package dev.driverlab.exercise;

import dev.driverlab.scenario.ExploreSpec;
import dev.driverlab.scenario.Scenario;
import java.util.List;
import java.util.Map;

/**
 * An exercise declared for a scenario: its driver is the buggy code to fix; a fix must run each of {@code scripts}
 * (names of the scenario's scripts, {@code "script"} for the main one) and survive {@code search} (every schedule
 * of its events within its depth) without a kernel report of a kind in {@code forbid}. A report of another kind
 * is listed with the check but does not fail it.
 *
 * @param solution the library scenario whose driver is a correct fix (the golden tests grade it), or null
 */
public record Exercise(
        String id,
        Scenario scenario,
        String title,
        String task,
        List<String> scripts,
        ExploreSpec search,
        List<String> forbid,
        String solution) {
    /** The main script's name among {@code scripts}. */
    public static final String MAIN_SCRIPT = "script";

    public Exercise {
        scripts = List.copyOf(scripts);
        forbid = List.copyOf(forbid);
    }

    /** The text of script {@code name} of the scenario (the main one for {@link #MAIN_SCRIPT}). */
    public String scriptText(String name) {
        return name.equals(MAIN_SCRIPT) ? scenario.script() : scenario.scripts().get(name);
    }

    /**
     * The scenario with its driver replaced by a submission: {@code source} as the main module's file (MODULE.c)
     * and {@code sources} as its files (null: the scenario's own, so a submission of the main file keeps the
     * headers and the other modules it is built with). The scenario's {@code modules} stay as declared.
     */
    public Scenario withFiles(String source, Map<String, String> sources) {
        return scenario.toBuilder()
                .source(source == null ? "" : source)
                .sources(sources == null ? scenario.sources() : sources)
                .build();
    }
}

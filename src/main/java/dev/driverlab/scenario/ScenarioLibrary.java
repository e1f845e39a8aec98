package dev.driverlab.scenario;

import dev.driverlab.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scenarios shipped in the jar under {@code scenarios/}. An index file lists them, one id per line, because a
 * classpath directory cannot be listed portably inside a jar; the index order is the catalog order.
 */
public final class ScenarioLibrary {
    static final String DIRECTORY = "scenarios/";
    static final String INDEX = DIRECTORY + "index.txt";

    private static volatile ScenarioLibrary builtIn;

    private final List<Scenario> scenarios;
    private final Map<String, Scenario> byId;

    ScenarioLibrary(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
        this.byId = new LinkedHashMap<>();
        for (Scenario scenario : this.scenarios) {
            if (byId.putIfAbsent(scenario.id(), scenario) != null) {
                throw new ScenarioException(INDEX, 0, "scenario '" + scenario.id() + "' is listed twice");
            }
        }
    }

    /**
     * The built-in library, loaded once. A broken built-in file is a packaging bug, so it throws
     * {@link ScenarioException} rather than hiding the scenario; a failed load is not cached, so the error is
     * reported again on every call instead of turning into a class-initialisation error.
     */
    public static ScenarioLibrary builtIn() {
        ScenarioLibrary library = builtIn;
        if (library == null) {
            synchronized (ScenarioLibrary.class) {
                library = builtIn;
                if (library == null) {
                    library = fromClasspath(ScenarioLibrary.class.getClassLoader());
                    builtIn = library;
                }
            }
        }
        return library;
    }

    /** Loads the library that {@code loader} sees; tests point it at a directory of their own. */
    static ScenarioLibrary fromClasspath(ClassLoader loader) {
        List<Scenario> scenarios = new ArrayList<>();
        List<String> lines = read(loader, INDEX).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String id = stripComment(lines.get(i));
            if (id.isEmpty()) {
                continue;
            }
            if (scenarios.stream().anyMatch(s -> s.id().equals(id))) {
                throw new ScenarioException(INDEX, i + 1, "scenario '" + id + "' is listed twice");
            }
            String file = DIRECTORY + id + ".yaml";
            if (loader.getResource(file) == null) {
                throw new ScenarioException(INDEX, i + 1, "no scenario file " + file + " for '" + id + "'");
            }
            Scenario scenario = ScenarioLoader.parse(file, read(loader, file));
            if (!scenario.id().equals(id)) {
                throw new ScenarioException(file, 0, "id '" + scenario.id() + "' does not match the file name");
            }
            scenarios.add(scenario);
        }
        return new ScenarioLibrary(scenarios);
    }

    static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ScenarioException(resource, 0, "not found on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(resource, 0, "cannot read: " + e.getMessage());
        }
    }

    /** Every scenario, in index order. */
    public List<Scenario> all() {
        return scenarios;
    }

    /**
     * Whether the scenario's default script ends in a bug report, as the CLI would run it: what a catalog's "has a
     * bug" badge says, computed from the outcome rather than from names or tags. Runs the script every time (the
     * server keeps the answers: web/api/CatalogBadges).
     */
    public static boolean scriptReportsBug(Scenario s) {
        return !ScenarioRunner.run(
                        s,
                        s.id() + ".yaml#script",
                        ScriptParser.parse(s.id() + ".yaml#script", s.script()),
                        Engine.DEFAULT_MAX_STEPS,
                        false)
                .reports()
                .isEmpty();
    }

    public Optional<Scenario> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}

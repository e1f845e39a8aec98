package dev.driverlab.exercise;

import dev.driverlab.scenario.ExploreSpec;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScriptParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The exercises shipped in the jar: {@code exercises/index.txt} lists scenario ids, and
 * {@code exercises/<id>.yaml} declares the exercise of the built-in scenario {@code <id>}:
 * <pre>
 * title: "..."            # what to fix, in a line
 * task: "..."             # the assignment, shown above the editor
 * scripts: [script, rmmod] # the scenario's scripts a fix must run cleanly ("script": the main one)
 * search: {setup: "...", events: [...], depth: 400}   # optional: default the scenario's search
 * forbid: [use-after-free, oops]   # the report kinds that must not appear
 * solution: devm-irq-tasklet-fixed  # the library's fixed twin
 * </pre>
 */
public final class ExerciseLibrary {
    static final String DIRECTORY = "exercises/";
    private static final Set<String> KEYS = Set.of("title", "task", "scripts", "search", "forbid", "solution");
    private static final Set<String> SEARCH_KEYS = Set.of("setup", "events", "depth", "permute", "cpus");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static volatile ExerciseLibrary builtIn;

    private final Map<String, Exercise> byId = new LinkedHashMap<>();

    ExerciseLibrary(List<Exercise> exercises) {
        for (Exercise e : exercises) {
            if (byId.putIfAbsent(e.id(), e) != null) {
                throw new ScenarioException(DIRECTORY + "index.txt", 0, "exercise '" + e.id() + "' is listed twice");
            }
        }
    }

    public static ExerciseLibrary builtIn() {
        ExerciseLibrary library = builtIn;
        if (library == null) {
            synchronized (ExerciseLibrary.class) {
                library = builtIn;
                if (library == null) {
                    library = load(ScenarioLibrary.builtIn());
                    builtIn = library;
                }
            }
        }
        return library;
    }

    public List<Exercise> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Exercise> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    static ExerciseLibrary load(ScenarioLibrary scenarios) {
        List<Exercise> list = new ArrayList<>();
        for (String line : read(DIRECTORY + "index.txt").lines().toList()) {
            String id = line.replaceAll("#.*", "").strip();
            if (id.isEmpty()) continue;
            Scenario s = scenarios
                    .find(id)
                    .orElseThrow(() -> new ScenarioException(
                            DIRECTORY + "index.txt", 0, "exercise '" + id + "' names no built-in scenario"));
            list.add(parse(DIRECTORY + id + ".yaml", s, read(DIRECTORY + id + ".yaml")));
        }
        return new ExerciseLibrary(list);
    }

    /** Parses the exercise file of scenario {@code s}; {@code file} labels the messages. */
    public static Exercise parse(String file, Scenario s, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (RuntimeException e) {
            throw new ScenarioException(file, 0, "malformed YAML");
        }
        if (root == null || !root.isObject()) throw new ScenarioException(file, 1, "an exercise must be a mapping");
        for (String key : root.propertyNames()) {
            if (!KEYS.contains(key))
                throw new ScenarioException(
                        file,
                        0,
                        "unknown key '" + key + "' (expected one of: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
        }
        String title = text(file, root, "title", true);
        String task = text(file, root, "task", true);
        List<String> scripts = strings(file, root, "scripts");
        if (scripts.isEmpty()) throw new ScenarioException(file, 0, "scripts must name at least one script");
        for (String name : scripts) {
            String text =
                    name.equals(Exercise.MAIN_SCRIPT) ? s.script() : s.scripts().get(name);
            if (text == null || text.isBlank()) {
                throw new ScenarioException(file, 0, "scenario '" + s.id() + "' has no script '" + name + "'");
            }
        }
        List<String> forbid = strings(file, root, "forbid");
        if (forbid.isEmpty()) throw new ScenarioException(file, 0, "forbid must name at least one report kind");
        ExploreSpec search = search(file, s, root.get("search"));
        String solution = text(file, root, "solution", false);
        Exercise e = new Exercise(s.id(), s, title, task, scripts, search, forbid, solution);
        for (String ev : search.events()) ScriptParser.parseLine(file, ev, 1);
        return e;
    }

    private static ExploreSpec search(String file, Scenario s, JsonNode node) {
        if (node == null || node.isNull()) {
            if (s.search().isEmpty())
                throw new ScenarioException(
                        file, 0, "scenario '" + s.id() + "' has no search: declare one under search");
            return s.search();
        }
        if (!node.isObject()) throw new ScenarioException(file, 0, "search must be a mapping");
        for (String key : node.propertyNames()) {
            if (!SEARCH_KEYS.contains(key)) throw new ScenarioException(file, 0, "unknown key '" + key + "' in search");
        }
        List<String> events = strings(file, node, "events");
        if (events.isEmpty()) throw new ScenarioException(file, 0, "search.events must list at least one event");
        JsonNode depth = node.get("depth");
        int d = depth == null ? Scenario.DERIVED_SEARCH_DEPTH : depth.asInt();
        if (d < 1 || d > 5_000) throw new ScenarioException(file, 0, "search.depth must be 1..5000");
        JsonNode setup = node.get("setup");
        return new ExploreSpec(
                setup == null ? null : setup.asString(),
                events,
                d,
                node.has("permute") && node.get("permute").asBoolean(),
                node.has("cpus") && node.get("cpus").asBoolean());
    }

    private static String text(String file, JsonNode root, String key, boolean required) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            if (required) throw new ScenarioException(file, 0, "missing required key '" + key + "'");
            return null;
        }
        if (!n.isString() || n.stringValue().isBlank()) throw new ScenarioException(file, 0, key + " must be text");
        return n.stringValue().strip();
    }

    private static List<String> strings(String file, JsonNode root, String key) {
        JsonNode n = root.get(key);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (!n.isArray()) throw new ScenarioException(file, 0, key + " must be a list");
        for (JsonNode v : n) {
            if (!v.isString()) throw new ScenarioException(file, 0, key + " must be a list of strings");
            out.add(v.stringValue());
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = ExerciseLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new ScenarioException(resource, 0, "missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(resource, 0, "cannot read: " + e.getMessage());
        }
    }
}

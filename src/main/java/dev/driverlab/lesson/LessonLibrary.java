package dev.driverlab.lesson;

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
 * The lessons shipped in the jar: {@code lessons/index.txt} lists scenario ids, {@code lessons/<id>.yaml} holds
 * {@code title} and {@code steps} ({@code text}, {@code command}, {@code question: {kind, prompt, choices}},
 * {@code pause}). Commands are checked as script lines when the library loads.
 */
public final class LessonLibrary {
    public static final Set<String> KINDS = Set.of("next", "freed", "refcount", "dmesg", "text");
    public static final int MAX_STEPS = 200;
    private static final Set<String> STEP_KEYS = Set.of("text", "command", "question", "pause");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static volatile LessonLibrary builtIn;
    private final Map<String, Lesson> byScenario = new LinkedHashMap<>();

    LessonLibrary(List<Lesson> lessons) {
        for (Lesson l : lessons) byScenario.put(l.scenario(), l);
    }

    public static LessonLibrary builtIn() {
        if (builtIn == null) {
            synchronized (LessonLibrary.class) {
                if (builtIn == null) builtIn = load(ScenarioLibrary.builtIn());
            }
        }
        return builtIn;
    }

    public List<Lesson> all() {
        return List.copyOf(byScenario.values());
    }

    public Optional<Lesson> find(String scenario) {
        return Optional.ofNullable(byScenario.get(scenario));
    }

    static LessonLibrary load(ScenarioLibrary scenarios) {
        List<Lesson> list = new ArrayList<>();
        for (String line : read("lessons/index.txt").lines().toList()) {
            String id = line.replaceAll("#.*", "").strip();
            if (id.isEmpty()) continue;
            Scenario s = scenarios
                    .find(id)
                    .orElseThrow(() -> new ScenarioException(
                            "lessons/index.txt", 0, "lesson '" + id + "' names no built-in scenario"));
            list.add(parse("lessons/" + id + ".yaml", s, read("lessons/" + id + ".yaml")));
        }
        return new LessonLibrary(list);
    }

    public static Lesson parse(String file, Scenario s, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (RuntimeException e) {
            throw new ScenarioException(file, 0, "malformed YAML");
        }
        if (root == null
                || !root.isObject()
                || !root.has("steps")
                || !root.get("steps").isArray()) {
            throw new ScenarioException(file, 1, "a lesson is a mapping with title and a list of steps");
        }
        JsonNode stepsNode = root.get("steps");
        if (stepsNode.isEmpty() || stepsNode.size() > MAX_STEPS) {
            throw new ScenarioException(file, 0, "a lesson has 1.." + MAX_STEPS + " steps");
        }
        List<Lesson.Step> steps = new ArrayList<>();
        for (int i = 0; i < stepsNode.size(); i++) {
            JsonNode n = stepsNode.get(i);
            String where = "steps[" + i + "]";
            if (!n.isObject()) throw new ScenarioException(file, 0, where + " must be a mapping");
            for (String key : n.propertyNames()) {
                if (!STEP_KEYS.contains(key))
                    throw new ScenarioException(file, 0, "unknown key '" + key + "' in " + where);
            }
            String text = n.has("text") ? n.get("text").asString().strip() : "";
            String command = n.has("command") ? n.get("command").asString().strip() : null;
            if (command != null && ScriptParser.parseLine(file, command, i + 1) == null) {
                throw new ScenarioException(file, 0, where + ".command is empty");
            }
            Lesson.Question q = null;
            if (n.has("question")) {
                JsonNode qn = n.get("question");
                String kind = qn.has("kind") ? qn.get("kind").asString() : "text";
                if (!KINDS.contains(kind))
                    throw new ScenarioException(
                            file, 0, where + ".question.kind must be one of " + new TreeSet<>(KINDS));
                List<String> choices = new ArrayList<>();
                if (qn.has("choices")) for (JsonNode c : qn.get("choices")) choices.add(c.asString());
                q = new Lesson.Question(
                        kind, qn.has("prompt") ? qn.get("prompt").asString().strip() : null, choices);
                if (command == null)
                    throw new ScenarioException(file, 0, where + ": a question is asked before a command");
            }
            if (text.isEmpty() && command == null)
                throw new ScenarioException(file, 0, where + " has neither text nor command");
            steps.add(new Lesson.Step(
                    text, command, q, n.has("pause") && n.get("pause").asBoolean()));
        }
        String title = root.has("title") ? root.get("title").asString() : s.title();
        return new Lesson(s.id(), title, steps);
    }

    private static String read(String resource) {
        try (InputStream in = LessonLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new ScenarioException(resource, 0, "missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(resource, 0, "cannot read: " + e.getMessage());
        }
    }
}

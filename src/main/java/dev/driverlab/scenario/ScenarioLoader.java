package dev.driverlab.scenario;

import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.GpioSpec;
import dev.driverlab.kernel.KernelVersion;
import dev.driverlab.kernel.World;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads one scenario YAML file. Validation is by hand over the tree rather than by data-binding, so every mistake
 * an author can make gets a message of ours with the line of the offending key.
 */
public final class ScenarioLoader {
    static final List<String> KEYS = List.of(
            "id", "title", "summary", "seed", "module", "modules", "world", "kernel", "script", "scripts", "source",
            "sources", "lesson", "tags", "explore");
    private static final List<String> REQUIRED = List.of("id", "title", "summary");
    private static final List<String> WORLD_KEYS = List.of("cpus", "devices", "gpio");
    private static final List<String> GPIO_KEYS = List.of("base", "lines", "high");
    private static final List<String> DEVICE_KEYS =
            List.of("name", "bus", "irq", "vendor", "product", "data", "compatible", "properties");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern MODULE = Scenario.MODULE_NAME;

    private ScenarioLoader() {}

    /** Reads {@code file} as UTF-8; messages name the file as given. */
    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ScenarioException(file.toString(), 0, "cannot read file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code yamlText}; {@code fileName} only labels the messages. */
    public static Scenario parse(String fileName, String yamlText) {
        YamlDocument doc = YamlDocument.parse(fileName, yamlText);
        JsonNode root = doc.root();
        if (!root.isObject()) {
            throw new ScenarioException(
                    fileName,
                    Math.max(1, doc.valueLine("")),
                    "a scenario must be a mapping of keys (" + String.join(", ", REQUIRED) + ", ...)");
        }
        checkKeys(doc, "", root, KEYS, "");
        // every missing key at once: a user fixing them one error at a time would run the file once per key
        List<String> missing = REQUIRED.stream()
                .filter(k -> !root.has(k))
                .map(k -> "'" + k + "'")
                .toList();
        if (missing.size() == 1) throw doc.error("missing required key " + missing.get(0));
        if (!missing.isEmpty()) throw doc.error("missing required keys " + String.join(", ", missing));
        String id = requiredText(doc, root, "id");
        if (!ID.matcher(id).matches()) {
            throw doc.errorAtValue("/id", "id '" + id + "' must match [a-z0-9][a-z0-9-]* (lower case, digits, '-')");
        }
        String module = optionalText(doc, root, "module");
        if (module != null && !MODULE.matcher(module).matches()) {
            throw doc.errorAtValue("/module", "module '" + module + "' must match [A-Za-z0-9_-]+");
        }
        String title = requiredText(doc, root, "title");
        String summary = requiredText(doc, root, "summary");
        String seed = optionalText(doc, root, "seed");
        World world = world(doc, root.get("world")).withKernel(kernel(doc, root.get("kernel")));
        String script = optionalText(doc, root, "script");
        Map<String, String> scripts = scripts(doc, root.get("scripts"));
        Map<String, String> sources = sources(doc, root.get("sources"));
        if (!root.has("source") && sources.keySet().stream().noneMatch(n -> n.endsWith(".c"))) {
            throw doc.error("missing required key 'source' (or a '.c' file under 'sources')");
        }
        String source = root.has("source") ? requiredText(doc, root, "source") : "";
        Map<String, List<String>> modules =
                modules(doc, root.get("modules"), sources, source.isEmpty() ? null : module);
        if (!modules.isEmpty()) {
            if (module == null) module = modules.keySet().iterator().next();
            else if (!modules.containsKey(module)) {
                throw doc.errorAtValue("/module", "module '" + module + "' is not one of 'modules'");
            }
        }
        String lesson = optionalText(doc, root, "lesson");
        List<String> tags = tags(doc, root.get("tags"));
        ExploreSpec explore = explore(doc, root.get("explore"));
        return Scenario.builder(id, title, summary, source)
                .seed(seed)
                .module(module)
                .world(world)
                .script(script)
                .scripts(scripts)
                .lesson(lesson)
                .tags(tags)
                .explore(explore)
                .sources(sources)
                .modules(modules)
                .build();
    }

    /** Rejects keys outside {@code allowed}, in file order, so the first typo reported is the first in the file. */
    private static void checkKeys(YamlDocument doc, String pointer, JsonNode map, List<String> allowed, String where) {
        for (String key : map.propertyNames()) {
            if (!allowed.contains(key)) {
                throw doc.errorAtKey(
                        child(pointer, key),
                        "unknown key '" + key + "'" + where + " (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String requiredText(YamlDocument doc, JsonNode map, String key) {
        JsonNode node = map.get(key);
        if (node.isNull() || (node.isString() && node.stringValue().isBlank())) {
            throw doc.errorAtKey("/" + key, key + " must not be empty");
        }
        if (!node.isString()) {
            throw doc.errorAtValue("/" + key, key + " must be a string");
        }
        return node.stringValue();
    }

    /** Null when absent; an empty {@code key:} counts as absent, as authors leave placeholders that way. */
    private static String optionalText(YamlDocument doc, JsonNode map, String key) {
        JsonNode node = map.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw doc.errorAtValue("/" + key, key + " must be a string");
        }
        return node.stringValue();
    }

    /** {@code kernel: "6.6"}: which kernel's wording the reports use (default 6.1). */
    private static KernelVersion kernel(YamlDocument doc, JsonNode node) {
        if (node == null || node.isNull()) return KernelVersion.V6_1;
        String given = node.isString() ? node.stringValue() : node.toString();
        String problem = node.isString() ? KernelVersion.problem(given) : KernelVersion.unknown(given);
        if (problem != null) throw doc.errorAtValue("/kernel", problem);
        return KernelVersion.parse(given);
    }

    private static World world(YamlDocument doc, JsonNode world) {
        if (world == null || world.isNull()) {
            return World.DEFAULT;
        }
        if (!world.isObject()) {
            throw doc.errorAtValue("/world", "world must be a mapping with keys: " + String.join(", ", WORLD_KEYS));
        }
        checkKeys(doc, "/world", world, WORLD_KEYS, " in world");
        int cpus = World.DEFAULT.cpus();
        JsonNode cpusNode = world.get("cpus");
        if (cpusNode != null) {
            if (!isIntIn(cpusNode, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                throw doc.errorAtValue("/world/cpus", "world.cpus must be an integer between 1 and " + World.MAX_CPUS);
            }
            cpus = cpusNode.intValue();
        }
        World w = new World(cpus, devices(doc, world.get("devices")), null, gpio(doc, world.get("gpio")));
        World.Problem problem = w.problem();
        if (problem != null) {
            int first = problem.earlier() == null ? 0 : doc.valueLine(problem.earlier() + "/name");
            throw doc.errorAtValue(
                    problem.pointer(), problem.message() + (first > 0 ? " (first defined at line " + first + ")" : ""));
        }
        return w;
    }

    /** {@code gpio: {base: 0, lines: 64, high: [17]}}: the world's GPIO controller (each key optional). */
    private static GpioSpec gpio(YamlDocument doc, JsonNode gpio) {
        if (gpio == null || gpio.isNull()) return GpioSpec.DEFAULT;
        if (!gpio.isObject()) {
            throw doc.errorAtValue(
                    "/world/gpio", "world.gpio must be a mapping with keys: " + String.join(", ", GPIO_KEYS));
        }
        checkKeys(doc, "/world/gpio", gpio, GPIO_KEYS, " in world.gpio");
        int base = gpioInt(doc, gpio.get("base"), "base", GpioSpec.DEFAULT.base());
        int lines = gpioInt(doc, gpio.get("lines"), "lines", GpioSpec.DEFAULT.lines());
        List<Integer> high = new ArrayList<>();
        JsonNode highNode = gpio.get("high");
        if (highNode != null && !highNode.isNull()) {
            if (!highNode.isArray()) throw doc.errorAtValue("/world/gpio/high", "world.gpio.high must be a list");
            for (int i = 0; i < highNode.size(); i++) {
                if (!isIntIn(highNode.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                    throw doc.errorAtValue(
                            "/world/gpio/high/" + i, "world.gpio.high must list GPIO numbers (integers)");
                }
                high.add(highNode.get(i).intValue());
            }
        }
        return new GpioSpec(base, lines, high);
    }

    private static int gpioInt(YamlDocument doc, JsonNode node, String key, int absent) {
        if (node == null || node.isNull()) return absent;
        if (!isIntIn(node, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
            throw doc.errorAtValue("/world/gpio/" + key, "world.gpio." + key + " must be an integer");
        }
        return node.intValue();
    }

    private static List<DeviceSpec> devices(YamlDocument doc, JsonNode devices) {
        List<DeviceSpec> result = new ArrayList<>();
        if (devices == null || devices.isNull()) {
            return result;
        }
        if (!devices.isArray()) {
            throw doc.errorAtValue("/world/devices", "world.devices must be a list");
        }
        for (int i = 0; i < devices.size(); i++) {
            String pointer = "/world/devices/" + i;
            String where = "world.devices[" + i + "]";
            JsonNode device = devices.get(i);
            if (!device.isObject()) {
                throw doc.errorAtValue(
                        pointer, where + " must be a mapping with keys: " + String.join(", ", DEVICE_KEYS));
            }
            checkKeys(doc, pointer, device, DEVICE_KEYS, " in " + where);
            String name = deviceText(doc, pointer, device, "name", where);
            String bus = deviceText(doc, pointer, device, "bus", where);
            Integer irq = null;
            JsonNode irqNode = device.get("irq");
            if (irqNode != null && !irqNode.isNull()) {
                if (!isIntIn(irqNode, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                    throw doc.errorAtValue(
                            pointer + "/irq", where + ".irq must be an integer between 1 and " + DeviceSpec.MAX_IRQ);
                }
                irq = irqNode.intValue();
            }
            Integer vendor = optionalInt(doc, pointer, device, "vendor", where);
            Integer product = optionalInt(doc, pointer, device, "product", where);
            JsonNode dataNode = device.get("data");
            if (dataNode != null && !dataNode.isNull() && !dataNode.isString()) {
                throw doc.errorAtValue(pointer + "/data", where + ".data must be a string");
            }
            DeviceSpec spec = new DeviceSpec(
                    name,
                    bus,
                    irq,
                    vendor,
                    product,
                    dataNode == null || dataNode.isNull() ? null : dataNode.stringValue(),
                    device.has("compatible") ? deviceText(doc, pointer, device, "compatible", where) : null,
                    properties(doc, pointer, device.get("properties"), where));
            result.add(spec);
        }
        return result;
    }

    /**
     * A devicetree node's properties, in order: strings, integers, lists and true become String, Long, List and
     * Boolean; what they may be is DeviceSpec's rule (World.problem), the same for a request's JSON.
     */
    private static Map<String, Object> properties(YamlDocument doc, String pointer, JsonNode node, String where) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw doc.errorAtValue(pointer + "/properties", where + ".properties must be a mapping");
        Map<String, Object> result = new LinkedHashMap<>();
        for (var e : node.properties()) result.put(e.getKey(), propertyValue(e.getValue()));
        return result;
    }

    private static Object propertyValue(JsonNode v) {
        if (v.isString()) return v.stringValue();
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
        if (v.isBoolean()) return v.booleanValue();
        if (v.isArray()) {
            List<Object> cells = new ArrayList<>();
            for (JsonNode c : v) cells.add(propertyValue(c));
            return cells;
        }
        return v; // neither: World.problem says what a property may be
    }

    private static Integer optionalInt(YamlDocument doc, String pointer, JsonNode device, String key, String where) {
        JsonNode node = device.get(key);
        if (node == null || node.isNull()) return null;
        if (node.isString() && node.stringValue().matches("0[xX][0-9a-fA-F]{1,4}")) {
            return Integer.parseInt(node.stringValue().substring(2), 16); // YAML 1.2 hex, as lsusb prints ids
        }
        if (!isIntIn(node, 0, 0xffff)) {
            throw doc.errorAtValue(pointer + "/" + key, where + "." + key + " must be an integer between 0 and 0xffff");
        }
        return node.intValue();
    }

    private static String deviceText(YamlDocument doc, String pointer, JsonNode device, String key, String where) {
        JsonNode node = device.get(key);
        if (node == null) {
            throw doc.errorAtValue(pointer, where + " is missing required key '" + key + "'");
        }
        if (!node.isString() || node.stringValue().isBlank()) {
            throw doc.errorAtValue(pointer + "/" + key, where + "." + key + " must be a non-empty string");
        }
        return node.stringValue();
    }

    /** A module's other files: name (a C file or header, maybe in directories) to text, in file order. */
    private static Map<String, String> sources(YamlDocument doc, JsonNode sources) {
        Map<String, String> result = new LinkedHashMap<>();
        if (sources == null || sources.isNull()) return result;
        if (!sources.isObject()) {
            throw doc.errorAtValue("/sources", "sources must be a mapping of file name (x.c, x.h) to its text");
        }
        for (Map.Entry<String, JsonNode> entry : sources.properties()) {
            String name = entry.getKey();
            if (!Scenario.SOURCE_NAME.matcher(name).matches()) {
                throw doc.errorAtKey(
                        child("/sources", name),
                        "source file name '" + name
                                + "' must be a C file or header, at most three directories deep (like scull.h, pipe.c"
                                + " or include/scull.h)");
            }
            if (!entry.getValue().isString()) {
                throw doc.errorAtValue(child("/sources", name), "sources." + name + " must be a string");
            }
            if (result.size() == Scenario.MAX_SOURCES) {
                throw doc.errorAtKey(child("/sources", name), "at most " + Scenario.MAX_SOURCES + " source files");
            }
            result.put(name, entry.getValue().stringValue());
        }
        return result;
    }

    /**
     * {@code modules: {vinput: [vinput.c], vkbd: [vkbd.c]}}: several modules built together, each of its C files
     * (a list, or one name) from {@code sources} (or MODULE.c, the {@code source} of the main module).
     */
    private static Map<String, List<String>> modules(
            YamlDocument doc, JsonNode modules, Map<String, String> sources, String mainWithSource) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (modules == null || modules.isNull()) return result;
        if (!modules.isObject()) {
            throw doc.errorAtValue("/modules", "modules must be a mapping of module name to its C files");
        }
        for (Map.Entry<String, JsonNode> entry : modules.properties()) {
            String name = entry.getKey();
            String pointer = child("/modules", name);
            if (!MODULE.matcher(name).matches()) {
                throw doc.errorAtKey(pointer, "module '" + name + "' must match [A-Za-z0-9_-]+");
            }
            JsonNode value = entry.getValue();
            List<String> files = new ArrayList<>();
            if (value.isString()) files.add(value.stringValue());
            else if (value.isArray()) {
                for (JsonNode f : value) {
                    if (!f.isString()) throw doc.errorAtValue(pointer, "modules." + name + " must list file names");
                    files.add(f.stringValue());
                }
            } else {
                throw doc.errorAtValue(pointer, "modules." + name + " must be a C file or a list of them");
            }
            if (files.isEmpty()) throw doc.errorAtValue(pointer, "modules." + name + " needs a C file");
            for (String f : files) {
                boolean main = mainWithSource != null && f.equals(mainWithSource + ".c");
                if (!f.endsWith(".c") || (!sources.containsKey(f) && !main)) {
                    throw doc.errorAtValue(pointer, "modules." + name + ": '" + f + "' is not a C file of 'sources'");
                }
            }
            result.put(name, files);
        }
        return result;
    }

    private static Map<String, String> scripts(YamlDocument doc, JsonNode scripts) {
        Map<String, String> result = new LinkedHashMap<>();
        if (scripts == null || scripts.isNull()) {
            return result;
        }
        if (!scripts.isObject()) {
            throw doc.errorAtValue("/scripts", "scripts must be a mapping of script name to script text");
        }
        for (Map.Entry<String, JsonNode> entry : scripts.properties()) {
            if (!entry.getValue().isString()) {
                throw doc.errorAtValue(
                        child("/scripts", entry.getKey()), "scripts." + entry.getKey() + " must be a string");
            }
            result.put(entry.getKey(), entry.getValue().stringValue());
        }
        return result;
    }

    /** {@code explore: {setup: "insmod m", events: ["unbind dev", "irq 17"], depth: 400, permute: true, cpus: true}}. */
    private static ExploreSpec explore(YamlDocument doc, JsonNode explore) {
        if (explore == null || explore.isNull()) return ExploreSpec.NONE;
        if (!explore.isObject()) throw doc.errorAtValue("/explore", "explore must be a mapping");
        checkKeys(doc, "/explore", explore, List.of("setup", "events", "depth", "permute", "cpus"), " in explore");
        JsonNode events = explore.get("events");
        List<String> list = new ArrayList<>();
        if (events == null || events.isNull()) return ExploreSpec.NONE;
        if (!events.isArray()) {
            throw doc.errorAtValue("/explore/events", "explore.events must be a list of script commands");
        }
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).isString()) {
                throw doc.errorAtValue("/explore/events/" + i, "explore.events[" + i + "] must be a string");
            }
            list.add(events.get(i).asString());
        }
        JsonNode depth = explore.get("depth");
        int d = 400;
        if (depth != null) {
            if (!depth.isInt() || depth.asInt() < 1 || depth.asInt() > 100_000) {
                throw doc.errorAtValue("/explore/depth", "explore.depth must be an integer between 1 and 100000");
            }
            d = depth.asInt();
        }
        JsonNode setup = explore.get("setup");
        if (setup != null && !setup.isString())
            throw doc.errorAtValue("/explore/setup", "explore.setup must be a string");
        return new ExploreSpec(
                setup == null ? null : setup.asString(),
                list,
                d,
                flag(doc, explore, "permute"),
                flag(doc, explore, "cpus"));
    }

    private static boolean flag(YamlDocument doc, JsonNode explore, String name) {
        JsonNode v = explore.get(name);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw doc.errorAtValue("/explore/" + name, "explore." + name + " must be true or false");
        return v.asBoolean();
    }

    private static List<String> tags(YamlDocument doc, JsonNode tags) {
        List<String> result = new ArrayList<>();
        if (tags == null || tags.isNull()) {
            return result;
        }
        if (!tags.isArray()) {
            throw doc.errorAtValue("/tags", "tags must be a list of strings");
        }
        for (int i = 0; i < tags.size(); i++) {
            if (!tags.get(i).isString()) {
                throw doc.errorAtValue("/tags/" + i, "tags[" + i + "] must be a string");
            }
            result.add(tags.get(i).stringValue());
        }
        return result;
    }

    private static boolean isIntIn(JsonNode node, int min, int max) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= min && node.intValue() <= max;
    }

    /** The JSON pointer of {@code key} under {@code pointer}, escaped as Jackson's parser reports it. */
    private static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }
}

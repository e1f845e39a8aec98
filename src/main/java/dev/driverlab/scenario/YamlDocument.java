package dev.driverlab.scenario;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.JsonTokenId;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML file read as a tree plus the line of every key and value, addressed by JSON pointer ("/world/cpus").
 * A {@link JsonNode} forgets where it came from, so a first streaming pass records the lines (and rejects what
 * the tree would silently accept: duplicate keys, a second document); the tree is read afterwards.
 */
final class YamlDocument {
    /**
     * A factory, not a {@code YAMLMapper}: constructing a mapper costs ~0.5 s of CPU at a cold start (most of a CLI
     * run's non-compile time), and {@link #tree} builds the same tree a mapper's {@code readTree} would.
     */
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final JsonNode root;
    private final Map<String, Integer> keyLines;
    private final Map<String, Integer> valueLines;

    private YamlDocument(String file, JsonNode root, Map<String, Integer> keyLines, Map<String, Integer> valueLines) {
        this.file = file;
        this.root = root;
        this.keyLines = keyLines;
        this.valueLines = valueLines;
    }

    static YamlDocument parse(String file, String text) {
        Map<String, Integer> keyLines = new HashMap<>();
        Map<String, Integer> valueLines = new HashMap<>();
        checkCharacters(file, text);
        try {
            if (!recordLines(file, text, keyLines, valueLines)) {
                throw new ScenarioException(file, 0, "empty scenario file");
            }
            return new YamlDocument(file, tree(text), keyLines, valueLines);
        } catch (JacksonException e) {
            throw malformed(file, e);
        } catch (ScenarioException e) {
            throw e;
        } catch (RuntimeException e) { // a bug of the YAML library on odd input: still the author's malformed file
            throw new ScenarioException(file, 0, "malformed YAML: the YAML parser cannot read this file");
        }
    }

    /**
     * YAML is Unicode text: an unpaired UTF-16 surrogate (from a JSON string "\ud83d", or a file cut in the middle
     * of an emoji) is no character at all, and SnakeYAML fails on one at the end of its 1024-character buffer.
     */
    private static void checkCharacters(String file, String text) {
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ScenarioException(
                        file,
                        line,
                        "malformed YAML: invalid character (an unpaired surrogate " + String.format("U+%04X", (int) c)
                                + ")");
            }
        }
    }

    private static JsonParser parser(String text) {
        return FACTORY.createParser(ObjectReadContext.empty(), text);
    }

    /**
     * The tree of a document {@link #recordLines} accepted (one document, no duplicate keys), node for node what
     * Jackson's {@code readTree} with default features builds: ints as int, long or BigInteger nodes by size,
     * floats as doubles, nulls kept, {@code !!binary} as binary; a value the parser cannot convert (a malformed
     * number) throws the parser's own exception, as there.
     */
    static JsonNode tree(String text) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        try (JsonParser p = parser(text)) {
            Deque<ContainerNode<?>> open = new ArrayDeque<>();
            JsonNode root = null;
            String name = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.PROPERTY_NAME) {
                    name = p.currentName();
                    continue;
                }
                if (t.isStructEnd()) {
                    open.pop();
                    continue;
                }
                JsonNode value = switch (t.id()) {
                    case JsonTokenId.ID_START_OBJECT -> nodes.objectNode();
                    case JsonTokenId.ID_START_ARRAY -> nodes.arrayNode();
                    case JsonTokenId.ID_STRING -> nodes.stringNode(p.getString());
                    case JsonTokenId.ID_NUMBER_INT ->
                        switch (p.getNumberType()) {
                            case INT -> nodes.numberNode(p.getIntValue());
                            case LONG -> nodes.numberNode(p.getLongValue());
                            default -> nodes.numberNode(p.getBigIntegerValue());
                        };
                    case JsonTokenId.ID_NUMBER_FLOAT ->
                        switch (p.getNumberTypeFP()) {
                            case BIG_DECIMAL -> nodes.numberNode(p.getDecimalValue());
                            case FLOAT32 -> nodes.numberNode(p.getFloatValue());
                            default -> nodes.numberNode(p.getDoubleValue());
                        };
                    case JsonTokenId.ID_TRUE -> nodes.booleanNode(true);
                    case JsonTokenId.ID_FALSE -> nodes.booleanNode(false);
                    case JsonTokenId.ID_NULL -> nodes.nullNode();
                    case JsonTokenId.ID_EMBEDDED_OBJECT -> embedded(nodes, p.getEmbeddedObject());
                    default -> throw new IllegalStateException("unexpected YAML token " + t);
                };
                ContainerNode<?> parent = open.peek();
                if (parent instanceof ObjectNode o) {
                    o.set(name, value);
                } else if (parent instanceof ArrayNode a) {
                    a.add(value);
                } else {
                    root = value;
                }
                if (value instanceof ContainerNode<?> c) open.push(c);
            }
            return root;
        }
    }

    private static JsonNode embedded(JsonNodeFactory nodes, Object o) {
        if (o == null) return nodes.nullNode();
        if (o instanceof byte[] bytes) return nodes.binaryNode(bytes);
        if (o instanceof JsonNode node) return node;
        return nodes.pojoNode(o);
    }

    /** Returns false when the text holds no YAML value at all (empty, or only comments). */
    private static boolean recordLines(
            String file, String text, Map<String, Integer> keyLines, Map<String, Integer> valueLines) {
        try (JsonParser p = parser(text)) {
            Deque<Set<String>> openObjects = new ArrayDeque<>();
            JsonToken token = p.nextToken();
            if (token == null) {
                return false;
            }
            int depth = 0;
            do {
                String pointer = p.streamReadContext().pathAsPointer().toString();
                int line = p.currentTokenLocation().getLineNr();
                if (token == JsonToken.PROPERTY_NAME) {
                    if (!openObjects.peek().add(p.currentName())) {
                        throw new ScenarioException(file, line, "duplicate key '" + dotted(pointer) + "'");
                    }
                    keyLines.put(pointer, line);
                } else if (token.isStructEnd()) {
                    depth--;
                    if (token == JsonToken.END_OBJECT) {
                        openObjects.pop();
                    }
                } else {
                    valueLines.putIfAbsent(pointer, line);
                    if (token.isStructStart()) {
                        depth++;
                        if (token == JsonToken.START_OBJECT) {
                            openObjects.push(new HashSet<>());
                        }
                    }
                }
                token = p.nextToken();
                if (depth == 0 && token != null) {
                    throw new ScenarioException(
                            file,
                            p.currentTokenLocation().getLineNr(),
                            "only one YAML document is allowed per scenario file");
                }
            } while (token != null);
            return true;
        }
    }

    /**
     * SnakeYAML's own mark points at the offending character; Jackson's location is often the last good token,
     * a line too early, so prefer the former.
     */
    private static ScenarioException malformed(String file, JacksonException e) {
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        String reason = withoutJavaDetail(firstLine(e.getOriginalMessage()));
        if (e.getCause() instanceof MarkedYamlEngineException yaml) {
            if (yaml.getProblemMark().isPresent()) {
                line = yaml.getProblemMark().get().getLine() + 1;
            }
            String problem = firstLine(yaml.getProblem());
            String context = firstLine(yaml.getContext());
            reason = context.isEmpty() ? problem : context + ": " + problem;
        }
        return new ScenarioException(file, line, "malformed YAML: " + reason);
    }

    /**
     * Jackson's own messages go on to say which Java type a value did not fit ("Invalid base-16 number ('1Fx'),
     * problem: ... cannot be represented as `java.math.BigInteger`"): the author needs the first part only.
     */
    private static String withoutJavaDetail(String message) {
        int problem = message.indexOf(", problem:");
        String kept = problem >= 0 ? message.substring(0, problem) : message;
        return kept.replaceAll("`?\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.[A-Z][\\w$]*`?", "value");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String trimmed = s.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }

    /** "/world/devices/1/irq" as authors write it: "world.devices[1].irq". */
    static String dotted(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            if (!part.isEmpty() && part.chars().allMatch(Character::isDigit) && sb.length() > 0) {
                sb.append('[').append(part).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }

    String file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** The line of the key at {@code pointer}, else of its value, else 0. */
    int keyLine(String pointer) {
        Integer line = keyLines.get(pointer);
        return line != null ? line : valueLine(pointer);
    }

    /** The line where the value at {@code pointer} starts, else of its key, else 0. */
    int valueLine(String pointer) {
        Integer line = valueLines.get(pointer);
        if (line == null) {
            line = keyLines.get(pointer);
        }
        return line == null ? 0 : line;
    }

    ScenarioException errorAtKey(String pointer, String reason) {
        return new ScenarioException(file, keyLine(pointer), reason);
    }

    ScenarioException errorAtValue(String pointer, String reason) {
        return new ScenarioException(file, valueLine(pointer), reason);
    }

    ScenarioException error(String reason) {
        return new ScenarioException(file, 0, reason);
    }
}

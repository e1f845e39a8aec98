package dev.driverlab.scenario;

import static dev.driverlab.Fuzz.pick;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.Fuzz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the scenario loader: any text, and in particular any mutation of a real scenario file, loads as a
 * scenario or fails with a ScenarioException naming the file ("t.yaml:LINE: error: ..."), never another exception
 * and never a Java class name in the message.
 */
class ScenarioLoaderProperties {
    private static final List<String> FILES = scenarioFiles();
    private static final List<String> SNIPPETS = List.of(
            ":",
            ": ",
            "- ",
            "-",
            "{",
            "}",
            "[",
            "]",
            ",",
            "&a ",
            "*a",
            "!!binary ",
            "!!int ",
            "!!str ",
            "<<: *a",
            "---\n",
            "...\n",
            "\t",
            "\"",
            "'",
            "|",
            ">",
            "|-\n",
            "#",
            "?",
            "%YAML 1.1\n",
            "\u0000",
            "\uFEFF",
            "\u2028",
            "\r",
            "\r\n",
            "@",
            "`",
            "~",
            "null",
            "true",
            "0x1F",
            "1e400",
            "99999999999999999999",
            "-1",
            "cpus: ",
            "irq: ",
            "bus: usb",
            "devices:\n  - ",
            "world: ",
            "scripts: {a: b}",
            "tags: [x, y]",
            "explore: {events: [irq 17], depth: 3}",
            "id: Bad Id",
            "module: bad/mod",
            "\u00e9",
            "\uD83D\uDE00");

    @Test
    void mutatedScenarioFilesLoadOrFailWithAScenarioException() {
        Fuzz.check("mutated-scenario", ScenarioLoaderProperties::mutatedScenario, ScenarioLoaderProperties::load);
    }

    @Test
    void yamlSoupsLoadOrFailWithAScenarioException() {
        Fuzz.check(
                "yaml-soup",
                random -> {
                    StringBuilder yaml = new StringBuilder();
                    for (int i = random.nextInt(80); i > 0; i--) {
                        yaml.append(pick(random, SNIPPETS));
                        if (random.nextInt(4) == 0) yaml.append('\n').append(" ".repeat(random.nextInt(6)));
                    }
                    return yaml.toString();
                },
                ScenarioLoaderProperties::load);
    }

    static void load(String yaml) {
        try {
            Scenario s = ScenarioLoader.parse("t.yaml", yaml);
            assertThat(s.id()).isNotBlank();
            assertThat(s.source()).isNotNull();
        } catch (ScenarioException e) {
            assertThat(e.getMessage())
                    .startsWith("t.yaml")
                    .contains(": error: ")
                    .doesNotContainPattern("\\b(java|tools\\.jackson|org\\.snakeyaml)\\.")
                    .doesNotContain("Exception");
        }
    }

    static String mutatedScenario(Random random) {
        String text = pick(random, FILES);
        for (int i = 1 + random.nextInt(4); i > 0; i--) text = mutate(text, random);
        return text;
    }

    private static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(10)) {
            case 0 -> lines.remove(line);
            case 1 -> lines.add(line, lines.get(random.nextInt(lines.size())));
            case 2 -> Collections.swap(lines, line, random.nextInt(lines.size()));
            case 3 ->
                lines.set(line, " ".repeat(random.nextInt(5)) + lines.get(line).stripLeading());
            case 4 -> {
                return text.substring(0, at) + pick(random, SNIPPETS) + text.substring(at);
            }
            case 5 -> {
                return text.substring(0, at);
            }
            case 6 -> { // an alias bomb: each level refers to the previous one ten times
                StringBuilder bomb = new StringBuilder("lol0: &l0 [x]\n");
                for (int i = 1; i < 12; i++) {
                    bomb.append("lol")
                            .append(i)
                            .append(": &l")
                            .append(i)
                            .append(" [")
                            .append(String.join(", ", Collections.nCopies(10, "*l" + (i - 1))))
                            .append("]\n");
                }
                lines.add(line, bomb.toString());
            }
            case 7 -> { // deep flow nesting
                int n = 1 + random.nextInt(random.nextBoolean() ? 50 : 20_000);
                lines.add(line, "deep: " + "[".repeat(n) + "]".repeat(n));
            }
            case 8 -> lines.set(line, lines.get(line) + " " + pick(random, SNIPPETS) + pick(random, SNIPPETS));
            default -> { // a value replaced
                String l = lines.get(line);
                int colon = l.indexOf(": ");
                if (colon >= 0) lines.set(line, l.substring(0, colon + 2) + pick(random, SNIPPETS));
            }
        }
        return String.join("\n", lines);
    }

    private static List<String> scenarioFiles() {
        List<String> texts = new ArrayList<>();
        for (String dir : List.of("src/main/resources/scenarios", "src/test/resources/scenarios")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml"))
                        .sorted()
                        .toList()) {
                    texts.add(Files.readString(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts;
    }
}

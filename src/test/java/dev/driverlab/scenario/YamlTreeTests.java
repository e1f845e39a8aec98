package dev.driverlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The scenario tree is built from the parser's tokens (no YAMLMapper, for fast starts): node for node readTree's. */
class YamlTreeTests {
    private static final List<String> ODD = List.of(
            "a:\nb: ~\nc: null\n",
            "x: 1.5\ny: 1e400\nz: .nan\nw: -.inf\nu: 1.0\nv: 0.1\n",
            "i: 12345678901\nj: 123456789012345678901234567890\nk: 0x1F\nl: 0o17\nm: 0b101\nn: 1_000\n",
            "c: -2147483649\nd: 2147483648\ne: 0777\nf: 09\ng: +12\nh: -0\n",
            "b: !!binary aGVsbG8=\n",
            "e: {}\nf: []\ng: [[1, {h: [true, false, yes, no, on]}]]\n",
            "- 1\n- two\n",
            "just a string\n",
            "42\n",
            "'q': \"r\\n\"\nt: |\n  multi\n  line\n",
            "a: &x 1\nb: *x\n",
            "d: 2024-01-01\nt: 12:30\n",
            "k: !!str 12\nv: !!int '7'\nw: !!float 1\nx: !custom 3\n",
            "a: 0x\nb: 1_\nc: 0o9\nd: 0x1Fx\ne: 1.2.3\n");

    @Test
    void treeIsWhatReadTreeBuildsForEveryScenarioAndOddScalars() throws IOException {
        List<String> texts = new ArrayList<>(ODD);
        for (String dir : List.of("src/main/resources/scenarios", "src/test/resources/scenarios")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".yaml"))
                        .sorted()
                        .toList()) {
                    texts.add(Files.readString(f));
                }
            }
        }
        assertThat(texts).hasSizeGreaterThan(ODD.size() + 20);
        YAMLMapper mapper = new YAMLMapper();
        for (String text : texts) {
            JsonNode expected;
            try {
                expected = mapper.readTree(text);
            } catch (JacksonException e) { // a value the parser cannot convert: the same exception from both
                assertThatThrownBy(() -> YamlDocument.tree(text))
                        .as(text)
                        .isInstanceOf(e.getClass())
                        .hasMessage(e.getMessage());
                continue;
            }
            JsonNode actual = YamlDocument.tree(text);
            assertThat(actual).as(text).isEqualTo(expected);
            assertThat(shape(actual)).as(text).isEqualTo(shape(expected));
        }
    }

    /** Node classes too: an IntNode and a LongNode of the same value are not interchangeable for the loader. */
    private static String shape(JsonNode n) {
        StringBuilder sb = new StringBuilder(n.getClass().getSimpleName());
        if (n.isContainer()) {
            sb.append('(');
            n.forEach(c -> sb.append(shape(c)).append(','));
            n.properties()
                    .forEach(e -> sb.append(e.getKey())
                            .append(':')
                            .append(shape(e.getValue()))
                            .append(','));
            sb.append(')');
        }
        return sb.toString();
    }
}

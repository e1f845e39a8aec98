package dev.driverlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLibraryTests {
    // Read from the source tree, not the classpath: the point is to catch a file added without an index line.
    private static final Path SOURCE_DIR = Path.of("src/main/resources/scenarios");

    @TempDir
    Path classpath;

    @Test
    void everyScenarioFileIsIndexed() throws IOException {
        assertThat(indexedIds(SOURCE_DIR.resolve("index.txt"))).containsAll(yamlIds());
    }

    @Test
    void everyIndexedIdHasAFile() throws IOException {
        // The built-in YAML files are written separately from this library; until the first lands, skip.
        assumeFalse(yamlIds().isEmpty(), "no built-in scenario files yet");
        assertThat(yamlIds()).containsAll(indexedIds(SOURCE_DIR.resolve("index.txt")));
    }

    @Test
    void indexListsEachIdOnce() throws IOException {
        List<String> ids = indexedIds(SOURCE_DIR.resolve("index.txt"));
        assertThat(ids).doesNotHaveDuplicates().isNotEmpty();
    }

    @Test
    void builtInLoadsEveryIndexedScenarioInIndexOrder() throws IOException {
        assumeFalse(yamlIds().isEmpty(), "no built-in scenario files yet");
        ScenarioLibrary library = ScenarioLibrary.builtIn();
        assertThat(library.all()).extracting(Scenario::id).isEqualTo(indexedIds(SOURCE_DIR.resolve("index.txt")));
        assertThat(ScenarioLibrary.builtIn()).isSameAs(library);
    }

    @Test
    void loadsAndFindsScenariosFromAClasspath() throws IOException {
        write("index.txt", "# comment\n\nbeta   # trailing comment\nalpha\n");
        write("alpha.yaml", scenario("alpha"));
        write("beta.yaml", scenario("beta"));
        ScenarioLibrary library = load();
        assertThat(library.all()).extracting(Scenario::id).containsExactly("beta", "alpha");
        assertThat(library.find("alpha")).map(Scenario::title).hasValue("Title of alpha");
        assertThat(library.find("gamma")).isEmpty();
    }

    @Test
    void indexedIdWithoutAFileIsAnError() throws IOException {
        write("index.txt", "alpha\n\ngamma\n");
        write("alpha.yaml", scenario("alpha"));
        assertThatThrownBy(this::load)
                .isInstanceOf(ScenarioException.class)
                .hasMessage("scenarios/index.txt:3: error: no scenario file scenarios/gamma.yaml for 'gamma'");
    }

    @Test
    void idMustMatchTheFileName() throws IOException {
        write("index.txt", "alpha\n");
        write("alpha.yaml", scenario("beta"));
        assertThatThrownBy(this::load)
                .isInstanceOf(ScenarioException.class)
                .hasMessage("scenarios/alpha.yaml: error: id 'beta' does not match the file name");
    }

    @Test
    void idListedTwiceIsAnError() throws IOException {
        write("index.txt", "alpha\nalpha\n");
        write("alpha.yaml", scenario("alpha"));
        assertThatThrownBy(this::load)
                .isInstanceOf(ScenarioException.class)
                .hasMessage("scenarios/index.txt:2: error: scenario 'alpha' is listed twice");
    }

    @Test
    void brokenScenarioNamesItsResource() throws IOException {
        write("index.txt", "alpha\n");
        write("alpha.yaml", scenario("alpha") + "sorce: x\n");
        assertThatThrownBy(this::load)
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("scenarios/alpha.yaml:6: error: unknown key 'sorce'");
    }

    @Test
    void missingIndexIsAnError() {
        assertThatThrownBy(this::load)
                .isInstanceOf(ScenarioException.class)
                .hasMessage("scenarios/index.txt: error: not found on the classpath");
    }

    private ScenarioLibrary load() throws IOException {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
            return ScenarioLibrary.fromClasspath(loader);
        }
    }

    private void write(String name, String text) throws IOException {
        Path file = classpath.resolve("scenarios").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String scenario(String id) {
        return "id: " + id + "\ntitle: Title of " + id + "\nsummary: s\nsource: |\n  int x;\n";
    }

    private static List<String> indexedIds(Path index) throws IOException {
        return Files.readAllLines(index).stream()
                .map(ScenarioLibrary::stripComment)
                .filter(id -> !id.isEmpty())
                .toList();
    }

    private static List<String> yamlIds() throws IOException {
        try (Stream<Path> files = Files.list(SOURCE_DIR)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        }
    }
}

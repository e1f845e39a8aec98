package dev.driverlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the sources: lang ← kernel ← engine ← scenario ← explore ←
 * session/share ← web/cli. Everything below session runs in the headless runner and the explorer, so it must not
 * need Spring.
 */
class ArchitectureTests {
    private static final Path ROOT = Path.of("src/main/java/dev/driverlab");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");
    private static final List<String> SPRING_FREE = List.of("lang", "kernel", "engine", "scenario", "explore",
            "exercise", "lesson");
    private static final List<String> FORBIDDEN_FRAMEWORKS = List.of("org.springframework", "jakarta.servlet");

    @Test
    void lowerLayersDoNotUseSpringOrTheServletApi() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : SPRING_FREE) {
            for (String prefix : FORBIDDEN_FRAMEWORKS) {
                violations.addAll(importsOf(pkg, prefix));
            }
        }
        assertThat(violations).as("imports of Spring or the servlet API below the session layer").isEmpty();
    }

    @Test
    void langImportsNoHigherLayer() throws IOException {
        assertNoImports("lang", "kernel", "engine", "scenario", "explore", "session", "share", "web", "cli");
    }

    @Test
    void kernelImportsNoHigherLayer() throws IOException {
        assertNoImports("kernel", "engine", "scenario", "explore", "session", "share", "web", "cli");
    }

    @Test
    void engineImportsNoHigherLayer() throws IOException {
        assertNoImports("engine", "scenario", "explore", "session", "share", "web", "cli");
    }

    @Test
    void scenarioImportsNoHigherLayer() throws IOException {
        assertNoImports("scenario", "explore", "session", "share", "web", "cli");
    }

    @Test
    void exploreImportsNoHigherLayer() throws IOException {
        assertNoImports("explore", "session", "share", "web", "cli");
    }

    @Test
    void exerciseAndLessonImportNoHigherLayer() throws IOException {
        assertNoImports("exercise", "session", "share", "web", "cli", "room");
        assertNoImports("lesson", "session", "share", "web", "cli", "room");
    }

    @Test
    void sessionImportsNoHigherLayer() throws IOException {
        assertNoImports("session", "share", "web", "cli");
    }

    @Test
    void shareImportsNoHigherLayer() throws IOException {
        assertNoImports("share", "web", "cli");
    }

    @Test
    void scannerSeesRealImports() throws IOException {
        // Guards the rules above against passing vacuously (wrong working directory, broken pattern).
        assertThat(importsOf("scenario", "dev.driverlab.kernel")).isNotEmpty();
    }

    private static void assertNoImports(String pkg, String... higher) throws IOException {
        List<String> violations = new ArrayList<>();
        for (String layer : higher) {
            violations.addAll(importsOf(pkg, "dev.driverlab." + layer));
        }
        assertThat(violations).as("'%s' must not depend on %s", pkg, List.of(higher)).isEmpty();
    }

    /** "FILE:LINE: import X" for every import in {@code pkg} (recursively) of {@code prefix} or a sub-package. */
    private static List<String> importsOf(String pkg, String prefix) throws IOException {
        Path dir = ROOT.resolve(pkg);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = IMPORT.matcher(lines.get(i));
                    if (m.find() && (m.group(1).equals(prefix) || m.group(1).startsWith(prefix + "."))) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        return found;
    }
}

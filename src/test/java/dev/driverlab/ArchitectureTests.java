package dev.driverlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;

/**
 * The layering of docs/architecture.md, checked on the compiled classes (every reference counts: imports,
 * fully-qualified names, method calls, field types): lang ← kernel ← engine ← scenario ← explore ← exercise ←
 * lesson ← session ← share ← room ← web, with the CLI beside web. Everything up to lesson runs without a server (the
 * headless runner, the CLI, the explorer, the grader), so it must not need Spring or the servlet API; neither does the
 * CLI, which starts no Spring context.
 */
class ArchitectureTests {
    /** Lowest first: a layer may use the layers before it, never one after it. */
    private static final List<String> LAYERS = List.of(
            "lang", "kernel", "engine", "scenario", "explore", "exercise", "lesson", "session", "share", "room", "web");

    private static final String[] FRAMEWORKS = {"org.springframework..", "jakarta.servlet..", "jakarta.persistence.."};

    /**
     * Spring's AOT processing (the package step, README "Performance") compiles the bean definitions it generates
     * into target/classes beside ours, named {@code Owner__Role} (DriverLab__BeanFactoryRegistrations,
     * SessionProperties__BeanDefinitions ...): Spring's code, not the project's, so the rules leave it out.
     */
    private static final ImportOption NOT_AOT_GENERATED =
            location -> !location.matches(Pattern.compile(".*/[A-Za-z0-9_$]+__[A-Za-z]+(\\$[^/]*)?\\.class"));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(NOT_AOT_GENERATED)
            .importPackages("dev.driverlab");

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) layers = layers.layer(layer).definedBy("dev.driverlab." + layer + "..");
        layers = layers.layer("cli").definedBy("dev.driverlab.cli..");
        for (int i = 0; i < LAYERS.size(); i++) {
            List<String> above = LAYERS.subList(i + 1, LAYERS.size());
            String[] users = above.toArray(new String[0]);
            // the CLI stands beside web: it may use the headless layers, not sessions, shares or web
            if (i <= LAYERS.indexOf("explore")) users = concat(users, "cli");
            layers = users.length == 0
                    ? layers.whereLayer(LAYERS.get(i)).mayNotBeAccessedByAnyLayer()
                    : layers.whereLayer(LAYERS.get(i)).mayOnlyBeAccessedByLayers(users);
        }
        layers.whereLayer("cli").mayNotBeAccessedByAnyLayer().check(CLASSES);
    }

    @Test
    void theHeadlessLayersAndTheCliNeedNoFramework() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.driverlab.lang..",
                        "dev.driverlab.kernel..",
                        "dev.driverlab.engine..",
                        "dev.driverlab.scenario..",
                        "dev.driverlab.explore..",
                        "dev.driverlab.exercise..",
                        "dev.driverlab.lesson..",
                        "dev.driverlab.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS)
                .because("the CLI, the explorer and the benchmarks run them without a Spring context")
                .check(CLASSES);
    }

    @Test
    void webPartsDependOnEachOtherWithoutCycles() {
        // http (problem+json, rate limits, headers) <- push (STOMP) <- api (REST) <- lab, page, workshop
        slices().matching("dev.driverlab.web.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.driverlab.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void springIsUsedOnlyInThePackagesTheServerScans() {
        // DriverLab names them for component, repository and table scanning alike (a faster start than scanning all)
        String[] scanned =
                DriverLab.class.getAnnotation(SpringBootApplication.class).scanBasePackages();
        assertThat(DriverLab.class.getAnnotation(EnableJdbcRepositories.class).basePackages())
                .containsExactly(scanned);
        assertThat(DriverLab.class.getAnnotation(EntityScan.class).basePackages())
                .containsExactly(scanned);
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        Arrays.stream(scanned).map(p -> p + "..").toArray(String[]::new))
                .and()
                .doNotHaveFullyQualifiedName(DriverLab.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .because("Spring looks for components, repositories and mapped tables only in the packages"
                        + " DriverLab's annotations name")
                .check(CLASSES);
    }

    private static String[] concat(String[] a, String b) {
        String[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}

package dev.driverlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.World;
import dev.driverlab.lang.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTests {

    private static final String FULL = """
            id: devm-irq-tasklet
            title: devm IRQ vs tasklet_kill
            summary: The IRQ outlives remove().
            seed: 000_6fbc8a17735723fd
            module: irq_demo
            world:
              cpus: 4
              devices:
                - name: demo0
                  bus: platform
                  irq: 17
                - name: stick
                  bus: usb
            script: |
              insmod
              rmmod
            scripts:
              race: irq 17 during remove
              calm: rmmod
            source: |
              #include <linux/module.h>
              static int x;
            lesson: Free the IRQ first.
            tags: [devres, irq]
            explore:
              depth: 3
            """;

    private static final String MINIMAL = """
            id: tiny
            title: Tiny
            summary: Smallest valid scenario.
            source: |
              int x;
            """;

    @Test
    void parsesEveryKey() {
        Scenario s = ScenarioLoader.parse("full.yaml", FULL);
        assertThat(s.id()).isEqualTo("devm-irq-tasklet");
        assertThat(s.title()).isEqualTo("devm IRQ vs tasklet_kill");
        assertThat(s.summary()).isEqualTo("The IRQ outlives remove().");
        assertThat(s.seed()).isEqualTo("000_6fbc8a17735723fd");
        assertThat(s.module()).isEqualTo("irq_demo");
        assertThat(s.world())
                .isEqualTo(new World(
                        4, List.of(new DeviceSpec("demo0", "platform", 17), new DeviceSpec("stick", "usb", null))));
        assertThat(s.script()).isEqualTo("insmod\nrmmod\n");
        assertThat(s.scripts()).containsExactly(Map.entry("race", "irq 17 during remove"), Map.entry("calm", "rmmod"));
        assertThat(s.lesson()).isEqualTo("Free the IRQ first.");
        assertThat(s.tags()).containsExactly("devres", "irq");
    }

    @Test
    void sourceKeepsItsTextSoLineOneIsTheFirstLineOfTheBlock() {
        Scenario s = ScenarioLoader.parse("full.yaml", FULL);
        assertThat(s.source()).isEqualTo("#include <linux/module.h>\nstatic int x;\n");
        assertThat(s.source().lines().findFirst()).hasValue("#include <linux/module.h>");
    }

    @Test
    void appliesDefaults() {
        Scenario s = ScenarioLoader.parse("tiny.yaml", MINIMAL);
        assertThat(s.module()).isEqualTo("tiny");
        assertThat(s.world()).isEqualTo(World.DEFAULT);
        assertThat(s.world().cpus()).isEqualTo(2);
        assertThat(s.world().devices()).isEmpty();
        assertThat(s.script()).isEmpty();
        assertThat(s.scripts()).isEmpty();
        assertThat(s.seed()).isEmpty();
        assertThat(s.lesson()).isEmpty();
        assertThat(s.tags()).isEmpty();
    }

    @Test
    void worldWithoutCpusGetsTheDefaultCount() {
        Scenario s = ScenarioLoader.parse("w.yaml", MINIMAL + "world:\n  devices:\n    - {name: d, bus: usb}\n");
        assertThat(s.world().cpus()).isEqualTo(2);
        assertThat(s.world().devices()).containsExactly(new DeviceSpec("d", "usb", null));
    }

    @Test
    void loadsFromAFileNamedAsGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, MINIMAL);
        assertThat(ScenarioLoader.load(file).id()).isEqualTo("tiny");
        Path missing = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ScenarioLoader.load(missing))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(missing + ": error: cannot read file");
    }

    @Test
    void unknownKeyIsReportedAtItsLine() {
        String yaml = """
                id: tiny
                title: Tiny
                summary: s
                sorce: |
                  int x;
                """;
        assertError(
                yaml,
                "bad.yaml:4: error: unknown key 'sorce' (expected one of: id, title, summary, seed, "
                        + "module, modules, world, kernel, script, scripts, source, sources, lesson, tags, explore)");
    }

    @Test
    void missingRequiredKeyHasNoLine() {
        assertError(
                "id: tiny\ntitle: Tiny\nsummary: s\n",
                "bad.yaml: error: missing required key 'source' (or a '.c' file under 'sources')");
        assertError("title: Tiny\nsummary: s\nsource: x\n", "bad.yaml: error: missing required key 'id'");
        assertError("title: Tiny\nsource: x\n", "bad.yaml: error: missing required keys 'id', 'summary'");
    }

    @Test
    void emptyRequiredValueIsAnError() {
        assertError("id: tiny\ntitle:\nsummary: s\nsource: x\n", "bad.yaml:2: error: title must not be empty");
        assertError(
                "id: tiny\ntitle: Tiny\nsummary: '  '\nsource: x\n", "bad.yaml:3: error: summary must not be empty");
    }

    @Test
    void wrongTypesAreReportedAtTheValue() {
        assertError("id: tiny\ntitle: [a, b]\nsummary: s\nsource: x\n", "bad.yaml:2: error: title must be a string");
        assertError(MINIMAL + "seed: {a: 1}\n", "bad.yaml:6: error: seed must be a string");
        assertError(MINIMAL + "script: [a]\n", "bad.yaml:6: error: script must be a string");
        assertError(
                MINIMAL + "scripts: [a]\n",
                "bad.yaml:6: error: scripts must be a mapping of script name to script text");
        assertError(MINIMAL + "scripts:\n  a: ok\n  b: {x: 1}\n", "bad.yaml:8: error: scripts.b must be a string");
        assertError(MINIMAL + "tags: devres\n", "bad.yaml:6: error: tags must be a list of strings");
        assertError(MINIMAL + "tags:\n  - ok\n  - [nested]\n", "bad.yaml:8: error: tags[1] must be a string");
        assertError(MINIMAL + "explore: 3\n", "bad.yaml:6: error: explore must be a mapping");
        assertError(
                MINIMAL + "world: big\n", "bad.yaml:6: error: world must be a mapping with keys: cpus, devices, gpio");
    }

    @Test
    void cpusMustBeASmallPositiveInteger() {
        String message = "bad.yaml:7: error: world.cpus must be an integer between 1 and 64";
        assertError(MINIMAL + "world:\n  cpus: two\n", message);
        assertError(MINIMAL + "world:\n  cpus: 0\n", message);
        assertError(MINIMAL + "world:\n  cpus: 65\n", message);
        assertError(MINIMAL + "world:\n  cpus: 2.5\n", message);
        assertError(MINIMAL + "world:\n  cpus: \"2\"\n", message);
        assertError(MINIMAL + "world:\n  cpus: 99999999999\n", message);
        assertThat(ScenarioLoader.parse("ok.yaml", MINIMAL + "world:\n  cpus: 64\n")
                        .world()
                        .cpus())
                .isEqualTo(64);
    }

    @Test
    void idAndModuleMustBeWellFormed() {
        assertError(
                "id: Tiny_One\ntitle: T\nsummary: s\nsource: x\n",
                "bad.yaml:1: error: id 'Tiny_One' must match [a-z0-9][a-z0-9-]* (lower case, digits, '-')");
        assertError(
                "id: -tiny\ntitle: T\nsummary: s\nsource: x\n",
                "bad.yaml:1: error: id '-tiny' must match [a-z0-9][a-z0-9-]* (lower case, digits, '-')");
        assertError(MINIMAL + "module: my module\n", "bad.yaml:6: error: module 'my module' must match [A-Za-z0-9_-]+");
    }

    @Test
    void unknownKeysInWorldAndDevicesAreErrors() {
        assertError(
                MINIMAL + "world:\n  cpus: 2\n  cpu: 3\n",
                "bad.yaml:8: error: unknown key 'cpu' in world (expected one of: cpus, devices, gpio)");
        assertError(
                MINIMAL + "world:\n  devices:\n    - name: d\n      bus: usb\n      irqq: 5\n",
                "bad.yaml:10: error: unknown key 'irqq' in world.devices[0] (expected one of: name, bus, irq, vendor, product, data, compatible, properties)");
    }

    @Test
    void aUsbDeviceMayDeclareItsIdsInHexAndTheBytesItAnswers() {
        Scenario s = ScenarioLoader.parse(
                "ok.yaml",
                MINIMAL + "world:\n  devices:\n"
                        + "    - { name: stick, bus: usb, vendor: 0xfff0, product: 0x0001, data: hello }\n");
        assertThat(s.world().devices()).containsExactly(new DeviceSpec("stick", "usb", null, 0xfff0, 1, "hello"));
        String world = MINIMAL + "world:\n  devices:\n";
        assertError(
                world + "    - { name: d, bus: platform, vendor: 1, product: 2 }\n",
                "bad.yaml:8: error: world.devices[0]: vendor, product and data need bus \"usb\"");
        assertError(
                world + "    - { name: d, bus: usb, vendor: 1 }\n",
                "bad.yaml:8: error: world.devices[0]: vendor and product go together");
        assertError(
                world + "    - { name: d, bus: usb, vendor: 0x10000, product: 1 }\n",
                "bad.yaml:8: error: world.devices[0].vendor must be an integer between 0 and 0xffff");
    }

    @Test
    void devicesAreValidated() {
        String world = MINIMAL + "world:\n  devices:\n";
        assertError(MINIMAL + "world:\n  devices: demo0\n", "bad.yaml:7: error: world.devices must be a list");
        assertError(
                world + "    - demo0\n",
                "bad.yaml:8: error: world.devices[0] must be a mapping with keys: name, bus, irq, vendor, product, data, compatible, properties");
        assertError(
                world + "    - name: d\n      bus: pci\n",
                "bad.yaml:9: error: world.devices[0].bus must be \"platform\", \"usb\" or \"i2c\", not 'pci'");
        assertError(world + "    - name: d\n", "bad.yaml:8: error: world.devices[0] is missing required key 'bus'");
        assertError(world + "    - {bus: usb}\n", "bad.yaml:8: error: world.devices[0] is missing required key 'name'");
        assertError(
                world + "    - {name: 7, bus: usb}\n",
                "bad.yaml:8: error: world.devices[0].name must be a non-empty string");
        assertError(
                world + "    - name: d\n      bus: usb\n      irq: 1024\n",
                "bad.yaml:10: error: world.devices[0].irq must be an integer between 1 and 1023");
        assertError(
                world + "    - name: d\n      bus: usb\n      irq: seventeen\n",
                "bad.yaml:10: error: world.devices[0].irq must be an integer between 1 and 1023");
    }

    @Test
    void deviceNamesAreUnique() {
        String yaml = MINIMAL + """
                world:
                  devices:
                    - name: demo0
                      bus: platform
                    - name: demo0
                      bus: usb
                """;
        assertError(
                yaml, "bad.yaml:10: error: duplicate device name 'demo0' in world.devices (first defined at line 8)");
    }

    @Test
    void duplicateKeysAreErrorsNotSilentOverrides() {
        assertError(MINIMAL + "title: Again\n", "bad.yaml:6: error: duplicate key 'title'");
        assertError(MINIMAL + "world:\n  cpus: 2\n  cpus: 3\n", "bad.yaml:8: error: duplicate key 'world.cpus'");
    }

    @Test
    void malformedYamlIsReportedWithTheLineOfTheProblem() {
        assertError(
                "id: tiny\ntitle: [unclosed\nsummary: s\n",
                "bad.yaml:3: error: malformed YAML: while parsing a flow sequence: expected ',' or ']', but got :");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", "id: tiny\n\ttitle: T\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("bad.yaml:2: error: malformed YAML: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", "id: tiny\n  title: T\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("bad.yaml:2: error: malformed YAML: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aValueYamlCannotConvertIsMalformedWithoutJavaTypeNames() { // found by ScenarioLoaderProperties
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", "!!int 0x1Fzz\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("bad.yaml:1: error: malformed YAML: Invalid base-16 number")
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("java.").doesNotContain("BigInteger"));
    }

    @Test
    void anUnpairedSurrogateIsAnInvalidCharacterWhereverItIs() { // found by ScenarioLoaderProperties
        String padded = "id: tiny\n# " + "x".repeat(1014) + "\n"; // the surrogate ends SnakeYAML's first buffer
        for (String text : List.of(padded + "\uD83D", "id: tiny\ntitle: \uDE00\n", padded + "title: \uD83D")) {
            assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", text))
                    .isInstanceOf(ScenarioException.class)
                    .hasMessageContaining(": error: malformed YAML: invalid character (an unpaired surrogate U+D");
        }
        assertThat(ScenarioLoader.parse("ok.yaml", MINIMAL.replace("Smallest valid scenario.", "\uD83D\uDE00"))
                        .summary())
                .isEqualTo("\uD83D\uDE00");
    }

    @Test
    void fileMustHoldOneMapping() {
        assertError("", "bad.yaml: error: empty scenario file");
        assertError("# only a comment\n", "bad.yaml: error: empty scenario file");
        assertError(
                "- id: tiny\n",
                "bad.yaml:1: error: a scenario must be a mapping of keys (id, title, summary, " + "...)");
        assertError(
                MINIMAL + "---\nid: second\n",
                "bad.yaml:7: error: only one YAML document is allowed per scenario file");
    }

    @Test
    void sourcesAreTheModulesOtherFiles() {
        Scenario s = ScenarioLoader.parse("s.yaml", """
                id: scull
                title: t
                summary: s
                sources:
                  scull.h: "#define N 4\\n"
                  main.c: "#include \\"scull.h\\"\\nint a[N];\\n"
                  pipe.c: "int b;\\n"
                """);
        assertThat(s.source()).isEmpty();
        assertThat(s.compiledFiles()).extracting(SourceFile::name).containsExactly("main.c", "pipe.c");
        assertThat(s.include("scull.h").text()).isEqualTo("#define N 4\n");
        assertThat(s.include("../include/scull.h").name()).isEqualTo("scull.h");
        assertThat(s.include("missing.h")).isNull();
        Scenario named = ScenarioLoader.parse("s.yaml", "id: m\ntitle: t\nsummary: s\nsources:\n  m.c: \"int a;\"\n");
        assertThat(named.compiledFiles()).extracting(SourceFile::name).containsExactly("m.c");
        Scenario empty = Scenario.builder("e", "t", "s", "").build();
        assertThat(empty.compiledFiles()).extracting(SourceFile::text).containsExactly(""); // an empty C file
        assertError(
                "id: a\ntitle: t\nsummary: s\nsources:\n  ../x.h: y\n",
                "bad.yaml:5: error: source file name '../x.h' must be a C file or header, at most three "
                        + "directories deep (like scull.h, pipe.c or include/scull.h)");
        Scenario tree = ScenarioLoader.parse(
                "s.yaml",
                "id: m\ntitle: t\nsummary: s\nsources:\n  m.c: \"int a;\"\n  include/scull.h: \"#define N 1\"\n");
        assertThat(tree.include("include/./scull.h").name()).isEqualTo("include/scull.h");
        assertThat(tree.include("../include/scull.h").name()).isEqualTo("include/scull.h");
        assertError(
                "id: a\ntitle: t\nsummary: s\nsources:\n  a/b/c/d/x.h: y\n",
                "bad.yaml:5: error: source file name 'a/b/c/d/x.h' must be a C file or header, at most three "
                        + "directories deep (like scull.h, pipe.c or include/scull.h)");
        assertError(
                "id: a\ntitle: t\nsummary: s\nsources:\n  x.h: y\n",
                "bad.yaml: error: missing required key 'source' (or a '.c' file under 'sources')");
    }

    @Test
    void modulesNameSeveralModulesBuiltTogetherEachOfItsCFiles() {
        Scenario s = ScenarioLoader.parse("s.yaml", """
                id: pair
                title: t
                summary: s
                modules:
                  user: user.c
                  core: [core.c, util.c]
                sources:
                  core.h: "int core_get(void);\n"
                  core.c: "int a;\n"
                  util.c: "int b;\n"
                  user.c: "int c;\n"
                """);
        assertThat(s.module()).isEqualTo("user"); // the first, without module:
        assertThat(s.moduleFiles()).containsOnlyKeys("user", "core");
        assertThat(s.moduleFiles().get("core")).extracting(SourceFile::name).containsExactly("core.c", "util.c");
        String head = "id: a\ntitle: t\nsummary: s\nsources:\n  a.c: x\n  b.h: y\n";
        Scenario main = ScenarioLoader.parse("s.yaml", head + "module: b\nmodules:\n  a: a.c\n  b: [a.c]\n");
        assertThat(main.moduleFiles().keySet()).containsExactly("b", "a"); // module: comes first
        assertError(head + "module: c\nmodules:\n  a: a.c\n", "bad.yaml:7: error: module 'c' is not one of 'modules'");
        assertError(head + "modules:\n  a: b.h\n", "bad.yaml:8: error: modules.a: 'b.h' is not a C file of 'sources'");
        assertError(head + "modules:\n  a: []\n", "bad.yaml:8: error: modules.a needs a C file");
    }

    @Test
    void exceptionCarriesFileLineAndReason() {
        ScenarioException e = new ScenarioException("f.yaml", 3, "world.cpus must be an integer between 1 and 64");
        assertThat(e.file()).isEqualTo("f.yaml");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("world.cpus must be an integer between 1 and 64");
        assertThat(e).hasMessage("f.yaml:3: error: world.cpus must be an integer between 1 and 64");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", yaml))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(message);
    }
}

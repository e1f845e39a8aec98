package dev.driverlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CliTests {
    private static final String BUGGY = "src/main/resources/scenarios/devm-irq-tasklet.yaml";
    private static final String FIXED = "src/main/resources/scenarios/devm-irq-tasklet-fixed.yaml";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        return runWithInput("", args);
    }

    private Path scenario(String source, String script) throws IOException {
        String yaml =
                "id: t\ntitle: T\nsummary: S\nworld:\n  devices:\n    - { name: my_device, bus: platform, irq: 17 }\n"
                        + "script: |\n" + script.indent(2) + "source: |\n" + source.indent(2);
        Path p = dir.resolve("t.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void buggyScenarioPrintsTheTraceAndTheKasanReportAndExitsOne() {
        Run r = run("run", BUGGY);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("command  insmod devm_irq_tasklet")
                .contains("my_probe:")
                .contains("BUG: KASAN: use-after-free in tasklet_handler")
                .contains("Allocated by task")
                .contains("Freed by task")
                .contains("1 bug report");
    }

    @Test
    void rmmodScriptEndsInAnOopsForCodeOfTheUnloadedModule() {
        Run r = run("run", BUGGY, "--script-name", "rmmod");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("BUG: unable to handle page fault for address: ffffffffc")
                .contains("#PF: supervisor instruction fetch in kernel mode")
                .contains("[last unloaded: devm_irq_tasklet(O)]");
    }

    @Test
    void fixedScenarioSurvivesBothScripts() {
        assertThat(run("run", FIXED).exit()).isZero();
        Run rmmod = run("run", FIXED, "--script-name", "rmmod", "--summary");
        assertThat(rmmod.exit()).isZero();
        assertThat(rmmod.out()).contains("no bug reported").doesNotContain("statement");
    }

    @Test
    void jsonHasTheDocumentedShapeAndSummaryDropsTheTrace() {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode full = json.readTree(run("run", BUGGY, "--json").out());
        assertThat(full.has("scenario")).isTrue();
        assertThat(full.get("steps").asLong()).isPositive();
        assertThat(full.get("trace").size()).isGreaterThan(100);
        assertThat(full.get("dmesg").size()).isPositive();
        assertThat(full.get("reports").get(0).get("kind").asString()).isEqualTo("use-after-free");
        assertThat(full.get("reports").get(0).get("seq").asLong()).isPositive();
        assertThat(full.get("state").get("modules").size()).isEqualTo(1);
        JsonNode summary =
                json.readTree(run("run", BUGGY, "--json", "--summary").out());
        assertThat(summary.has("trace")).isFalse();
        assertThat(summary.get("reports")).isEqualTo(full.get("reports"));
    }

    @Test
    void sameInputGivesByteIdenticalJson() {
        assertThat(run("run", BUGGY, "--json").out())
                .isEqualTo(run("run", BUGGY, "--json").out());
        assertThat(run("run", FIXED, "--json", "--script-name", "rmmod").out())
                .isEqualTo(run("run", FIXED, "--json", "--script-name", "rmmod").out());
    }

    @Test
    void syntaxErrorIsReportedGccStyleAndExitsTwo() throws IOException {
        Path p = scenario(
                "static int __init my_init(void)\n{\n\tint x = 1\n\treturn x;\n}\nmodule_init(my_init);\n",
                "insmod t\n");
        Run r = run("run", p.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("t.c:4:2: error: expected ',' or ';' before 'return'")
                .contains("    4 | \treturn x;")
                .contains("^");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void semanticErrorsAreAllReportedInOnePass() throws IOException {
        Path p = scenario(
                "struct s { int a; };\nstatic int __init my_init(void)\n{\n\tstruct s *p = 0;\n"
                        + "\tp->b = 1;\n\treturn undefined_var;\n}\nmodule_init(my_init);\n",
                "insmod t\n");
        Run r = run("run", p.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("t.c:5:3: error: 'struct s' has no member named 'b'")
                .contains("t.c:6:9: error: 'undefined_var' undeclared (first use in this function)")
                .contains("2 errors generated.");
    }

    @Test
    void theAddressOfAMemberOfAnUndefinedStructIsOneErrorAndAnRvalueIsAnother() throws IOException {
        Path p = scenario(
                "struct pci_dev;\nstatic int __init my_init(void)\n{\n\tstruct pci_dev *q = 0;\n"
                        + "\tvoid *d = &(q->dev);\n\tint *x = &(1 + 2);\n\treturn 0;\n}\nmodule_init(my_init);\n",
                "insmod t\n");
        Run r = run("run", p.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("t.c:5:15: error: invalid use of undefined type 'struct pci_dev'")
                .doesNotContainPattern("t\\.c:5:\\d+: error: lvalue required")
                .contains("t.c:6:11: error: lvalue required as unary '&' operand")
                .contains("2 errors generated.");
    }

    @Test
    void malformedYamlIsAClearErrorNotAStackTrace() throws IOException {
        Path p = dir.resolve("bad.yaml");
        Files.writeString(p, "id: x\ntitle: [unclosed\n");
        Run r = run("run", p.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("bad.yaml:3: error: malformed YAML")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void unknownScriptCommandNamesItsLineAndNothingRuns() throws IOException {
        Path p = scenario(
                "static int __init my_init(void)\n{\n\treturn 0;\n}\nmodule_init(my_init);\n",
                "insmod t\nlsmod\nfrobnicate now\n");
        Run r = run("run", p.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("t.yaml#script:3: error: unknown command 'frobnicate'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anInfiniteLoopIsASoftLockupReportAndTheRunStops() throws IOException {
        Path p = scenario(
                "static int __init my_init(void)\n{\n\tint i = 0;\n\twhile (1)\n\t\ti++;\n\treturn 0;\n}\n"
                        + "module_init(my_init);\n",
                "insmod t\nlsmod\n");
        Run r = run("run", p.toString(), "--summary", "--max-steps", "5000");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [insmod:")
                .doesNotContain("Module                  Size");
    }

    @Test
    void scriptFromStandardInputReplacesTheDefault() {
        Run r = runWithInput("insmod devm_irq_tasklet\nlsmod\n", "run", BUGGY, "--script", "-", "--summary");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("devm_irq_tasklet").contains("Used by");
    }

    @Test
    void anUnknownCommandOrOptionPrintsTheUsageAndExitsTwo() {
        Run command = run("frobnicate");
        assertThat(command.exit()).isEqualTo(2);
        assertThat(command.err())
                .startsWith("driverlab: unknown command 'frobnicate'\n")
                .contains("usage: driverlab run")
                .contains("usage: driverlab explore");
        Run option = run("--frobnicate");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).startsWith("driverlab: unknown option '--frobnicate'\n");
        assertThat(run("help").exit()).isZero();
        assertThat(run("--help").out()).contains("usage: driverlab run");
    }

    @Test
    void onlyNoArgumentsOrSpringPropertiesStartTheServer() {
        assertThat(Cli.startsServer(new String[0])).isTrue();
        assertThat(Cli.startsServer(new String[] {"--server.port=9090", "--logging.level.root=WARN"}))
                .isTrue();
        assertThat(Cli.startsServer(new String[] {"frobnicate"})).isFalse();
        assertThat(Cli.startsServer(new String[] {"--debug"})).isFalse();
        assertThat(Cli.startsServer(new String[] {"--server.port=9090", "run"})).isFalse();
        assertThat(Cli.startsServer(new String[] {"run", "x.yaml"})).isFalse();
    }

    @Test
    void aCompilerLimitIsAGccStyleErrorAndExitTwoNeverAStackTrace() throws IOException {
        Path deep = scenario(
                "int f(int a)\n{\n\treturn " + "(".repeat(20_000) + "a" + ")".repeat(20_000) + ";\n}\n", "insmod m");
        Run nested = run("run", deep.toString());
        assertThat(nested.exit()).isEqualTo(2);
        assertThat(nested.err())
                .contains("error: expression nested too deeply (the limit is 256)")
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .doesNotContain("Error:");

        StringBuilder bomb = new StringBuilder("#define A0 x x\n");
        for (int i = 1; i <= 24; i++)
            bomb.append("#define A")
                    .append(i)
                    .append(" A")
                    .append(i - 1)
                    .append(" A")
                    .append(i - 1)
                    .append('\n');
        Run expanded = run("run", scenario(bomb + "int y = A24;\n", "insmod m").toString());
        assertThat(expanded.exit()).isEqualTo(2);
        assertThat(expanded.err())
                .contains("error: macro expansion of 'A24' exceeds the limit of")
                .doesNotContain("\tat ");

        Run huge = run("run", scenario("static char buf[1<<30];\n", "insmod m").toString());
        assertThat(huge.exit()).isEqualTo(2);
        assertThat(huge.err()).contains("error: static data of 'buf' (1073741824 bytes) exceeds the simulator's limit");
    }

    /** Standard input that fails with a Java error, as the simulator might on an input past its limits. */
    private static InputStream failingWith(Error error) {
        return new InputStream() {
            @Override
            public int read() {
                throw error;
            }

            @Override
            public byte[] readAllBytes() {
                throw error;
            }
        };
    }

    private static Run runWithInput(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                stdin);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anInternalErrorIsOneLineOnStderrAndExitTwo() {
        Run oom = runWithInput(failingWith(new OutOfMemoryError("Java heap space")), "run", FIXED, "--script", "-");
        assertThat(oom.exit()).isEqualTo(2);
        assertThat(oom.err()).isEqualTo("driverlab: internal error: out of memory\n");
        Run deep = runWithInput(failingWith(new StackOverflowError()), "run", FIXED, "--script", "-");
        assertThat(deep.exit()).isEqualTo(2);
        assertThat(deep.err())
                .isEqualTo("driverlab: internal error: the input is nested too deeply for the simulator\n");
        Run bug = runWithInput(failingWith(new AssertionError("dev.driverlab.Foo.bar")), "run", FIXED, "--script", "-");
        assertThat(bug.exit()).isEqualTo(2);
        assertThat(bug.err())
                .startsWith("driverlab: internal error: ")
                .doesNotContain("dev.driverlab")
                .hasLineCount(1);
    }

    @Test
    void badOptionsPrintUsage() {
        assertThat(run("run").exit()).isEqualTo(2);
        Run r = run("run", BUGGY, "--max-steps", "many");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("usage: driverlab run");
        assertThat(run("run", BUGGY, "--script-name", "nope").err())
                .contains("no script named 'nope' (available: rmmod)");
        assertThat(run("run", "missing.yaml").exit()).isEqualTo(2);
    }

    @Test
    void exploreExitsOneForARaceZeroForAProvenCleanSpaceAndThreeWhenIncomplete() {
        Run race = run("explore", BUGGY);
        assertThat(race.exit()).as(race.out()).isEqualTo(1);
        assertThat(race.out()).startsWith("# crash found");
        Run clean = run("explore", FIXED);
        assertThat(clean.exit()).as(clean.out()).isZero();
        assertThat(clean.out()).startsWith("no crash in the whole bounded space");
        Run cut = run("explore", FIXED, "--max-states", "50");
        assertThat(cut.exit()).isEqualTo(3);
        assertThat(cut.out()).startsWith("search incomplete: stopped by the state bound");
        Run nothing = run("explore", FIXED, "--events", "lsmod");
        assertThat(nothing.exit()).isEqualTo(3);
        assertThat(nothing.out()).contains("nothing to interleave");
        Run permuted = run("explore", BUGGY, "--events", "irq 17; unbind my_device", "--permute", "--cpus");
        assertThat(permuted.exit()).isEqualTo(1);
    }
}

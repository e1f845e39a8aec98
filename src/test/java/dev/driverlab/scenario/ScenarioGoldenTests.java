package dev.driverlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.driverlab.engine.Engine;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden scenarios, in the manner of Crafting Interpreters' test suite: every scenario file (the built-in library
 * and src/test/resources/scenarios) states what each of its scripts must produce in {@code # expect} comments,
 * and this one harness runs them all:
 * <pre>
 * # expect: report use-after-free in tasklet_handler     (the default script)
 * # expect rmmod: report oops                          (the named script "rmmod")
 * # expect: no report
 * # expect: order tasklet-kill &lt; irq-fire &lt; devres-release:devm_request_irq &lt; report
 * # expect: dmesg irq event 17: bogus return value 5
 * # expect: output rmmod: ERROR: Module m is in use
 * </pre>
 * An order item is {@code kind} or {@code kind:text}, matched against an event's kind and (as a substring) its
 * text, function or context; each item must occur after the previous one.
 */
class ScenarioGoldenTests {
    private static final Pattern EXPECT = Pattern.compile("^#\\s*expect(?:\\s+([\\w-]+))?:\\s*(.+)$");

    @TestFactory
    Stream<DynamicTest> everyScenarioScriptBehavesAsItsExpectationsSay() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("src/main/resources/scenarios", "src/test/resources/scenarios")) {
            if (!Files.isDirectory(Path.of(dir))) continue;
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertThat(files).isNotEmpty();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            Scenario s = ScenarioLoader.load(file);
            Map<String, List<String>> expectations = expectations(Files.readAllLines(file));
            Map<String, String> scripts = new LinkedHashMap<>();
            scripts.put("script", s.script());
            scripts.putAll(s.scripts());
            for (var e : scripts.entrySet()) {
                tests.add(DynamicTest.dynamicTest(
                        file.getFileName() + " [" + e.getKey() + "]",
                        () -> check(s, e.getKey(), e.getValue(), expectations.get(e.getKey()))));
            }
        }
        return tests.stream();
    }

    private static Map<String, List<String>> expectations(List<String> lines) {
        Map<String, List<String>> byScript = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = EXPECT.matcher(line.strip());
            if (m.matches()) {
                String script = m.group(1) == null ? "script" : m.group(1);
                byScript.computeIfAbsent(script, k -> new ArrayList<>())
                        .add(m.group(2).strip());
            }
        }
        return byScript;
    }

    private static void check(Scenario s, String scriptName, String script, List<String> expectations) {
        if (expectations == null
                || expectations.stream().noneMatch(x -> x.startsWith("report") || x.equals("no report"))) {
            fail(s.id() + " [" + scriptName + "] states no '# expect: report ...' or '# expect: no report'");
        }
        RunResult r = ScenarioRunner.run(
                s, scriptName, ScriptParser.parse(scriptName, script), Engine.DEFAULT_MAX_STEPS, true);
        assertThat(r.error()).as("command error").isNull();
        for (String x : expectations) {
            if (x.equals("no report")) {
                assertThat(r.reports()).as("reports").isEmpty();
            } else if (x.startsWith("report ")) {
                String[] words = x.substring(7).split("\\s+in\\s+");
                assertThat(r.reports()).as("reports").isNotEmpty(); // the first report is what the kernel said first
                Report report = r.reports().get(0);
                assertThat(report.kind()).isEqualTo(words[0].strip());
                if (words.length > 1) assertThat(report.title()).contains(" in " + words[1].strip());
            } else if (x.startsWith("order ")) {
                order(r.trace(), x.substring(6).split("\\s*<\\s*"));
            } else if (x.startsWith("dmesg ")) {
                assertThat(r.dmesg()).anySatisfy(l -> assertThat(l).contains(x.substring(6)));
            } else if (x.startsWith("output ")) {
                assertThat(r.output()).anySatisfy(l -> assertThat(l).contains(x.substring(7)));
            } else {
                fail("unknown expectation: " + x);
            }
        }
    }

    private static void order(List<TraceEvent> trace, String[] items) {
        int at = 0;
        for (String item : items) {
            int colon = item.indexOf(':');
            String kind = colon < 0 ? item : item.substring(0, colon);
            String text = colon < 0 ? null : item.substring(colon + 1);
            int found = -1;
            for (int i = at; i < trace.size() && found < 0; i++) {
                TraceEvent e = trace.get(i);
                if (e.kind().equals(kind)
                        && (text == null
                                || contains(e.text(), text)
                                || contains(e.function(), text)
                                || contains(e.context(), text))) {
                    found = i;
                }
            }
            if (found < 0) fail("no '" + item + "' after seq " + at + " (order: " + String.join(" < ", items) + ")");
            at = found + 1;
        }
    }

    private static boolean contains(String s, String part) {
        return s != null && s.contains(part);
    }
}

package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.lang.CompileException;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated drivers (lines dropped, duplicated or swapped, tokens deleted) must end in a compile error, a report or
 * a clean run: never a Java exception escaping the compiler or the engine.
 */
class RobustnessTests {

    @Test
    void mutatedBuiltInDriversNeverEscapeAsJavaExceptions() {
        Random random = new Random(20261122);
        int runs = 0;
        for (Scenario s : ScenarioLibrary.builtIn().all()) {
            for (int i = 0; i < Integer.getInteger("robustness.mutations", 40); i++) {
                String source = mutate(s.source(), random);
                Scenario m = s.toBuilder()
                        .source(source)
                        .explore(null)
                        .sources(null)
                        .modules(null)
                        .build();
                try {
                    RunResult r =
                            ScenarioRunner.run(m, "script", ScriptParser.parse("script", s.script()), 5_000, false);
                    assertThat(r.exitCode()).isBetween(0, 2);
                } catch (CompileException | ScenarioException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
                runs++;
            }
        }
        assertThat(runs).isPositive();
    }

    private static String mutate(String source, Random random) {
        List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && lines.size() > 2; e++) {
            int i = random.nextInt(lines.size());
            switch (random.nextInt(4)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, lines.get(random.nextInt(lines.size())));
                case 2 -> {
                    int j = random.nextInt(lines.size());
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                }
                default -> {
                    String line = lines.get(i);
                    if (line.length() > 2) {
                        int a = random.nextInt(line.length());
                        int b = Math.min(line.length(), a + 1 + random.nextInt(6));
                        lines.set(i, line.substring(0, a) + line.substring(b));
                    }
                }
            }
        }
        return String.join("\n", lines);
    }
}

package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.view.StateViews;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** Same program + same commands = the same run, byte for byte; and a copied engine is an independent snapshot. */
class DeterminismTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BUGGY = "src/main/resources/scenarios/devm-irq-tasklet.yaml";

    private static Map<String, String> scripts(Scenario s) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("script", s.script());
        all.putAll(s.scripts());
        return all;
    }

    private static String json(Object o) {
        return JSON.writeValueAsString(o);
    }

    private static String stateJson(Engine e) {
        return json(StateViews.of(e.machine()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"devm-irq-tasklet", "devm-irq-tasklet-fixed"})
    void everyScriptOfABuiltInScenarioRunsTwiceToByteIdenticalJson(String id) {
        Scenario s = ScenarioLoader.load(Path.of("src/main/resources/scenarios/" + id + ".yaml"));
        Map<String, String> scripts = scripts(s);
        assertThat(scripts).containsKeys("script", "rmmod");
        for (var e : scripts.entrySet()) {
            List<Command> commands = ScriptParser.parse(e.getKey(), e.getValue());
            RunResult first = ScenarioRunner.run(s, e.getKey(), commands, Engine.DEFAULT_MAX_STEPS, true);
            RunResult second = ScenarioRunner.run(
                    s, e.getKey(), ScriptParser.parse(e.getKey(), e.getValue()), Engine.DEFAULT_MAX_STEPS, true);
            assertThat(first.trace()).as(e.getKey()).isNotEmpty();
            assertThat(json(second)).as(id + " [" + e.getKey() + "]").isEqualTo(json(first));
        }
    }

    @Test
    void aFreshLoadOfTheScenarioGivesTheSameRunAsTheFirst() {
        RunResult a = run(ScenarioLoader.load(Path.of(BUGGY)));
        RunResult b = run(ScenarioLoader.load(Path.of(BUGGY)));
        assertThat(json(b)).isEqualTo(json(a));
        assertThat(a.reports()).hasSize(1);
    }

    private static RunResult run(Scenario s) {
        return ScenarioRunner.run(
                s, "script", ScriptParser.parse("script", s.script()), Engine.DEFAULT_MAX_STEPS, true);
    }

    @Test
    void steppingACopyDoesNotChangeTheOriginal() {
        Scenario s = ScenarioLoader.load(Path.of(BUGGY));
        List<Command> commands = ScriptParser.parse("script", s.script());
        Engine original = ScenarioRunner.boot(s);
        // insmod, break devres_release_all, break tasklet_handler, unbind: unbind paused after my_remove
        for (Command c : commands.subList(0, 4)) original.apply(c);
        String before = stateJson(original);
        int traceBefore = original.machine().trace().size();
        long stepsBefore = original.machine().steps();
        assertThat(before).contains("\"paused\"");

        Engine copy = original.copy();
        assertThat(stateJson(copy)).isEqualTo(before);
        copy.apply(ScriptParser.parseLine("copy", "step unbind 5", 1));
        for (Command c : commands.subList(4, commands.size())) copy.apply(c);
        assertThat(copy.machine().reports())
                .as("the copy ran into the seed's use-after-free")
                .hasSize(1);
        assertThat(copy.machine().stopped()).isTrue();

        assertThat(stateJson(original)).isEqualTo(before);
        assertThat(original.machine().trace().size()).isEqualTo(traceBefore);
        assertThat(original.machine().steps()).isEqualTo(stepsBefore);
        assertThat(original.machine().reports()).isEmpty();
        assertThat(original.machine().stopped()).isFalse();
    }

    @Test
    void aCopyAndItsOriginalRunTheSameCommandsToTheSameState() {
        Scenario s = ScenarioLoader.load(Path.of(BUGGY));
        List<Command> commands = ScriptParser.parse("script", s.script());
        Engine original = ScenarioRunner.boot(s);
        for (Command c : commands.subList(0, 5)) original.apply(c);
        Engine copy = original.copy();
        for (Command c : commands.subList(5, commands.size())) {
            copy.apply(c);
            original.apply(c);
        }
        assertThat(stateJson(copy)).isEqualTo(stateJson(original));
        assertThat(json(copy.machine().trace().events(0)))
                .isEqualTo(json(original.machine().trace().events(0)));
        assertThat(json(copy.machine().reports()))
                .isEqualTo(json(original.machine().reports()));
        assertThat(copy.machine().kernel().dmesg())
                .isEqualTo(original.machine().kernel().dmesg());
    }

    @Test
    void aCopyOfTheCopyIsIndependentOfBoth() {
        Scenario s = ScenarioLoader.load(Path.of(BUGGY));
        List<Command> commands = ScriptParser.parse("script", s.script());
        Engine original = ScenarioRunner.boot(s);
        for (Command c : commands.subList(0, 4)) original.apply(c);
        Engine copy = original.copy();
        copy.apply(commands.get(4)); // irq 17
        String copyState = stateJson(copy);
        String originalState = stateJson(original);
        assertThat(copyState).isNotEqualTo(originalState);

        Engine copy2 = copy.copy();
        for (Command c : commands.subList(5, commands.size())) copy2.apply(c);
        assertThat(stateJson(copy)).isEqualTo(copyState);
        assertThat(stateJson(original)).isEqualTo(originalState);
    }
}

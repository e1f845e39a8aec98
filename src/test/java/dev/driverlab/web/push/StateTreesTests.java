package dev.driverlab.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Command;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.session.CommandScript;
import dev.driverlab.session.ScenarioCompiler;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionLimits;
import dev.driverlab.web.wire.SessionStateDto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A state's tree built part by part, reusing the previous tree's unchanged parts, is the tree and the JSON of the
 * whole state serialized at once, after every command of whole sessions (parts appearing, changing, going), and a
 * delta between two such trees is the delta between the whole states' trees.
 */
class StateTreesTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SessionLimits LIMITS =
            new SessionLimits(1_000, 10_000_000, 5_000, 8, Duration.ofSeconds(30), Long.MAX_VALUE);

    @ParameterizedTest
    @ValueSource(strings = {"devm-irq-tasklet", "devm-chardev-unbind", "module-params", "proc-sleep-buggy", "locks"})
    void aTreeBuiltFromThePreviousOneIsTheWholeStatesTreeAfterEveryCommand(String id) {
        ScenarioSpec spec = ScenarioSpec.builtIn(id);
        ScenarioCompiler.Compiled compiled = new ScenarioCompiler().compile(spec);
        Scenario scenario = compiled.scenario();
        List<String> scripts = new ArrayList<>(List.of(scenario.script()));
        scripts.addAll(scenario.scripts().values());
        int checked = 0;
        for (String script : scripts) checked += check(id, spec, compiled, script);
        assertThat(checked).isGreaterThan(1);
    }

    /** Applies the script's commands one by one, checking the tree after each; returns how many were checked. */
    private static int check(String id, ScenarioSpec spec, ScenarioCompiler.Compiled compiled, String script) {
        Session session = new Session("s-1", spec, compiled, LIMITS);
        SessionStateDto before = null;
        JsonNode beforeTree = null;
        JsonNode beforeWhole = null;
        int checked = 0;
        for (Command c : CommandScript.parse(Arrays.asList(script.split("\n")))) {
            if (session.engine().machine().stopped()) break;
            session.apply(List.of(c));
            SessionStateDto now = SessionStateDto.of(session.state());
            JsonNode tree = StateTrees.of(JSON, now, before, beforeTree);
            JsonNode whole = JSON.valueToTree(now);
            assertThat(JSON.writeValueAsString(tree)).as("%s after %s", id, c).isEqualTo(JSON.writeValueAsString(now));
            assertThat(tree).isEqualTo(whole);
            if (beforeTree != null) {
                assertThat(JSON.writeValueAsString(PushCodec.diff(beforeTree, tree)))
                        .as("%s: the delta after %s", id, c)
                        .isEqualTo(JSON.writeValueAsString(PushCodec.diff(beforeWhole, whole)));
            }
            before = now;
            beforeTree = tree;
            beforeWhole = whole;
            checked++;
        }
        return checked;
    }

    @Test
    void unchangedPartsAreTheSameNodesAndChangedOnesAreNew() {
        ScenarioSpec spec = ScenarioSpec.builtIn("devm-irq-tasklet");
        Session session = new Session("s-1", spec, new ScenarioCompiler().compile(spec), LIMITS);
        session.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        SessionStateDto first = SessionStateDto.of(session.state());
        JsonNode firstTree = StateTrees.of(JSON, first, null, null);
        session.apply(CommandScript.parse(Collections.nCopies(3, "irq 17")));
        SessionStateDto second = SessionStateDto.of(session.state());
        JsonNode secondTree = StateTrees.of(JSON, second, first, firstTree);

        assertThat(second.machine().modules()).isEqualTo(first.machine().modules());
        assertThat(secondTree.get("machine").get("modules"))
                .isSameAs(firstTree.get("machine").get("modules"));
        assertThat(second.machine().irqs()).isNotEqualTo(first.machine().irqs()); // fired three times more
        assertThat(secondTree.get("machine").get("irqs"))
                .isNotSameAs(firstTree.get("machine").get("irqs"));
        assertThat(secondTree.get("machine").get("irqs"))
                .isEqualTo(JSON.valueToTree(second.machine().irqs()));
        assertThat(secondTree).isEqualTo(JSON.valueToTree(second));
    }
}

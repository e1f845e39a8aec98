package dev.driverlab.session;

import static dev.driverlab.Fuzz.pick;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.Fuzz;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScriptParserProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the command lists clients send: they parse, or fail with the documented errors only (a bad line as a
 * ScenarioException naming its position in the list, a null entry as a bad request, too many as too large).
 */
class CommandScriptProperties {

    @Test
    void anyCommandListParsesOrFailsWithADocumentedError() {
        Fuzz.check("commands", CommandScriptProperties::lines, lines -> {
            try {
                assertThat(CommandScript.parse(lines)).hasSizeLessThanOrEqualTo(CommandScript.MAX_COMMANDS);
            } catch (ScenarioException e) {
                assertThat(e.getMessage()).matches("(?s)" + CommandScript.NAME + ":\\d+: error: .+");
                assertThat(e.line()).isBetween(1, lines.size());
            } catch (InvalidRequest | LimitExceeded e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    static List<String> lines(Random random) {
        List<String> lines = new ArrayList<>();
        int n = random.nextInt(20) == 0 ? CommandScript.MAX_COMMANDS - 2 + random.nextInt(4) : random.nextInt(12);
        for (int i = 0; i < n; i++) {
            // some elements hold line breaks: a bad request, never an error at a shifted position
            lines.add(
                    random.nextInt(50) == 0
                            ? null
                            : pick(
                                    random,
                                    "insmod m",
                                    "rmmod m",
                                    "tick",
                                    "# note",
                                    "",
                                    "irq 17",
                                    ScriptParserProperties.script(random).strip()));
        }
        return lines;
    }
}

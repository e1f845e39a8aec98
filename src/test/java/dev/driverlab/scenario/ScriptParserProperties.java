package dev.driverlab.scenario;

import static dev.driverlab.Fuzz.pick;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.Fuzz;
import dev.driverlab.engine.Command;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing the event-script parser: any script parses to commands, each a known verb with its line, or fails with
 * the documented script error ("NAME:LINE: error: ..."), never another exception.
 */
public class ScriptParserProperties {
    private static final List<String> WORDS = List.of(
            "insmod",
            "rmmod",
            "bind",
            "unbind",
            "irq",
            "break",
            "delete",
            "continue",
            "step",
            "lsmod",
            "dmesg",
            "open",
            "read",
            "write",
            "close",
            "lseek",
            "SEEK_CUR",
            "kill",
            "exit",
            "cat",
            "unplug",
            "grace-period",
            "tick",
            "schedule",
            "as",
            "nonblock",
            "cpu",
            "manual",
            "auto",
            "SIGINT",
            "SIGKILL",
            "TERM",
            "SIGHUP",
            "17",
            "0",
            "-1",
            "999999999",
            "9999999999",
            "1e3",
            "0x11",
            "my_device",
            "rmmod#2",
            "/dev/x",
            "/proc/x",
            "f",
            "12a",
            "#",
            "#x",
            "\t",
            "\u00a0",
            "\u2003",
            "\u0000",
            "\r",
            "\uD83D\uDE00",
            "\"",
            "'",
            ";",
            "\\",
            "");

    @Test
    void anyScriptParsesOrFailsWithTheScriptError() {
        Fuzz.check("script", ScriptParserProperties::script, script -> {
            try {
                List<Command> commands = ScriptParser.parse("s", script);
                for (Command c : commands) {
                    assertThat(c.line()).isPositive();
                    assertThat(c.verb()).isNotNull();
                    assertThat(c.text()).startsWith(c.verb().word());
                }
            } catch (ScenarioException e) {
                assertThat(e.getMessage()).matches("(?s)s:\\d+: error: .+");
            }
        });
    }

    public static String script(Random random) {
        StringBuilder script = new StringBuilder();
        for (int line = random.nextInt(12); line >= 0; line--) {
            for (int word = random.nextInt(6); word >= 0; word--) {
                script.append(pick(random, WORDS)).append(pick(random, " ", " ", "  ", "\t", ""));
            }
            script.append(pick(random, "\n", "\n", "\r\n", "\r", " # comment\n"));
        }
        return script.toString();
    }
}

package dev.driverlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.ReadmeSection;
import dev.driverlab.engine.Verb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README's table of script commands is generated from {@link Verb}: this test fails when the two disagree.
 * {@code mvn -o test -Dtest=ScriptCommandsReadmeTests -Ddriverlab.updateReadme=true} writes the table anew.
 */
class ScriptCommandsReadmeTests {
    static final ReadmeSection SECTION = new ReadmeSection(
            "script command table",
            "<!-- script-commands: generated from Verb by ScriptCommandsReadmeTests -->",
            "<!-- script-commands: end -->",
            "ScriptCommandsReadmeTests");

    @Test
    void readmeTableListsEveryVerb() {
        String table = table();
        for (Verb v : Verb.values()) assertThat(table).contains("`" + v.usage().replace("|", "\\|") + "`");
        SECTION.check(table);
    }

    /** One row per verb, in the order of {@link Verb}: grouped as the lab's toolbar groups them. */
    static String table() {
        List<String> rows = new ArrayList<>();
        rows.add("| command | effect |");
        rows.add("|---|---|");
        for (Verb v : Verb.values()) {
            rows.add(
                    "| `" + v.usage().replace("|", "\\|") + "` | " + v.summary().replace("|", "\\|") + " |");
        }
        return String.join("\n", rows);
    }
}

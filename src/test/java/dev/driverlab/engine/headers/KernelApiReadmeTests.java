package dev.driverlab.engine.headers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.ReadmeSection;
import dev.driverlab.engine.headers.KernelApi.Entry;
import dev.driverlab.engine.headers.KernelApi.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's list of what a driver can use is generated from the headers: this test fails when the two disagree.
 * {@code mvn -o test -Dtest=KernelApiReadmeTests -Ddriverlab.updateReadme=true} writes the list anew.
 */
class KernelApiReadmeTests {
    static final ReadmeSection SECTION = new ReadmeSection(
            "kernel API list",
            "<!-- kernel-api: generated from the headers by KernelApiReadmeTests -->",
            "<!-- kernel-api: end -->",
            "KernelApiReadmeTests");
    private static final int WIDTH = 118;

    @Test
    void readmeListsWhatTheHeadersDeclare() {
        String generated = markdown(KernelApi.prelude());
        assertThat(generated).contains("`kmalloc`").contains("`struct platform_device`");
        SECTION.check(generated);
    }

    /** One bullet per file: its names by kind, wrapped as the README is. */
    static String markdown(KernelApi api) {
        Map<String, List<Entry>> byFile = new LinkedHashMap<>();
        for (Entry e : api.entries())
            byFile.computeIfAbsent(e.header(), h -> new ArrayList<>()).add(e);
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<Entry>> file : byFile.entrySet()) {
            StringBuilder item = new StringBuilder("- `" + file.getKey() + "`");
            item.append(file.getKey().endsWith(".c") ? " (defined there, no header declares them)" : "")
                    .append(':');
            String sep = " ";
            for (Kind kind : Kind.values()) {
                List<String> names = new ArrayList<>();
                for (Entry e : file.getValue()) if (e.kind() == kind) names.add("`" + shown(e) + "`");
                if (names.isEmpty()) continue;
                item.append(sep)
                        .append(kind.label())
                        .append(names.size() > 1 ? "s " : " ")
                        .append(String.join(", ", names));
                sep = "; ";
            }
            lines.addAll(wrap(item.append('.').toString()));
        }
        return String.join("\n", lines);
    }

    private static String shown(Entry e) {
        if (e.kind() != Kind.TYPE) return e.name();
        Matcher m = Pattern.compile("\\b(struct|union|enum) " + Pattern.quote(e.name()) + "\\b")
                .matcher(e.prototype());
        return m.find() ? m.group() : e.name();
    }

    private static List<String> wrap(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        // a space inside `...` is no place to break: `struct device` stays on one line
        StringBuilder kept = new StringBuilder();
        boolean code = false;
        for (char c : text.toCharArray()) {
            if (c == '`') code = !code;
            kept.append(code && c == ' ' ? '\u00a0' : c);
        }
        for (String spaced : kept.toString().split(" ")) {
            String word = spaced.replace('\u00a0', ' ');
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                out.add(line.toString());
                line = new StringBuilder("  ");
            } else if (line.length() > 0 && !line.toString().equals("  ")) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }
}

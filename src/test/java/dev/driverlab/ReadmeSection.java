package dev.driverlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of README.md generated from the code, between two HTML comments. {@link #check} fails when README and
 * the code disagree; run the test with {@code -Ddriverlab.updateReadme=true} to write the part anew.
 */
public record ReadmeSection(String name, String begin, String end, String test) {
    private static final Path README = Path.of("README.md");

    /** Asserts README holds {@code generated} between the markers (after rewriting it, when asked to). */
    public void check(String generated) {
        try {
            String readme = Files.readString(README, StandardCharsets.UTF_8);
            int from = readme.indexOf(begin);
            int to = readme.indexOf(end);
            assertThat(from).as("README has the generated " + name).isGreaterThanOrEqualTo(0);
            assertThat(to).isGreaterThan(from);
            String listed = readme.substring(from + begin.length(), to);
            String wanted = "\n" + generated + "\n";
            if (Boolean.getBoolean("driverlab.updateReadme") && !listed.equals(wanted)) {
                Files.writeString(
                        README,
                        readme.substring(0, from + begin.length()) + wanted + readme.substring(to),
                        StandardCharsets.UTF_8);
                listed = wanted;
            }
            assertThat(listed)
                    .as("README's " + name + " is out of date: run " + test + " with -Ddriverlab.updateReadme=true")
                    .isEqualTo(wanted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * axe-core (from the npm registry into target/, never shipped in the app) on the catalog, the lab mid-crash, the
 * editor and the share dialog: no critical and no serious violation.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabAccessibilityTests {
    static final String AXE_VERSION = "4.14.1";

    @LocalServerPort
    int port;

    @Test
    void theCatalogTheLabMidCrashTheEditorAndTheShareDialogHaveNoCriticalOrSeriousViolation() throws Exception {
        String axe = axe();
        try (Browser b = Browser.open(port)) {
            b.get("/");
            b.waitUntil("the catalog", "document.querySelector('li.scenario')");
            assertThat(violations(b, axe)).as("catalog").isEmpty();

            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            b.click("#script-run");
            b.waitUntil("the crash", "document.getElementById('report-summary').textContent.includes('KASAN')");
            b.settle();
            assertThat(violations(b, axe)).as("lab mid-crash").isEmpty();
            b.screenshot("axe-lab-crash");

            b.click("#share");
            b.waitUntil("the short link", "document.getElementById('share-url').value.startsWith('http')");
            assertThat(violations(b, axe)).as("share dialog").isEmpty();
            b.js("document.getElementById('share-dialog').close()");

            b.openEditor();
            assertThat(violations(b, axe)).as("editor").isEmpty();
        }
    }

    /** "rule (impact): target, target..." for every critical or serious violation on the page as it is. */
    @SuppressWarnings("unchecked")
    static List<String> violations(Browser b, String axe) {
        b.js(axe);
        Object result = b.driver() instanceof org.openqa.selenium.JavascriptExecutor js
                ? js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations"
                        + ".filter((v) => v.impact === 'critical' || v.impact === 'serious')"
                        + ".map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 5).map((n) => n.target.join(' '))"
                        + ".join(', ') + (v.nodes.length > 5 ? ' +' + (v.nodes.length - 5) : ''))))"
                        + ".catch((e) => done(['axe failed: ' + e.message]));")
                : null;
        return (List<String>) result;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + out);
    }

    /** axe.min.js from the npm registry's tarball, kept in target/ (fetched once with npm). */
    static String axe() throws IOException, InterruptedException {
        Path dir = Path.of("target", "axe-core");
        Path js = dir.resolve("axe-" + AXE_VERSION + ".min.js");
        if (!Files.exists(js)) {
            Files.createDirectories(dir);
            run(dir, "npm", "pack", "axe-core@" + AXE_VERSION, "--pack-destination", ".");
            run(dir, "tar", "xzf", "axe-core-" + AXE_VERSION + ".tgz", "package/axe.min.js");
            Files.move(dir.resolve("package/axe.min.js"), js);
        }
        return Files.readString(js);
    }
}

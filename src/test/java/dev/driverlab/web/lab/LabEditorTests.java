package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabEditorTests {
    @LocalServerPort
    int port;

    @Test
    void theEditorShowsAParseErrorAtTheRightLine() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            b.click("#tab-edit");
            WebElement source = b.find("#editor-source textarea");
            long line = (Long) b.js("const t = arguments[0]; const at = t.value.indexOf('ms->events++') + 12;"
                    + "t.focus(); t.setSelectionRange(at, at); return t.value.slice(0, at).split('\\n').length;", source);
            source.sendKeys(" +"); // typed: "ms->events++ +;"
            b.waitUntil("the parse error", "!document.getElementById('edit-error').hidden");
            b.settle();
            assertThat(b.text("#edit-error")).contains(":" + line + ":16: error: expected expression");
            assertThat(b.text("#editor-source .numbers .error-line")).isEqualTo(Long.toString(line));
            assertThat(b.text("#editor-source .squiggle")).isEqualTo(";");
            assertThat(b.text("#editor-source .error-note")).contains("expected expression");
            assertThat(b.text("#edit-status")).contains("line " + line);
            b.js("arguments[0].scrollIntoView({block: 'center'})", b.find("#editor-source .error-line"));
            b.screenshot("lab-editor-parse-error");
        }
    }
}

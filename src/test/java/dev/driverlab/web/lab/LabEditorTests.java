package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The lab's source editor (CodeMirror 5): typing, the compiler's diagnostics inline, completion, file tabs. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabEditorTests {
    /** The editor of the module's files, as the page made it. */
    private static final String CM = "document.querySelector('#editor-source .CodeMirror').CodeMirror";

    @LocalServerPort
    int port;

    /** Puts the cursor right after the first occurrence of {@code text} in the shown file; returns its line (1-based). */
    private static long cursorAfter(Browser b, String text) {
        return (Long) b.js(
                "const cm = " + CM + "; const at = cm.getValue().indexOf(arguments[0]) + arguments[0].length;"
                        + "const pos = cm.posFromIndex(at); cm.focus(); cm.setCursor(pos); return pos.line + 1;",
                text);
    }

    private static void type(Browser b, CharSequence... keys) {
        new Actions(b.driver()).sendKeys(keys).perform();
    }

    @Test
    void aCompileErrorIsMarkedInlineWithItsMessage() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            b.openEditor();
            assertThat(b.find("#editor-source .CodeMirror textarea").getAttribute("aria-label"))
                    .isEqualTo("Driver source (C)");
            assertThat(b.text("#edit-files [aria-pressed='true']")).isEqualTo("devm_irq_tasklet.c");
            long line = cursorAfter(b, "ms->events++");
            type(b, " +"); // typed: "ms->events++ +;"
            b.waitUntil("the diagnostic", "document.querySelector('#editor-source .cm-diagnostic')");
            b.settle();
            assertThat(b.text("#edit-error")).contains(":" + line + ":16: error: expected expression");
            assertThat(b.text("#editor-source .cm-diagnostic")).isEqualTo(";");
            assertThat(b.find("#editor-source .cm-diagnostic").getAttribute("title"))
                    .contains("expected expression");
            assertThat(b.find("#editor-source .cm-diagnostic-marker").getAttribute("title"))
                    .contains("expected expression");
            assertThat(b.text("#editor-source .cm-diagnostic-note")).contains("expected expression");
            assertThat(b.js("const m = document.querySelector('#editor-source .cm-diagnostic-marker');"
                            + "return m.closest('.CodeMirror-gutter-wrapper').parentElement"
                            + ".querySelector('.CodeMirror-linenumber').textContent;"))
                    .isEqualTo(Long.toString(line));
            assertThat(b.text("#edit-status")).contains("devm_irq_tasklet.c:" + line + ":16");
            assertThat(b.find("#edit-files .file-tab").getAttribute("aria-label"))
                    .isEqualTo("devm_irq_tasklet.c, 1 error");
            b.screenshot("lab-editor-diagnostic");
            assertThat(b.driver().manage().logs().get("browser").getAll())
                    .as("the editor runs under the page's CSP")
                    .noneMatch(l -> l.getMessage().contains("Content Security Policy"));

            type(b, Keys.BACK_SPACE, Keys.BACK_SPACE); // fixed again: the marks go
            b.waitUntil(
                    "the marks to clear",
                    "!document.querySelector('#editor-source .cm-diagnostic')"
                            + " && document.getElementById('edit-status').textContent.includes('compiles')");
            assertThat(b.find("#edit-error").isDisplayed()).isFalse();
        }
    }

    @Test
    void completionOffersTheKernelApiWithPrototypes() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab");
            b.waitUntil("the blank editor", "document.body.dataset.ready === 'blank'");
            cursorAfter(b, "struct my_data {");
            assertThat((Long) b.js("return document.querySelectorAll('#editor-source .CodeMirror-matchingbracket')"
                            + ".length;"))
                    .as("the brace and the one that closes it")
                    .isEqualTo(2L);
            cursorAfter(b, "platform_set_drvdata(pdev, d);");
            type(b, Keys.ENTER, "devm_kz");
            b.waitUntil("the completions", "document.querySelector('.CodeMirror-hints')");
            assertThat(b.text(".CodeMirror-hint-active .hint-name")).isEqualTo("devm_kzalloc");
            assertThat(b.text(".CodeMirror-hint-active .hint-proto"))
                    .matches("void \\*devm_kzalloc\\(struct device \\*\\w+, size_t \\w+, gfp_t \\w+\\)");
            assertThat(b.text(".CodeMirror-hint-active .hint-kind")).isEqualTo("function");
            b.screenshot("lab-editor-completion");
            type(b, Keys.ENTER);
            b.waitUntil("the completion to be inserted", "!document.querySelector('.CodeMirror-hints')");
            assertThat((String) b.js("return " + CM + ".getLine(" + CM + ".getCursor().line);"))
                    .isEqualTo("\tdevm_kzalloc");

            // after 'struct' only struct tags; Ctrl-Space asks for them
            type(b, "(&pdev->dev, sizeof(struct platform_d");
            b.waitUntil("the struct completions", "document.querySelector('.CodeMirror-hints')");
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) b.js("return [...document.querySelectorAll('.CodeMirror-hint "
                    + ".hint-name')].map((e) => e.textContent);");
            assertThat(names).contains("platform_device", "platform_driver").allMatch(n -> n.startsWith("platform_d"));
            assertThat(b.text(".CodeMirror-hint-active .hint-kind")).isEqualTo("type");
            type(b, Keys.ESCAPE);
            b.waitUntil("the list to close", "!document.querySelector('.CodeMirror-hints')");
            new Actions(b.driver())
                    .keyDown(Keys.CONTROL)
                    .sendKeys(Keys.SPACE)
                    .keyUp(Keys.CONTROL)
                    .perform();
            b.waitUntil("Ctrl-Space to open it again", "document.querySelector('.CodeMirror-hints')");
            type(b, Keys.ESCAPE);

            // search: Ctrl-F opens CodeMirror's search dialog, Enter selects the next match
            new Actions(b.driver())
                    .keyDown(Keys.CONTROL)
                    .sendKeys("f")
                    .keyUp(Keys.CONTROL)
                    .perform();
            b.waitUntil("the search dialog", "document.querySelector('#editor-source .CodeMirror-dialog input')");
            assertThat(b.text("#editor-source .CodeMirror-dialog label")).startsWith("Search:");
            long next = (Long) b.js("const cm = " + CM + "; return cm.posFromIndex(cm.getValue()"
                    + ".indexOf('my_remove', cm.indexFromPos(cm.getCursor()))).line;");
            type(b, "my_remove", Keys.ENTER);
            b.waitUntil("the match to be selected", CM + ".getSelection() === 'my_remove'");
            assertThat((Long) b.js("return " + CM + ".getCursor().line;")).isEqualTo(next);
            b.screenshot("lab-editor-search");
        }
    }

    @Test
    void aModuleOfSeveralFilesIsEditedInTabsAndEachErrorLandsInItsFile() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab");
            b.waitUntil("the blank editor", "document.body.dataset.ready === 'blank'");
            // the server's answer to a module of several files is stubbed (the scenario key is the backend's part):
            // compile errors in the format Problems writes, one per file
            b.js("window.validated = [];"
                    + "const real = window.fetch;"
                    + "window.fetch = (url, init) => {"
                    + "  const yaml = url === '/api/validate' && JSON.parse(init.body).yaml;"
                    + "  if (!yaml || !yaml.includes('\\nsources:')) return real(url, init);"
                    + "  window.validated.push(yaml);"
                    + "  const d = [{file: 'my_module.h', line: 4, col: 29, message: \"expected ';' after struct\"},"
                    + "             {file: 'my_module.c', line: 9, col: 2, message: \"unknown type name 'foo'\"}];"
                    + "  return Promise.resolve(new Response(JSON.stringify({status: 422, code: 'compile-error',"
                    + "    detail: d[0].message, message: 'my_module.h:4:29: error: ' + d[0].message, diagnostics: d,"
                    + "    file: 'my_module.h', line: 4, col: 29}),"
                    + "    {status: 422, headers: {'Content-Type': 'application/problem+json'}}));"
                    + "};");
            b.click("#edit-add-file");
            b.find("#edit-add-name").sendKeys("my_module.h", Keys.ENTER);
            b.waitUntil("the new tab", "document.querySelector(\"#edit-files [data-file='my_module.h']\")");
            assertThat(b.text("#edit-files [aria-pressed='true']")).isEqualTo("my_module.h");
            assertThat((String) b.js("return " + CM + ".getValue();")).startsWith("#ifndef _MY_MODULE_H\n");
            cursorAfter(b, "#define _MY_MODULE_H\n");
            type(b, Keys.ENTER, "struct my_regs { int ctrl; }");

            b.click("#edit-files [data-file='my_module.c']");
            assertThat((String) b.js("return " + CM + ".getValue();")).contains("static int my_probe");
            type(b, " ");
            b.waitUntil("both diagnostics", "document.querySelectorAll('#edit-files .has-errors').length === 2");
            String yaml = (String) b.js("return window.validated.at(-1);");
            assertThat(yaml)
                    .contains("\nsources:\n  my_module.c: |2\n    #include <linux/module.h>\n")
                    .contains("\n  my_module.h: |2\n    #ifndef _MY_MODULE_H\n")
                    .contains("    struct my_regs { int ctrl; }\n")
                    .doesNotContain("\nsource:");
            // the check while typing marks every file but leaves the user where they type, with its own mark only
            assertThat(b.text("#edit-files [aria-pressed='true']")).isEqualTo("my_module.c");
            assertThat(b.text("#editor-source .cm-diagnostic-note")).isEqualTo("error: unknown type name 'foo'");
            assertThat(b.find("#edit-files [data-file='my_module.h']").getAttribute("aria-label"))
                    .isEqualTo("my_module.h, 1 error");
            // Run shows the first diagnostic's file
            b.click("#edit-run");
            b.waitUntil(
                    "the header shown",
                    "document.querySelector(\"#edit-files [data-file='my_module.h']\")"
                            + ".getAttribute('aria-pressed') === 'true'");
            assertThat(b.text("#editor-source .cm-diagnostic-note")).isEqualTo("error: expected ';' after struct");
            assertThat(b.find("#edit-files [data-file='my_module.c']").getAttribute("aria-label"))
                    .isEqualTo("my_module.c, 1 error");
            b.screenshot("lab-editor-tabs-header");
            b.click("#edit-files [data-file='my_module.c']");
            assertThat(b.text("#editor-source .cm-diagnostic-note")).isEqualTo("error: unknown type name 'foo'");
            assertThat((Long) b.js("return document.querySelectorAll('#editor-source .cm-diagnostic-note').length;"))
                    .isEqualTo(1L);
            b.click("#edit-yaml-tab");
            assertThat(b.find("#editor-source").isDisplayed()).isFalse();
            assertThat(b.text("#editor-yaml .CodeMirror-code")).contains("module");
            b.click("#edit-files [data-file='my_module.h']");
            assertThat(b.text("#editor-source .cm-diagnostic-note")).isEqualTo("error: expected ';' after struct");

            b.click("#edit-files .file-remove");
            b.waitUntil("the header to go", "document.querySelectorAll('#edit-files .file-tab').length === 1");
            assertThat(b.text("#edit-files [aria-pressed='true']")).isEqualTo("my_module.c");
        }
    }

    @Test
    void aScenarioErrorIsMarkedInTheYamlPart() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab");
            b.waitUntil("the blank editor", "document.body.dataset.ready === 'blank'");
            b.click("#edit-yaml-tab");
            String yaml = "document.querySelector('#editor-yaml .CodeMirror').CodeMirror";
            long line = (Long) b.js("const cm = " + yaml + "; const at = cm.getValue().indexOf('cpus: 2') + 6;"
                    + "const pos = cm.posFromIndex(at); cm.focus(); cm.setCursor(pos); return pos.line + 1;");
            type(b, Keys.DELETE, "many");
            b.waitUntil("the YAML diagnostic", "document.querySelector('#editor-yaml .cm-diagnostic-note')");
            assertThat(b.find("#editor-yaml").isDisplayed()).isTrue();
            assertThat(b.text("#editor-yaml .cm-diagnostic-note"))
                    .isEqualTo("error: world.cpus must be an integer between 1 and 64");
            assertThat(b.text("#editor-yaml .cm-diagnostic")).isEqualTo("cpus");
            assertThat(b.js("const m = document.querySelector('#editor-yaml .cm-diagnostic-marker');"
                            + "return m.closest('.CodeMirror-gutter-wrapper').parentElement"
                            + ".querySelector('.CodeMirror-linenumber').textContent;"))
                    .isEqualTo(Long.toString(line));
            assertThat(b.text("#edit-status")).contains("line " + line);
            b.screenshot("lab-editor-yaml-error");
        }
    }
}

package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Stepping through history and breakpoints, as in a debugger. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabHistoryTests {
    @LocalServerPort
    int port;

    @Test
    void stepBackThenForwardRestoresTheSameView() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            for (int i = 0; i < 5; i++) b.next(); // both contexts paused mid-race
            String head = (String) b.js("return document.body.dataset.steps");
            String before = settledView(b);

            b.find("body").sendKeys(Keys.ARROW_LEFT); // back one step
            b.waitUntil(
                    "the past step's view",
                    "document.body.dataset.cursor === '" + (Long.parseLong(head) - 1)
                            + "' && document.body.dataset.viewReady === 'true'");
            b.settle();
            assertThat(b.text("#state-step")).contains("past");
            assertThat(b.js("return document.getElementById('follow').checked")).isEqualTo(false);
            b.screenshot("lab-step-back");

            b.find("body").sendKeys(Keys.ARROW_RIGHT); // and forward again
            b.waitUntil("the newest step's view", "document.body.dataset.cursor === '" + head + "'");
            b.settle();
            assertThat(view(b)).isEqualTo(before);
            assertThat(b.text("#state-step")).contains("(now)");
            b.screenshot("lab-step-forward");
        }
    }

    @Test
    void aBreakpointSetByClickingTheGutterPausesAContextAtThatLine() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            LabScenarioTests.clickAction(b, "insmod");
            long line = (Long) b.js("return [...document.querySelectorAll('#code-view .code-line')]"
                    + ".find((l) => l.textContent.includes('tasklet_kill(&ms->tasklet);')).dataset.line * 1");
            b.click("#code-line-" + line + " .gutter");
            b.waitUntil(
                    "the breakpoint",
                    "document.querySelector('#code-line-" + line
                            + " .gutter').getAttribute('aria-pressed') === 'true'");
            LabScenarioTests.clickAction(b, "unbind my_device");
            b.waitUntil(
                    "unbind to pause",
                    "document.getElementById('state-view').textContent" + ".includes('breakpoint at line " + line
                            + "')");
            b.settle();
            assertThat(b.find("#code-line-" + line).getAttribute("class")).contains("current");
            assertThat(b.text("#code-line-" + line + " .markers")).contains("unbind");
            assertThat(b.text("#call-stack")).contains("my_remove").contains("unbind");
            b.screenshot("lab-breakpoint");
        }
    }

    /**
     * The view once two readings a moment apart agree: the heap of the newest step arrives by its own fetch after the
     * pushed state, so a reading right after a command can still show the previous step's heap.
     */
    private static String settledView(Browser b) {
        String last = view(b);
        for (int i = 0; i < 20; i++) {
            b.settle();
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            String now = view(b);
            if (now.equals(last)) return now;
            last = now;
        }
        return last;
    }

    /** What the views show of the state (the step label aside). */
    private static String view(Browser b) {
        return b.text("#state-view") + "\n" + b.text("#call-stack") + "\n"
                + b.js(
                        "return [...document.querySelectorAll('#code-view .code-line.current')].map((l) => l.textContent)"
                                + ".join('\\n') + document.getElementById('scrub').value");
    }
}

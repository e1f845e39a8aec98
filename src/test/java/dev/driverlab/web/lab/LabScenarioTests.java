package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Clicking through scenarios in the lab until the kernel reports the bug, as a workshop participant would. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabScenarioTests {
    @LocalServerPort
    int port;

    @Test
    void clickingThroughTheDefaultScriptEndsWithTheKasanReportAndTheUseMarkedOnTheTimeline() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            assertThat(b.text("#script-next")).isEqualTo("next: insmod devm_irq_tasklet");
            for (int i = 0; i < 5; i++) b.next(); // insmod, break, break, unbind, irq 17: both sides paused
            assertThat(b.text("#state-view"))
                    .contains("breakpoint at devres_release_all")
                    .contains("breakpoint at tasklet_handler");
            b.screenshot("lab-mid-race");
            b.next(); // continue unbind: devres frees the IRQ, then my_struct
            b.next(); // continue: the tasklet runs on the freed my_struct
            b.waitUntil("the report", "document.getElementById('report-summary').textContent.includes('KASAN')");
            b.settle();
            assertThat(b.text("#report-summary")).contains("BUG: KASAN: use-after-free in tasklet_handler");
            assertThat(b.text("#console")).contains("Freed by task").contains("release_nodes");
            assertThat(b.text("#timeline .report-label")).contains("KASAN: use-after-free");
            assertThat(b.js("return document.querySelectorAll('#timeline .mark.bad').length"))
                    .isNotEqualTo(0L);
            assertThat(b.js("return document.querySelectorAll('#timeline path.flow').length"))
                    .isEqualTo(1L);
            // flags from the server's vocabulary: insmod, unbind and irq 17 change the world; the breakpoints and
            // the continues do not
            assertThat(b.js("return document.querySelectorAll('#timeline path.flag.inject').length"))
                    .isEqualTo(3L);
            assertThat(b.js("return document.querySelectorAll('#timeline path.flag:not(.inject)').length"))
                    .isEqualTo(4L);
            assertThat(b.text("#code-view .code-line.current")).contains("ms->events");
            assertThat(b.text("#state-view")).contains("freed at step");
            b.screenshot("lab-kasan-report");
        }
    }

    @Test
    void unbindThenCloseInTheCharDeviceScenarioReportsTheUseAfterFree() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-chardev-unbind");
            b.waitReady();
            clickAction(b, "insmod");
            clickAction(b, "life A"); // open A: the place that says exit A once it runs
            assertThat(b.text("#state-view")).contains("devm_chardev").contains("Used by 1");
            clickAction(b, "unbind our_device");
            clickAction(b, "close A");
            b.waitUntil("the report", "document.getElementById('report-summary').textContent.includes('KASAN')");
            b.settle();
            assertThat(b.text("#report-summary")).contains("use-after-free in closecb");
            assertThat(b.text("#timeline .report-label")).contains("use-after-free in closecb");
            assertThat(b.find("[data-command='insmod']").isEnabled()).isFalse(); // the kernel has crashed
            b.screenshot("lab-chardev-unbind-close");
        }
    }

    /** Clicks a toolbar action and waits until its command has run. */
    static void clickAction(Browser b, String action) {
        String steps = (String) b.js("return document.body.dataset.steps");
        b.click("#actions [data-command='" + action + "']");
        b.waitUntil(action + " to run", "document.body.dataset.steps !== '" + steps + "'");
        b.settle();
    }
}

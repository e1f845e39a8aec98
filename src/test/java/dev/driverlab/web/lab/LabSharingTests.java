package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A room on one live session, and share links opened elsewhere. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabSharingTests {
    @LocalServerPort
    int port;

    @Test
    void twoPagesOnOneSessionBothSeeACommandFromEither() {
        try (Browser teacher = Browser.open(port);
                Browser room = Browser.open(port)) {
            teacher.get("/lab/devm-irq-tasklet");
            teacher.waitReady();
            String session = teacher.driver().getCurrentUrl();
            assertThat(session).contains("/sessions/");
            room.get(session);
            room.waitReady();
            assertThat(room.find("#take-over").isDisplayed()).isTrue();

            LabScenarioTests.clickAction(teacher, "insmod");
            room.waitUntil(
                    "the teacher's insmod",
                    "document.querySelector('[data-module=devm_irq_tasklet]')" + "?.textContent.includes('LIVE')");

            LabScenarioTests.clickAction(room, "unbind my_device");
            teacher.waitUntil(
                    "the room's unbind",
                    "document.querySelector('[data-device=my_device]')" + "?.textContent.includes('no driver')");
            teacher.settle();
            room.settle();
            assertThat(teacher.js("return document.body.dataset.steps"))
                    .isEqualTo(room.js("return document.body.dataset.steps"));
            assertThat(teacher.text("#console")).isEqualTo(room.text("#console"));
            teacher.screenshot("lab-shared-teacher");
            room.screenshot("lab-shared-room");
        }
    }

    @Test
    void aShareLinkOpenedInAFreshBrowserShowsTheSameTrace() {
        String url;
        String steps;
        String console;
        String flags;
        try (Browser a = Browser.open(port)) {
            a.get("/lab/devm-irq-tasklet");
            a.waitReady();
            for (int i = 0; i < 7; i++) a.next();
            a.click("#share");
            a.waitUntil("the short link", "document.getElementById('share-url').value.startsWith('http')");
            url = (String) a.js("return document.getElementById('share-url').value");
            assertThat(url).contains("/s/");
            assertThat((String) a.js("return document.getElementById('share-z').value"))
                    .contains("/lab#z=");
            assertThat(a.find("#share-trace").getAttribute("href")).endsWith("trace?format=chrome");
            a.screenshot("lab-share-dialog");
            steps = (String) a.js("return document.body.dataset.steps");
            console = a.text("#console");
            flags = flags(a);
        }
        try (Browser fresh = Browser.open(port)) {
            fresh.get(url);
            fresh.waitReady();
            fresh.waitUntil("the shared trace", "document.body.dataset.steps === '" + steps + "'");
            fresh.settle();
            assertThat(fresh.text("#console")).isEqualTo(console);
            assertThat(flags(fresh)).isEqualTo(flags);
            assertThat(fresh.text("#report-summary")).contains("KASAN");
            fresh.screenshot("lab-share-opened");
        }
    }

    private static String flags(Browser b) {
        return (String) b.js("return [...document.querySelectorAll('#timeline .flag-label, #timeline .report-label')]"
                + ".map((t) => t.textContent).join('|')");
    }
}

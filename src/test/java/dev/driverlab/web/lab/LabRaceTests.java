package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** "Find the race" in the lab: its three verdicts read differently, and a found race says what met where. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabRaceTests {
    @LocalServerPort
    int port;

    private static String search(Browser b, String scenario) {
        b.get("/lab/" + scenario);
        b.waitReady();
        b.click("#find-race");
        b.click("#race-start");
        b.waitUntil("a verdict", "document.getElementById('race-status').dataset.verdict !== undefined");
        b.settle();
        return b.js("return document.getElementById('race-status').dataset.verdict")
                .toString();
    }

    @Test
    void aFoundRaceNamesTheFreeAndTheUseAndOffersItsSchedule() {
        try (Browser b = Browser.open(port)) {
            assertThat(search(b, "devm-irq-tasklet")).isEqualTo("race-found");
            assertThat(b.text("#race-status"))
                    .startsWith("✖ race found: BUG: KASAN")
                    .contains("free in")
                    .contains("→");
            assertThat(b.text("#race-result")).contains("schedule manual");
            b.screenshot("lab-race-found");
            // loaded as a session, the timeline rings the moments the report relates on their contexts' rows
            b.click("#race-load");
            b.waitUntil(
                    "the race's moments on the timeline",
                    "document.querySelectorAll('#timeline .race-moment').length >= 2");
            b.settle();
            assertThat(b.text("#timeline")).contains("free · line");
            b.screenshot("lab-race-moments");
        }
    }

    @Test
    void aProvenCleanSpaceIsATickAndACutSearchIsNot() {
        try (Browser b = Browser.open(port)) {
            assertThat(search(b, "devm-irq-tasklet-fixed")).isEqualTo("no-crash");
            assertThat(b.text("#race-status")).startsWith("✓ no crash in the whole bounded space");
            b.screenshot("lab-race-clean");
        }
    }
}

package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
            // the free ran in the devres release (no driver code on its stack), the allocation in the probe
            assertThat(b.text("#timeline")).contains("free · release_nodes").contains("alloc · line");
            b.screenshot("lab-race-moments");
        }
    }

    @Test
    void theFreeAndTheUseAreMarkedOnTheDriversOwnLines() {
        try (Browser b = Browser.open(port)) {
            // a double free: the first free and the second are both the driver's own calls
            assertThat(search(b, "kmem-cache-double-free")).isEqualTo("race-found");
            b.click("#race-load");
            b.waitUntil("the race's lines", "document.querySelectorAll('#code-view .race-line').length >= 2");
            b.settle();
            @SuppressWarnings("unchecked")
            List<String> chips = (List<String>) b.js("return [...document.querySelectorAll('#code-view .race-line')]"
                    + ".map(r => r.dataset.line + ':' + [...r.querySelectorAll('.race-chip')]"
                    + ".map(c => c.textContent).join(','));");
            assertThat(chips).anySatisfy(c -> assertThat(c).contains("free"));
            assertThat(chips).anySatisfy(c -> assertThat(c).contains("report"));
            // two different lines: where the driver freed it, and where it freed it again
            String freeLine =
                    chips.stream().filter(c -> c.contains("free")).findFirst().orElseThrow();
            String reportLine =
                    chips.stream().filter(c -> c.contains("report")).findFirst().orElseThrow();
            assertThat(freeLine).isNotEqualTo(reportLine);
            assertThat(b.find("#code-view .race-chip").getAttribute("title")).startsWith("race moment");
            b.screenshot("lab-race-lines");
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

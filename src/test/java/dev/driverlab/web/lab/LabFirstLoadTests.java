package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What opening the lab costs, measured by Chromium itself (Resource Timing: bytes over the wire, compressed, 0 for
 * a cache hit; the page's own "lab-drawn" mark): a first visit with an empty cache, then a repeat visit, whose
 * fingerprinted files all come from the cache without a request. Figures in target/screenshots/first-load.txt, with
 * the page's marks of where "Open" to a drawn timeline goes (modules ran, session, scenario, state, drawn).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabFirstLoadTests {
    private static final String MEASURE = "const nav = performance.getEntriesByType('navigation')[0];"
            + "const res = performance.getEntriesByType('resource');"
            + "const drawn = performance.getEntriesByName('lab-drawn')[0];"
            + "return {bytes: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0),"
            + " requests: 1 + res.filter((r) => r.transferSize > 0).length, cached: res.filter((r) => r.transferSize === 0).length,"
            + " drawn: drawn ? Math.round(drawn.startTime) : -1,"
            + " marks: performance.getEntriesByType('mark').map((m) => m.name + '@' + Math.round(m.startTime)).join(' '),"
            + " top: res.filter((r) => r.transferSize > 0).sort((a, b) => b.transferSize - a.transferSize).slice(0, 6)"
            + "   .map((r) => r.name.replace(location.origin, '') + ' ' + r.transferSize).join(', ')};";

    @LocalServerPort
    int port;

    @Test
    void theLabLoadsInAtMost300KBFirstAnd30KBOnARepeatVisit() throws IOException {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            Map<?, ?> first = (Map<?, ?>) b.js(MEASURE);
            b.get("/lab/devm-irq-tasklet"); // a repeat visit: a new session, everything static from the cache
            b.waitReady();
            Map<?, ?> repeat = (Map<?, ?>) b.js(MEASURE);
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            Map<?, ?> again = (Map<?, ?>) b.js(MEASURE);
            String figures = "first visit: " + first + "\nrepeat visit: " + repeat + "\nthird visit: " + again + "\n";
            System.out.print(figures);
            Files.createDirectories(Browser.SCREENSHOTS);
            Files.writeString(Browser.SCREENSHOTS.resolve("first-load.txt"), figures);
            assertThat(((Number) first.get("bytes")).longValue()).as(figures).isLessThanOrEqualTo(300_000);
            assertThat(((Number) repeat.get("bytes")).longValue()).as(figures).isLessThanOrEqualTo(30_000);
            assertThat(((Number) again.get("drawn")).longValue()).as(figures).isPositive();
            // the first requests go out while the modules load: the session is there when they have run
            assertThat(again.get("marks").toString())
                    .as(figures)
                    .containsPattern("lab-modules@\\d+ lab-session@\\d+ lab-scenario@\\d+ lab-state@\\d+ lab-drawn@");
            for (Object r : List.of(repeat.get("top"))) assertThat(r.toString()).doesNotContain("/webjars/");
        }
    }
}

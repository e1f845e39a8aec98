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

    /** The first visit's requests by start time (ms since navigation: start, request sent, first byte, end), with marks. */
    private static final String WATERFALL = ""
            + "const nav = performance.getEntriesByType('navigation')[0];\n"
            + "const ms = (t) => String(Math.round(t)).padStart(5);\n"
            + "const short = (n) => n.replace(location.origin, '').replace(/-[0-9a-f]{32}(\\.\\w+)$/, '$1');\n"
            + "const rows = performance.getEntriesByType('resource').map((r) => ({\n"
            + "  s: r.startTime, line: ms(r.startTime) + ms(r.requestStart) + ms(r.responseStart) + ms(r.responseEnd)\n"
            + "    + String(r.transferSize).padStart(7) + '  ' + r.initiatorType.padEnd(6) + ' ' + short(r.name) }));\n"
            + "rows.push({ s: 0, line: ms(0) + ms(nav.requestStart) + ms(nav.responseStart) + ms(nav.responseEnd)\n"
            + "  + String(nav.transferSize).padStart(7) + '  page   ' + short(nav.name)\n"
            + "  + ' (domInteractive ' + Math.round(nav.domInteractive) + ', DOMContentLoaded ' + Math.round(nav.domContentLoadedEventEnd)\n"
            + "  + ', load ' + Math.round(nav.loadEventEnd) + ')' });\n"
            + "for (const m of performance.getEntriesByType('mark')) rows.push({ s: m.startTime, line: ms(m.startTime) + '  mark ' + m.name });\n"
            + "rows.sort((a, b) => a.s - b.s);\n"
            + "return 'start  req  resp  end  bytes  type   url\\n' + rows.map((r) => r.line).join('\\n');\n";

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

    /**
     * Where a cold first load's time goes: several first visits, each in a new browser (an empty cache) against
     * this server, with the request waterfall of the first (the server's first page) and of the last, and Chromium's
     * own counters (script, style and layout time on the main thread), in target/screenshots/first-load-waterfall.txt.
     * Figures, not a pass/fail: the load of the machine decides them.
     */
    @Test
    void aColdFirstVisitDrawsTheTimelineAndSaysWhereTheTimeWent() throws IOException {
        StringBuilder out = new StringBuilder();
        String first = "";
        String last = "";
        for (int visit = 1; visit <= 4; visit++) {
            try (Browser b = Browser.open(port)) {
                b.cdp("Performance.enable", Map.of());
                b.get("/lab/devm-irq-tasklet");
                b.waitReady();
                Map<?, ?> m = (Map<?, ?>) b.js(MEASURE);
                Map<String, Number> counters = b.cdpMetrics();
                out.append("cold visit ")
                        .append(visit)
                        .append(": drawn at ")
                        .append(m.get("drawn"))
                        .append(" ms, ")
                        .append(m.get("bytes"))
                        .append(" bytes, ")
                        .append(m.get("requests"))
                        .append(" requests; main thread: script ")
                        .append(millis(counters, "ScriptDuration"))
                        .append(" ms, style ")
                        .append(millis(counters, "RecalcStyleDuration"))
                        .append(" ms (")
                        .append(counters.get("RecalcStyleCount"))
                        .append(" times), layout ")
                        .append(millis(counters, "LayoutDuration"))
                        .append(" ms (")
                        .append(counters.get("LayoutCount"))
                        .append(" times)")
                        .append(", all tasks ")
                        .append(millis(counters, "TaskDuration"))
                        .append(" ms; marks ")
                        .append(m.get("marks"))
                        .append('\n');
                last = (String) b.js(WATERFALL);
                if (visit == 1) first = last;
                assertThat(((Number) m.get("drawn")).longValue())
                        .as(out.toString())
                        .isPositive();
            }
        }
        String figures = out + "\nthe first cold visit's waterfall (ms since navigation; the server's first page):\n"
                + first + "\n\nthe last cold visit's waterfall:\n" + last + "\n";
        System.out.print(figures);
        Files.createDirectories(Browser.SCREENSHOTS);
        Files.writeString(Browser.SCREENSHOTS.resolve("first-load-waterfall.txt"), figures);
    }

    private static long millis(Map<String, Number> counters, String name) {
        Number seconds = counters.get(name);
        return seconds == null ? -1 : Math.round(seconds.doubleValue() * 1000);
    }
}

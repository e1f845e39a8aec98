package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The lab in a workshop (issue 13): nothing is lost without consent, the script follows the session, buttons say
 * what the kernel allows, projector and phone sizes, shared links keep the future. Screenshots in target/screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabWorkshopTests {
    @LocalServerPort
    int port;

    @Test
    void actingFromAPastStepForksByDefaultAndOnlyTheOwnerMayRewindThenUndo() {
        try (Browser owner = Browser.open(port);
                Browser watcher = Browser.open(port)) {
            owner.get("/lab/devm-irq-tasklet");
            owner.waitReady();
            for (int i = 0; i < 4; i++) owner.next();
            String session = owner.driver().getCurrentUrl();
            String sessionId = session.replaceFirst(".*/sessions/", "");
            long head = steps(owner);

            // Someone else in the room looks at a past step and injects: the choice offers a fork only.
            watcher.get(session);
            watcher.waitReady();
            back(watcher, 3);
            watcher.click("#actions [data-command='tick']");
            watcher.waitUntil("the choice", "document.getElementById('history-dialog').open");
            assertThat(watcher.find("#history-rewind").isEnabled()).isFalse();
            assertThat(watcher.find("#history-rewind").getAttribute("title")).contains("Only the browser that started");
            assertThat(watcher.js("return document.activeElement.id")).isEqualTo("history-fork");
            watcher.screenshot("workshop-watcher-choice");
            watcher.click("#history-fork");
            watcher.waitUntil(
                    "the fork",
                    "!location.pathname.endsWith('" + sessionId + "')" + " && document.body.dataset.ready === 'true'");
            watcher.settle();
            assertThat(new ApiClient(port).get("/api/sessions/" + sessionId).body())
                    .contains("\"steps\":" + head); // the original is untouched
            assertThat(watcher.text("#session-status")).contains("your own copy");

            // The owner rewinds its own session, and undoes it.
            back(owner, 3);
            long past = steps(owner) - 0;
            String cursor = (String) owner.js("return document.body.dataset.cursor");
            owner.click("#actions [data-command='tick']");
            owner.waitUntil("the choice", "document.getElementById('history-dialog').open");
            assertThat(owner.find("#history-rewind").isEnabled()).isTrue();
            owner.screenshot("workshop-owner-choice");
            owner.click("#history-rewind");
            owner.waitUntil(
                    "the rewind and the tick",
                    "location.pathname.endsWith('" + sessionId + "')"
                            + " && !document.getElementById('undo-rewind').disabled");
            owner.settle();
            assertThat(Long.parseLong(cursor)).isLessThan(head);
            owner.screenshot("workshop-owner-rewound");
            assertThat(past).isPositive();
        }
    }

    @Test
    void theOwnersUndoBringsBackWhatARewindDropped() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            for (int i = 0; i < 4; i++) b.next();
            long head = steps(b);
            String console = b.text("#console");
            back(b, 5);
            b.click("#actions [data-command='tick']");
            b.waitUntil("the choice", "document.getElementById('history-dialog').open");
            b.click("#history-rewind");
            b.waitUntil("the undo button", "!document.getElementById('undo-rewind').disabled");
            b.settle();
            assertThat(steps(b)).isLessThan(head + 2);
            b.click("#undo-rewind");
            // the pushed steps can arrive before the undo's own answer, which is what puts the button away
            b.waitUntil(
                    "the undone rewind",
                    "document.body.dataset.steps === '" + head + "'"
                            + " && document.getElementById('undo-rewind').disabled");
            b.settle();
            assertThat(b.text("#console")).isEqualTo(console);
            b.screenshot("workshop-undo");
        }
    }

    @Test
    void theScriptFollowsTheSessionAndSaysWhenCommandsLeftIt() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            String first = b.text("#script-next");
            b.click("#actions [data-command='tick']"); // by hand: not the script's first command
            b.waitUntil("the divergence", "document.getElementById('script-status').textContent.includes('diverged')");
            assertThat(b.text("#script-next")).contains("back to the script");
            assertThat(b.text("#script-run")).contains("restart in a copy");
            b.screenshot("workshop-script-diverged");

            b.click("#script-run"); // a fresh copy: the script from its start
            b.waitUntil(
                    "the fresh copy", "document.body.dataset.ready === 'true' && document.body.dataset.steps === '0'");
            b.settle();
            assertThat(b.text("#script-next")).isEqualTo(first);
            b.next();
            b.click("#script-run"); // run to end from the matching point: never "not paused"
            b.waitUntil(
                    "the script to end",
                    "document.getElementById('script-next').textContent === 'script done'"
                            + " || document.getElementById('report-summary').textContent.length > 0");
            b.settle();
            assertThat(b.text("#command-error")).isEmpty();
            b.screenshot("workshop-script-run-to-end");
        }
    }

    @Test
    void buttonsFollowWhatTheKernelAllowsAndSayWhyNot() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/proc-sleep");
            b.waitReady();
            b.js("const s = document.getElementById('script-select'); s.value = 'sigint';"
                    + "s.dispatchEvent(new Event('change'));");
            for (int i = 0; i < 3; i++) b.next(); // insmod, open tail, open second: second sleeps in open()
            assertThat(b.find("[data-command='read second']").isEnabled()).isFalse();
            assertThat(b.find("[data-command='read second']").getAttribute("title"))
                    .contains("second is in open")
                    .contains("blocked");
            assertThat(b.find("[data-command='life second']").isEnabled()).isFalse();
            assertThat(b.find("[data-command='kill second']").isEnabled()).isTrue();
            assertThat(b.find("[data-command='read tail']").isEnabled()).isTrue();
            b.screenshot("workshop-buttons-blocked");
            String bar = barGeometry(b);

            LabScenarioTests.clickAction(b, "close tail");
            assertThat(b.find("[data-command='read tail']").isEnabled()).isFalse();
            assertThat(b.find("[data-command='read tail']").getAttribute("title"))
                    .contains("tail has closed its file");
            assertThat(b.text("[data-command='life tail']")).isEqualTo("exit");
            LabScenarioTests.clickAction(b, "life tail");
            assertThat(b.text("[data-command='life tail']")).isEqualTo("open"); // re-open
            assertThat(b.find("[data-command='life tail']").isEnabled()).isTrue();
            assertThat(barGeometry(b)).isEqualTo(bar); // no button moved or changed size
            b.screenshot("workshop-buttons-closed");
        }
    }

    @Test
    void manyProcessesKeepTheirButtonsTogetherWithoutOverflowOrReflowAtProjectorSizes() {
        try (Browser b = Browser.open(port)) {
            for (int[] size : new int[][] {{1280, 720}, {1366, 768}}) {
                b.viewport(size[0], size[1], false);
                b.get("/lab/proc-sleep"); // five processes, six buttons each, and the scenario's own events
                b.waitReady();
                b.next(); // insmod
                b.settle();
                String before = barGeometry(b);
                for (int i = 0; i < 8; i++) b.next(); // processes open, read, block, close, exit
                b.settle();
                assertThat(barGeometry(b)).as("the bar at " + size[0]).isEqualTo(before);
                assertThat(b.js("return [...document.querySelectorAll('.toolbar button, .toolbar input,"
                                + " .toolbar select, .process-actions')].filter((e) => {"
                                + " const r = e.getBoundingClientRect(); return r.right > innerWidth || r.left < 0; })"
                                + ".map((e) => e.id || e.dataset.command || e.getAttribute('aria-label')).join(',')"))
                        .as("outside the window at " + size[0])
                        .isEqualTo("");
                assertThat((Long) b.js("return document.documentElement.scrollWidth"))
                        .isLessThanOrEqualTo(size[0]);
                // each process's buttons on one line, in a box named after it
                assertThat(b.js("return [...document.querySelectorAll('.process-actions')].filter((box) =>"
                                + " new Set([...box.querySelectorAll('button')].map((x) => Math.round("
                                + "x.getBoundingClientRect().top))).size !== 1).length"))
                        .isEqualTo(0L);
                assertThat(b.js("return document.querySelectorAll('.process-actions').length"))
                        .isEqualTo(5L);
                assertThat(b.find("[data-command='read tail']").getAttribute("aria-label"))
                        .startsWith("read tail (");
                // the toolbar leaves the lab most of the screen
                assertThat(((Number) b.js("return document.querySelector('.toolbar').getBoundingClientRect().height"))
                                .doubleValue())
                        .isLessThan(size[1] * 0.25);
                b.screenshot("workshop-processes-" + size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void projectorSizesKeepTheContextChipsInSight() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            for (int i = 0; i < 5; i++) b.next(); // contexts paused mid-race: chips on their lines
            for (int[] size : new int[][] {{1280, 720}, {1366, 768}, {1920, 1080}}) {
                b.viewport(size[0], size[1], false);
                b.settle();
                Object outside = b.js("const v = document.getElementById('code-view').getBoundingClientRect();"
                        + "const chips = [...document.querySelectorAll('#code-view .ctx-chip')];"
                        + "return chips.length === 0 ? 'no chips' : chips.filter((c) => {"
                        + " const r = c.getBoundingClientRect(); return r.right > v.right + 0.5 || r.left < v.left; })"
                        + ".map((c) => c.textContent).join(',');");
                assertThat(outside)
                        .as("chips outside the code view at " + size[0])
                        .isEqualTo("");
                assertThat((Long) b.js("return document.documentElement.scrollWidth"))
                        .isLessThanOrEqualTo(size[0]);
                b.screenshot("workshop-size-" + size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void phonesAndTabletsGetAReadOnlyLabWithoutSidewaysScroll() {
        try (Browser b = Browser.open(port)) {
            for (int[] size : new int[][] {{390, 844}, {820, 1180}}) {
                b.viewport(size[0], size[1], true);
                b.get("/lab/devm-irq-tasklet");
                b.waitReady();
                b.js("document.getElementById('follow').checked = true");
                for (int i = 0; i < 5; i++) b.js("return 0"); // nothing to drive here: read-only
                assertThat((Long) b.js("return document.documentElement.scrollWidth"))
                        .isLessThanOrEqualTo(size[0]);
                assertThat(((Number) b.js("return document.getElementById('timeline').getBoundingClientRect().width"))
                                .doubleValue())
                        .isGreaterThan(size[0] * 0.8);
                assertThat(b.find("#console").isDisplayed()).isTrue();
                assertThat(b.find("#back").isDisplayed()).isTrue();
                assertThat(b.find("#scrub").isDisplayed()).isTrue();
                assertThat(b.find("#command-form").isDisplayed()).isFalse();
                b.screenshot("workshop-phone-" + size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void aSharedLinkOpensTheWholeSessionAtTheSendersStep() {
        String url;
        long head;
        long at;
        try (Browser a = Browser.open(port)) {
            a.get("/lab/devm-irq-tasklet");
            a.waitReady();
            for (int i = 0; i < 7; i++) a.next();
            head = steps(a);
            back(a, 4);
            at = Long.parseLong((String) a.js("return document.body.dataset.cursor"));
            a.click("#share");
            a.waitUntil("the short link", "document.getElementById('share-url').value.startsWith('http')");
            url = (String) a.js("return document.getElementById('share-url').value");
        }
        try (Browser fresh = Browser.open(port)) {
            fresh.get(url);
            fresh.waitReady();
            fresh.waitUntil("the shared step", "document.body.dataset.cursor === '" + at + "'");
            fresh.settle();
            assertThat(steps(fresh)).isEqualTo(head); // the future is still ahead
            assertThat(fresh.find("#forward").isEnabled()).isTrue();
            fresh.screenshot("workshop-share-at-step");
            fresh.find("body").sendKeys(Keys.END);
            fresh.waitUntil("the newest step", "document.body.dataset.cursor === '" + head + "'");
            fresh.settle();
            assertThat(fresh.text("#report-summary")).contains("KASAN");
        }
    }

    private static long steps(Browser b) {
        return Long.parseLong((String) b.js("return document.body.dataset.steps"));
    }

    private static void back(Browser b, int n) {
        for (int i = 0; i < n; i++) b.find("body").sendKeys(Keys.ARROW_LEFT);
        b.waitUntil(
                "the past view",
                "document.body.dataset.viewReady === 'true'"
                        + " && document.body.dataset.cursor !== document.body.dataset.steps");
        b.settle();
    }

    /** Where every control of the toolbar is, to the pixel. */
    private static String barGeometry(Browser b) {
        return (String) b.js("return [...document.querySelectorAll('.toolbar button, .toolbar input, .toolbar select')]"
                + ".map((e) => { const r = e.getBoundingClientRect();"
                + " return `${e.id || e.dataset.command}:${r.x},${r.y},${r.width},${r.height}`; }).join(' ');");
    }
}

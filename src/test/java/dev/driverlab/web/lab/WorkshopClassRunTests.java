package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.web.api.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15's "How I will check", played in real browsers: a teacher's page and three students' pages; the teacher
 * presents, asks what runs next (choices read off the real session), sees the distribution arrive live and reveals by
 * stepping; a student forks and is brought back; exercises are submitted failing, then passing, and the teacher's
 * room shows each student's latest result; the teacher closes the room and every page says so. Every wait is on the
 * pages' state. Screenshots: target/screenshots/class-*.png; axe-core on the teacher's and a student's page at the
 * busiest moment.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WorkshopClassRunTests {
    static final Duration GRADING = Duration.ofSeconds(120);

    @LocalServerPort
    int port;

    @Test
    void aClassRunsThroughARoom() throws Exception {
        String axe = LabAccessibilityTests.axe();
        ApiClient api = new ApiClient(port);
        JsonNode room = ApiClient.json(
                api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet", "exercise", "devm-irq-tasklet")));
        String code = room.get("code").asString();
        String[] names = {"Ann", "Bob", "Cyd"};
        List<Browser> open = new ArrayList<>();
        try (Browser teacher = Browser.open(port)) {
            open.add(teacher);
            for (int i = 0; i < names.length; i++) open.add(Browser.open(port));
            Browser ann = open.get(1), bob = open.get(2), cyd = open.get(3);
            List<Browser> students = List.of(ann, bob, cyd);

            teacher.get("/r/" + code + "/teach#t=" + room.get("teacherToken").asString());
            teacher.waitUntil(
                    "the teacher's page live", "document.getElementById('push-status').textContent === 'live'");
            for (int i = 0; i < names.length; i++) join(students.get(i), code, names[i]);
            teacher.waitUntil(
                    "three students listed, connected",
                    "[...document.querySelectorAll('#members tr.member')].filter(r => r.cells[1].textContent === 'yes')"
                            + ".length === 3");
            assertThat(teacher.text("#expiry")).startsWith("Deleted after 7 days without activity");
            teacher.screenshot("class-1-joined");

            // The teacher presents: every student's page follows.
            teacher.find("#command").sendKeys("insmod devm_irq_tasklet; break tasklet_handler; irq 17");
            teacher.click("#run");
            teacher.waitUntil(
                    "the teacher's own view", "document.querySelector('#machine .step')?.textContent !== 'step 0'");
            String step = teacher.text("#machine .step");
            for (Browser s : students)
                s.waitUntil(
                        "the presented step",
                        "document.querySelector('.presented .step')?.textContent === '" + step + "'");

            // What runs next? The choices are the real session's.
            teacher.click("#ask");
            for (Browser s : students) s.waitUntil("the question", "document.querySelector('#question fieldset')");
            String session = ApiClient.json(api.get("/api/rooms/" + code + "/presented"))
                    .get("id")
                    .asString();
            List<String> expected = new ArrayList<>();
            ApiClient.json(api.get("/api/sessions/" + session + "/choices?kind=next"))
                    .forEach(c -> expected.add(c.asString()));
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>)
                    ann.js("return [...document.querySelectorAll('#question input[type=radio]')].map(i => i.value)");
            assertThat(shown).isEqualTo(expected).contains("softirq1");

            answer(ann, "softirq1");
            teacher.waitUntil(
                    "the first answer, live",
                    "document.querySelector('#tally h3')?.textContent.includes('1 answered')");
            answer(bob, "softirq1");
            answer(cyd, expected.get(expected.size() - 1));
            teacher.waitUntil(
                    "three answers, live", "document.querySelector('#tally h3')?.textContent.includes('3 answered')");
            assertThat(tally(teacher, "softirq1")).isEqualTo("2");
            assertThat(tally(teacher, expected.get(expected.size() - 1))).isEqualTo("1");
            assertThat(ann.text("#question")).as("students never see the tally").doesNotContain("answered");
            assertThat(LabAccessibilityTests.violations(teacher, axe))
                    .as("teacher's page")
                    .isEmpty();
            assertThat(LabAccessibilityTests.violations(ann, axe))
                    .as("student's page")
                    .isEmpty();
            teacher.screenshot("class-2-tally");
            ann.screenshot("class-2-student-answered");

            // The reveal: the teacher steps, every page follows.
            teacher.find("#command").clear();
            teacher.find("#command").sendKeys("continue");
            teacher.click("#run");
            teacher.waitUntil(
                    "the step taken", "document.querySelector('#machine .step')?.textContent !== '" + step + "'");
            String revealed = teacher.text("#machine .step");
            for (Browser s : students)
                s.waitUntil(
                        "the reveal", "document.querySelector('.presented .step')?.textContent === '" + revealed + "'");
            ann.waitUntil("the reveal of what ran", "document.querySelector('#reveal')");
            assertThat(ann.text("#reveal"))
                    .startsWith("Revealed: softirq1 ran next")
                    .endsWith("You answered softirq1.");
            assertThat(cyd.text("#reveal")).endsWith("You answered " + expected.get(expected.size() - 1) + ".");
            teacher.waitUntil("the reveal beside the tally", "document.querySelector('#tally #reveal')");
            assertThat(teacher.text("#tally #reveal")).startsWith("Revealed: softirq1 ran next");
            ann.screenshot("class-3-student-revealed");
            teacher.screenshot("class-3-teacher-revealed");

            // Bob forks, the teacher sees it and brings everyone back.
            bob.click("#fork");
            bob.waitUntil("the fork's link", "document.querySelector('#fork-link')");
            assertThat(bob.find("#fork-link").getAttribute("href")).startsWith(bob.url("/sessions/"));
            teacher.waitUntil(
                    "Bob forked",
                    "[...document.querySelectorAll('#members tr.member')]"
                            + ".some(r => r.cells[0].textContent === 'Bob' && r.cells[2].textContent.startsWith('at step'))");
            teacher.screenshot("class-4-forked");
            teacher.click("#recall");
            bob.waitUntil(
                    "brought back", "document.querySelector('#notice').textContent.includes('brought everyone back')");
            teacher.waitUntil(
                    "nobody forked",
                    "[...document.querySelectorAll('#members tr.member')].every(r => r.cells[2].textContent === '—')");

            // The exercise: Ann fails then passes, Cyd fails; the teacher sees each one's latest.
            String fixed = ScenarioLibrary.builtIn()
                    .find("devm-irq-tasklet-fixed")
                    .orElseThrow()
                    .source();
            submit(ann, null, "Not yet");
            ann.screenshot("class-5-exercise-failed");
            teacher.waitUntil("Ann failing", row("Ann", "✗ failing"));
            submit(ann, fixed, "All checks pass");
            teacher.waitUntil("Ann passed", row("Ann", "✓ passed"));
            submit(cyd, null, "Not yet");
            teacher.waitUntil("Cyd failing", row("Cyd", "✗ failing"));
            assertThat((String) teacher.js("return [...document.querySelectorAll('#members tr.member')]"
                            + ".find(r => r.cells[0].textContent === 'Bob').cells[3].textContent"))
                    .isEqualTo("—");
            assertThat((String) teacher.js("return [...document.querySelectorAll('#members tr.member')]"
                            + ".find(r => r.cells[0].textContent === 'Ann').cells[3].textContent"))
                    .isEqualTo("✓ passed: 4 of 4 checks pass");
            teacher.js("document.querySelector('#members').scrollIntoView()");
            teacher.screenshot("class-6-results");

            // The end of the class: the teacher closes the room, every open page says so.
            teacher.click("#close-room");
            teacher.waitUntil("the confirmation", "!document.querySelector('.confirm').hidden");
            teacher.click("#close-confirm");
            teacher.waitUntil("the teacher's page closed", "document.body.dataset.gone === 'closed'");
            for (Browser s : students) s.waitUntil("told over STOMP", "document.body.dataset.gone === 'closed'");
            assertThat(ann.text("#gone")).contains("The teacher closed this room");
            ann.waitUntil("no longer following", "document.getElementById('push-status').textContent === 'closed'");
            assertThat(ann.find("#exercise-source").isDisplayed())
                    .as("the student's work stays")
                    .isTrue();
            assertThat(LabAccessibilityTests.violations(ann, axe))
                    .as("closed room, student")
                    .isEmpty();
            ann.js("window.scrollTo(0, 0)");
            ann.screenshot("class-7-closed");
            bob.get("/r/" + code);
            assertThat(bob.text("h2")).isEqualTo("This room was closed");
        } finally {
            for (Browser b : open.subList(Math.min(1, open.size()), open.size())) b.close();
        }
    }

    private static void join(Browser b, String code, String name) {
        WorkshopRoomTests.join(b, code, name);
        b.waitUntil("following live", "document.getElementById('push-status').textContent === 'live'");
    }

    private static void answer(Browser s, String choice) {
        s.js(
                "[...document.querySelectorAll('#question input[type=radio]')].find(i => i.value === arguments[0]).click()",
                choice);
        s.click("#answer-submit");
        s.waitUntil(
                "the answer acknowledged", "document.querySelector('.answer-status').textContent === 'Answer sent.'");
    }

    private static String tally(Browser teacher, String choice) {
        return (String) teacher.js(
                "return [...document.querySelectorAll('#tally li')].find(l => l.textContent.includes(' ' + arguments[0] + ':'))"
                        + ".querySelector('strong').textContent",
                choice);
    }

    /** Submits the exercise (the given source, or the buggy driver as loaded) and waits for the verdict. */
    private static void submit(Browser s, String source, String verdict) {
        s.waitUntil("the exercise", "document.querySelector('#exercise-source')");
        if (source != null) s.js("document.querySelector('#exercise-source').value = arguments[0]", source);
        s.js("document.querySelector('#exercise-result').replaceChildren()");
        s.click("#exercise-submit");
        s.waitFor(GRADING.toString(), GRADING, d -> s.text("#exercise-result .verdict"));
        assertThat(s.text("#exercise-result .verdict")).startsWith(verdict);
        assertThat(s.text("#exercise-result")).doesNotContain("null");
        s.js("document.querySelector('#exercise-result').scrollIntoView()");
    }

    private static String row(String name, String result) {
        return "[...document.querySelectorAll('#members tr.member')].some(r => r.cells[0].textContent === '" + name
                + "' && r.cells[3].textContent.startsWith('" + result + "'))";
    }
}

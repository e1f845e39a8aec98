package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.web.api.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A room run as a class would: a teacher page and two student pages, a question asked and answered, an exercise failed then passed. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WorkshopRoomTests {
    @LocalServerPort
    int port;

    @Test
    void aTeacherAndTwoStudentsRunARoom() {
        JsonNode room = ApiClient.json(new ApiClient(port)
                .post("/api/rooms", Map.of("scenario", "devm-irq-tasklet", "exercise", "devm-irq-tasklet")));
        String code = room.get("code").asString();
        try (Browser teacher = Browser.open(port);
                Browser ann = Browser.open(port);
                Browser bob = Browser.open(port)) {
            teacher.get("/r/" + code + "/teach#t=" + room.get("teacherToken").asString());
            teacher.waitUntil("the teacher's page", "document.querySelector('#members tr')");
            assertThat(teacher.find("img.qr").getAttribute("src")).endsWith("/api/rooms/" + code + "/qr.svg");
            join(ann, code, "Ann");
            join(bob, code, "Bob");
            try {
                teacher.waitUntil(
                        "both students listed", "document.querySelectorAll('#members tr.member').length === 2");
            } catch (RuntimeException e) {
                teacher.screenshot("room-teacher-failed");
                throw new AssertionError(
                        "status " + teacher.text("#push-status") + " console "
                                + teacher.driver()
                                        .manage()
                                        .logs()
                                        .get("browser")
                                        .getAll(),
                        e);
            }
            teacher.screenshot("room-teacher-joined");

            teacher.find("#command").sendKeys("insmod devm_irq_tasklet; break tasklet_handler; irq 17");
            teacher.click("#run");
            for (Browser s : new Browser[] {ann, bob}) {
                s.waitUntil("the presented step to arrive", "Number(document.body.dataset.steps) > 0");
                s.waitUntil(
                        "the paused tasklet shown",
                        "document.querySelector('.presented').textContent.includes('softirq')");
            }

            teacher.click("#ask");
            for (Browser s : new Browser[] {ann, bob})
                s.waitUntil("the question", "document.querySelector('#question fieldset')");
            assertThat(ann.text("#question legend")).isEqualTo("Which context runs next?");
            ann.js(
                    "[...document.querySelectorAll('#question input[type=radio]')].find(i => i.value.startsWith('softirq')).click()");
            ann.click("#answer-submit");
            bob.js("const r = document.querySelectorAll('#question input[type=radio]'); r[r.length - 1].click()");
            bob.click("#answer-submit");
            ann.waitUntil(
                    "the answer acknowledged",
                    "document.querySelector('.answer-status').textContent === 'Answer sent.'");
            ann.screenshot("room-student-answered");
            teacher.waitUntil("the tally", "document.querySelector('#tally h3')?.textContent.includes('2 answered')");
            assertThat((String) teacher.js("return [...document.querySelectorAll('#tally li')]"
                            + ".find(l => l.textContent.includes('softirq')).querySelector('strong').textContent"))
                    .isEqualTo("1");
            teacher.screenshot("room-teacher-tally");

            ann.waitUntil("the exercise", "document.querySelector('#exercise-source')");
            ann.click("#exercise-submit");
            ann.waitFor("the grade", d -> ann.text("#exercise-result .verdict"));
            assertThat(ann.text("#exercise-result .verdict")).startsWith("Not yet");
            assertThat(ann.text("#exercise-result")).contains("Shortest crashing schedule");
            ann.screenshot("room-exercise-failed");
            String fixed = ScenarioLibrary.builtIn()
                    .find("devm-irq-tasklet-fixed")
                    .orElseThrow()
                    .source();
            ann.js("document.querySelector('#exercise-source').value = arguments[0]", fixed);
            ann.js("document.querySelector('#exercise-result').replaceChildren()");
            ann.click("#exercise-submit");
            ann.waitFor("the second grade", d -> ann.text("#exercise-result .verdict"));
            assertThat(ann.text("#exercise-result .verdict")).startsWith("All checks pass");
            ann.screenshot("room-exercise-passed");
            teacher.waitUntil(
                    "Ann's result",
                    "[...document.querySelectorAll('#members tr.member')]"
                            + ".some(r => r.textContent.includes('Ann') && r.textContent.includes('✓ passed'))");
            teacher.screenshot("room-teacher-results");
        }
    }

    @Test
    void aStudentAloneWalksALessonAndPredictsBeforeTheKeyStep() {
        try (Browser b = Browser.open(port)) {
            b.get("/lessons/devm-irq-tasklet");
            b.waitUntil("the lesson", "document.body.dataset.index === '0'");
            for (int i = 1; i <= 3; i++) {
                b.click("#lesson-next");
                b.waitUntil("step " + i, "document.body.dataset.index === '" + i + "'");
            }
            assertThat(b.text("#lesson-command")).isEqualTo("unbind my_device");
            assertThat(b.find("#lesson-next").isEnabled()).as("predict first").isFalse();
            b.click("#lesson-choice-1");
            b.click("#lesson-answer-submit");
            b.click("#lesson-next");
            b.waitUntil("the reveal", "document.querySelector('#lesson-reveal')");
            assertThat(b.text("#lesson-reveal"))
                    .startsWith("You predicted \"no: devres frees it after remove() returns\"")
                    .contains("unbind (paused)");
            b.waitUntil("the next question's choices from the session", "document.querySelector('#lesson-question')");
            b.screenshot("lesson-solo-predict");
            b.click("#lesson-back");
            b.waitUntil("back one step", "document.body.dataset.index === '3'");
            assertThat(b.text("#lesson-command")).isEqualTo("unbind my_device");
        }
    }

    @Test
    void aTeacherPresentsALessonAskingBeforeTheStep() {
        JsonNode room = ApiClient.json(new ApiClient(port).post("/api/rooms", Map.of("scenario", "call-rcu-unload")));
        String code = room.get("code").asString();
        try (Browser teacher = Browser.open(port);
                Browser ann = Browser.open(port)) {
            teacher.get("/r/" + code + "/teach#t=" + room.get("teacherToken").asString());
            teacher.waitUntil("the lesson", "document.querySelector('#lesson-next')");
            join(ann, code, "Ann");
            teacher.click("#lesson-next");
            teacher.waitUntil("step 2", "document.querySelector('#lesson-text').textContent.startsWith('2/')");
            teacher.click("#lesson-next");
            teacher.waitUntil("step 3", "document.querySelector('#lesson-text').textContent.startsWith('3/')");
            assertThat(teacher.text("#lesson-next")).startsWith("Ask: Does rmmod wait");
            teacher.click("#lesson-next");
            ann.waitUntil("the lesson's question", "document.querySelector('#answer-text')");
            ann.find("#answer-text").sendKeys("no, it does not");
            ann.click("#answer-submit");
            teacher.waitUntil(
                    "the free-text answer",
                    "document.querySelector('#tally .texts li')?.textContent === 'no, it does not'");
            assertThat(teacher.text("#lesson-next")).isEqualTo("Reveal: run rmmod foo_rcu");
            teacher.click("#lesson-next");
            ann.waitUntil(
                    "the unload followed",
                    "document.querySelector('.presented').textContent.includes('rmmod')"
                            + " || Number(document.body.dataset.steps) > 0");
            teacher.screenshot("room-teacher-lesson");
        }
    }

    /** Joins room {@code code} as {@code name} from the student's page (the code typed in lower case). */
    static void join(Browser b, String code, String name) {
        b.get("/r/" + code.toLowerCase());
        b.waitUntil("the join form", "document.querySelector('#join-name')");
        b.find("#join-name").sendKeys(name);
        b.find("form.join button").click();
        b.waitUntil("the room", "document.querySelector('.me')?.textContent === 'You are " + name + "'");
    }
}

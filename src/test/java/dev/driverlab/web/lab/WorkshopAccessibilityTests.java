package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * axe-core on the workshop's pages as a class sees them: the teacher's room page with a member and a question's
 * tally, the student's page with the question and the exercise, and the exercise page with a failed grade: no
 * critical and no serious violation. Screenshots in target/screenshots/axe-*.png.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WorkshopAccessibilityTests {
    @LocalServerPort
    int port;

    @Test
    void theRoomPagesAndTheExercisePageHaveNoCriticalOrSeriousViolation() throws Exception {
        String axe = LabAccessibilityTests.axe();
        JsonNode room = ApiClient.json(new ApiClient(port)
                .post("/api/rooms", Map.of("scenario", "devm-irq-tasklet", "exercise", "devm-irq-tasklet")));
        String code = room.get("code").asString();
        try (Browser teacher = Browser.open(port);
                Browser student = Browser.open(port)) {
            student.get("/r/" + code);
            student.waitUntil("the join form", "document.querySelector('#join-name')");
            assertThat(LabAccessibilityTests.violations(student, axe))
                    .as("student joining")
                    .isEmpty();
            student.screenshot("axe-room-student-join");
            student.find("#join-name").sendKeys("Ann");
            student.find("form.join button").click();
            student.waitUntil("the room", "document.querySelector('.me')");

            teacher.get("/r/" + code + "/teach#t=" + room.get("teacherToken").asString());
            teacher.waitUntil("the member", "document.querySelector('#members tr.member')");
            teacher.find("#command").sendKeys("insmod devm_irq_tasklet; break tasklet_handler; irq 17");
            teacher.click("#run");
            student.waitUntil("the presented step", "Number(document.body.dataset.steps) > 0");
            teacher.click("#ask");
            student.waitUntil("the question", "document.querySelector('#question fieldset')");
            student.js("document.querySelector('#question input[type=radio]').click()");
            student.click("#answer-submit");
            teacher.waitUntil("the tally", "document.querySelector('#tally h3')?.textContent.includes('1 answered')");
            student.waitUntil("the exercise", "document.querySelector('#exercise-source')");
            assertThat(LabAccessibilityTests.violations(teacher, axe))
                    .as("teacher's room page")
                    .isEmpty();
            teacher.screenshot("axe-room-teacher");
            assertThat(LabAccessibilityTests.violations(student, axe))
                    .as("student's room page")
                    .isEmpty();
            student.screenshot("axe-room-student");

            student.get("/exercises/devm-irq-tasklet");
            student.waitUntil("the exercise", "document.querySelector('#exercise-source')");
            assertThat(LabAccessibilityTests.violations(student, axe))
                    .as("exercise page")
                    .isEmpty();
            student.click("#exercise-submit");
            student.waitFor("the grade", d -> student.text("#exercise-result .verdict"));
            assertThat(LabAccessibilityTests.violations(student, axe))
                    .as("exercise page graded")
                    .isEmpty();
            student.js("document.getElementById('exercise-result').scrollIntoView()");
            student.screenshot("axe-exercise-graded");
        }
    }
}

package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The lab showing a scenario with a lesson or an exercise says so in its toolbar, with the catalog's own links
 * (Lesson, Exercise, Start a room): a student sees there is more to do with it, a teacher starts a room from it. A
 * scenario with neither shows none.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LabWorkshopLinksTests {
    private static final String LINKS =
            "return [...document.querySelectorAll('.toolbar .workshop a, .toolbar .workshop button')]"
                    + ".map((e) => e.textContent.trim() + ' ' + (e.getAttribute('href') ?? 'submit'))";

    @LocalServerPort
    int port;

    private static List<String> links(Browser b) {
        return ((List<?>) b.js(LINKS)).stream().map(String::valueOf).toList();
    }

    @Test
    void theLabOffersTheScenariosLessonExerciseAndARoom() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/proc-sleep-buggy"); // an exercise, no lesson, and the widest toolbar (five processes)
            b.waitReady();
            assertThat(links(b)).containsExactly("Exercise /exercises/proc-sleep-buggy", "Start a room submit");
            assertThat(
                            (Boolean)
                                    b.js(
                                            "const t = document.querySelector('.toolbar');"
                                                    + "return t.scrollWidth <= t.clientWidth && document.documentElement.scrollWidth <= innerWidth"))
                    .as("nothing pushed off the toolbar at 1280x720")
                    .isTrue();

            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            // the page's address is now the session's own (/sessions/ID): the links stay
            b.get((String) b.js("return location.href"));
            b.waitReady();
            assertThat(links(b))
                    .containsExactly(
                            "Lesson /lessons/devm-irq-tasklet",
                            "Exercise /exercises/devm-irq-tasklet",
                            "Start a room submit");
            b.screenshot("lab-workshop-links");
            b.click(".toolbar .workshop button[type=submit]");
            b.waitUntil("the teacher's page of the new room", "/^\\/r\\/[A-Z0-9]{6}\\/teach$/.test(location.pathname)");
            b.waitUntil("the room's code shown", "document.querySelector('img.qr')");

            b.get("/lab/module-params"); // neither a lesson nor an exercise
            b.waitReady();
            assertThat(links(b)).isEmpty();
        }
    }
}

package dev.driverlab.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.exercise.ExerciseLibrary;
import dev.driverlab.lesson.LessonLibrary;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.web.api.ApiClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A user finds the workshop from the catalog without knowing its URLs: the card of a scenario with a lesson links to
 * it, one with an exercise links to it, and both can start a room (a plain form that lands on the teacher's page).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CatalogWorkshopLinksTests {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void aCardLinksToItsLessonAndExerciseAndStartsARoom() throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        for (Scenario s : ScenarioLibrary.builtIn().all()) {
            int card = body.indexOf("id=\"scenario-" + s.id() + "\"");
            String html = body.substring(card, body.indexOf("</li>", card));
            boolean lesson = LessonLibrary.builtIn().find(s.id()).isPresent();
            boolean exercise = ExerciseLibrary.builtIn().find(s.id()).isPresent();
            assertThat(html.contains("href=\"/lessons/" + s.id() + "\""))
                    .as(s.id())
                    .isEqualTo(lesson);
            assertThat(html.contains("href=\"/exercises/" + s.id() + "\""))
                    .as(s.id())
                    .isEqualTo(exercise);
            assertThat(html.contains("action=\"/rooms\"")).as(s.id()).isEqualTo(lesson || exercise);
            if (exercise) assertThat(html).contains("name=\"exercise\" value=\"" + s.id() + "\"");
        }
        assertThat(body).contains("href=\"/lessons/devm-irq-tasklet\"", "href=\"/exercises/proc-sleep-buggy\"");
    }

    @Test
    void startARoomCreatesItAndOpensTheTeachersPageWithTheToken() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/rooms"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("scenario="
                                + URLEncoder.encode("devm-irq-tasklet", StandardCharsets.UTF_8)
                                + "&exercise=devm-irq-tasklet"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/r/[A-Z0-9]{6}/teach#t=[A-Za-z0-9_-]{22}");
        String code = location.substring(3, 9);
        String token = location.substring(location.indexOf("#t=") + 3);
        HttpResponse<String> room = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rooms/" + code))
                        .header("X-Room-Token", token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var view = ApiClient.JSON.readTree(room.body());
        assertThat(view.get("scenario").asString()).isEqualTo("devm-irq-tasklet");
        assertThat(view.get("exercise").asString()).isEqualTo("devm-irq-tasklet");
        assertThat(view.has("sessionId")).as("the token is the teacher's").isTrue();
    }
}

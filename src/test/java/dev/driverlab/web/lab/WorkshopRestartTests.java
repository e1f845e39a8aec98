package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.DriverLab;
import dev.driverlab.web.api.ApiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A room survives a server restart (H2 file database, the application stopped and started again on the same file
 * and port): its member, question and answer are still there, the presented session is at the same step, and the
 * student's open page reconnects by itself and follows the next step.
 */
class WorkshopRestartTests {
    @TempDir
    Path data;

    private ConfigurableApplicationContext start(int port) {
        return new SpringApplicationBuilder(DriverLab.class)
                .run(
                        "--server.port=" + port,
                        "--spring.datasource.url=jdbc:h2:file:"
                                + data.resolve("driverlab").toAbsolutePath());
    }

    @Test
    void aRoomItsAnswersAndItsStudentsPagesSurviveARestart() throws Exception {
        int port = freePort();
        ApiClient api = new ApiClient(port);
        String code;
        String teacher;
        String session;
        long steps;
        try (Browser ann = Browser.open(port)) {
            try (ConfigurableApplicationContext first = start(port)) {
                JsonNode room = ApiClient.json(api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet")));
                code = room.get("code").asString();
                teacher = room.get("teacherToken").asString();
                session = room.get("sessionId").asString();
                ann.get("/r/" + code);
                ann.waitUntil("the join form", "document.querySelector('#join-name')");
                ann.find("#join-name").sendKeys("Ann");
                ann.find("form.join button").click();
                ann.waitUntil("the room", "document.querySelector('#push-status').textContent === 'live'");
                steps = ApiClient.json(api.post(
                                "/api/sessions/" + session + "/commands",
                                Map.of("commands", List.of("insmod devm_irq_tasklet", "irq 17"))))
                        .get("state")
                        .get("steps")
                        .asLong();
                ann.waitUntil("the step", "document.body.dataset.steps === '" + steps + "'");
                ApiClient.json(teacher(api, "/api/rooms/" + code + "/questions", teacher, "{\"kind\":\"next\"}"));
                ann.waitUntil("the question", "document.querySelector('#question fieldset')");
                ann.js("document.querySelector('#question input[type=radio]').click()");
                ann.click("#answer-submit");
                ann.waitUntil(
                        "the answer sent", "document.querySelector('.answer-status').textContent === 'Answer sent.'");
            }
            ann.waitUntil("the page to notice", "document.querySelector('#push-status').textContent !== 'live'");

            try (ConfigurableApplicationContext second = start(port)) {
                JsonNode room = ApiClient.json(teacher(api, "/api/rooms/" + code, teacher, null));
                assertThat(room.get("members").findValuesAsString("name")).containsExactly("Ann");
                assertThat(room.get("question").get("answered").asInt()).isEqualTo(1);
                assertThat(room.get("question").get("step").asLong()).isEqualTo(steps);
                assertThat(ApiClient.json(api.get("/api/rooms/" + code + "/presented"))
                                .get("steps")
                                .asLong())
                        .as("the presented session, rebuilt")
                        .isEqualTo(steps);

                ann.waitFor(
                        "the page to reconnect", d -> "live".equals(ann.text("#push-status")) ? Boolean.TRUE : null);
                long next = ApiClient.json(api.post(
                                "/api/sessions/" + session + "/commands", Map.of("commands", List.of("irq 17"))))
                        .get("state")
                        .get("steps")
                        .asLong();
                assertThat(next).isGreaterThan(steps);
                ann.waitUntil("the next step, pushed", "document.body.dataset.steps === '" + next + "'");
                assertThat(ann.text("#question legend"))
                        .as("the question still shown")
                        .isEqualTo("Which context runs next?");
                ann.screenshot("room-student-after-restart");

                // The answer is stored: a second one is refused.
                String question = room.get("question").get("id").asString();
                String me = (String) ann.js("return localStorage.getItem('driverlab.room." + code + "')");
                JsonNode member = ApiClient.JSON.readTree(me);
                HttpResponse<String> again = api.send(HttpRequest.newBuilder(
                                URI.create(api.base() + "/api/rooms/" + code + "/questions/" + question + "/answers"))
                        .header("Content-Type", "application/json")
                        .header("X-Room-Token", member.get("token").asString())
                        .header("X-Room-Member", member.get("memberId").asString())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"answer\":\"nothing: the command is over\"}")));
                assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
                assertThat(again.body()).contains("already-answered");
            }
        }
    }

    private static HttpResponse<String> teacher(ApiClient api, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Content-Type", "application/json")
                .header("X-Room-Token", token);
        return api.send(body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

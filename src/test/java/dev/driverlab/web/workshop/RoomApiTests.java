package dev.driverlab.web.workshop;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.exercise.ExerciseLibrary;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.web.api.ApiClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RoomApiTests {
    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    HttpResponse<String> post(String path, String token, String member, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body)));
        if (token != null) b.header(RoomController.TOKEN, token);
        if (member != null) b.header("X-Room-Member", member);
        return api.send(b);
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(api.base() + path)).GET();
        if (token != null) b.header(RoomController.TOKEN, token);
        return api.send(b);
    }

    @Test
    void aClassAsksAQuestionAtAStepAndTheTeacherSeesTheDistribution() {
        HttpResponse<String> created =
                api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet", "exercise", "devm-irq-tasklet"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode room = json(created);
        String code = room.get("code").asString();
        String teacher = room.get("teacherToken").asString();
        assertThat(code).matches("[ACDEFGHJKMNPQRTUVWXY34679]{6}");
        assertThat(room.get("url").asString()).isEqualTo("/r/" + code);
        assertThat(room.get("topic").asString()).isEqualTo("/topic/rooms/" + code);

        JsonNode ann = json(post("/api/rooms/" + code.toLowerCase() + "/members", null, null, Map.of("name", "Ann")));
        JsonNode bob = json(post("/api/rooms/" + code + "/members", null, null, Map.of("name", "Bob")));
        String session =
                json(get("/api/rooms/" + code, teacher)).get("sessionId").asString();
        api.post(
                "/api/sessions/" + session + "/commands",
                Map.of("commands", List.of("insmod devm_irq_tasklet", "break tasklet_handler", "irq 17")));

        HttpResponse<String> asked = post("/api/rooms/" + code + "/questions", teacher, null, Map.of("kind", "next"));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        JsonNode q = json(asked);
        List<String> choices = ApiClient.JSON.convertValue(q.get("choices"), List.class);
        assertThat(choices)
                .as("contexts of the real session")
                .contains("softirq1")
                .endsWith("nothing: the command is over");
        String qid = q.get("id").asString();
        assertThat(post(
                                "/api/rooms/" + code + "/questions/" + qid + "/answers",
                                ann.get("token").asString(),
                                ann.get("memberId").asString(),
                                Map.of("answer", "softirq1"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(post(
                                "/api/rooms/" + code + "/questions/" + qid + "/answers",
                                bob.get("token").asString(),
                                bob.get("memberId").asString(),
                                Map.of("answer", choices.get(choices.size() - 1)))
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> again = post(
                "/api/rooms/" + code + "/questions/" + qid + "/answers",
                bob.get("token").asString(),
                bob.get("memberId").asString(),
                Map.of("answer", "softirq1"));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(json(again).get("code").asString()).isEqualTo("already-answered");
        HttpResponse<String> wrong = post(
                "/api/rooms/" + code + "/questions/" + qid + "/answers",
                ann.get("token").asString(),
                bob.get("memberId").asString(),
                Map.of("answer", "softirq1"));
        assertThat(wrong.statusCode()).as("another member's token").isEqualTo(404);

        JsonNode seen = json(get("/api/rooms/" + code, teacher));
        assertThat(seen.get("question").get("tally").get("softirq1").asInt()).isEqualTo(1);
        assertThat(seen.get("question").get("answered").asInt()).isEqualTo(2);
        assertThat(seen.get("members").size()).isEqualTo(2);
        JsonNode asStudent = json(get("/api/rooms/" + code, null));
        assertThat(asStudent.get("question").has("tally"))
                .as("the tally is the teacher's")
                .isFalse();
        assertThat(asStudent.has("sessionId")).isFalse();

        HttpResponse<String> notTeacher =
                post("/api/rooms/" + code + "/questions", ann.get("token").asString(), null, Map.of("kind", "next"));
        assertThat(json(notTeacher).get("code").asString()).isEqualTo("not-teacher");
    }

    @Test
    void aStudentForksAtAStepAndTheTeacherBringsEveryoneBack() {
        JsonNode room = json(api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet")));
        String code = room.get("code").asString();
        String teacher = room.get("teacherToken").asString();
        api.post(
                "/api/sessions/" + room.get("sessionId").asString() + "/commands",
                Map.of("commands", List.of("insmod devm_irq_tasklet", "irq 17")));
        JsonNode ann = json(post("/api/rooms/" + code + "/members", null, null, Map.of("name", "Ann")));
        String path = "/api/rooms/" + code + "/members/" + ann.get("memberId").asString();
        HttpResponse<String> fork = post(path + "/fork", ann.get("token").asString(), null, Map.of("step", 50));
        assertThat(fork.statusCode()).as(fork.body()).isEqualTo(200);
        assertThat(json(fork).get("steps").asLong()).isEqualTo(50);
        assertThat(json(fork).get("id").asString())
                .isNotEqualTo(room.get("sessionId").asString());
        JsonNode member =
                json(get("/api/rooms/" + code, teacher)).get("members").get(0);
        assertThat(member.get("forked").asBoolean()).isTrue();
        assertThat(member.get("forkStep").asLong()).isEqualTo(50);
        assertThat(post("/api/rooms/" + code + "/recall", teacher, null, Map.of())
                        .statusCode())
                .isEqualTo(204);
        assertThat(json(get("/api/rooms/" + code, teacher))
                        .get("members")
                        .get(0)
                        .get("forked")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void aGradedSubmissionIsTheMembersLatestResultInTheRoom() {
        JsonNode room = json(api.post(
                "/api/rooms",
                Map.of("scenario", "module-refcount-openers-buggy", "exercise", "module-refcount-openers-buggy")));
        String code = room.get("code").asString();
        JsonNode ann = json(post("/api/rooms/" + code + "/members", null, null, Map.of("name", "Ann")));
        String buggy = ExerciseLibrary.builtIn()
                .find("module-refcount-openers-buggy")
                .orElseThrow()
                .scenario()
                .source();
        Map<String, String> submit = Map.of(
                "source",
                buggy,
                "room",
                code,
                "member",
                ann.get("memberId").asString(),
                "token",
                ann.get("token").asString());
        JsonNode failed = json(api.post("/api/exercises/module-refcount-openers-buggy/grade", submit));
        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(json(get("/api/rooms/" + code, room.get("teacherToken").asString()))
                        .get("members")
                        .get(0)
                        .get("grade")
                        .get("passed")
                        .asBoolean())
                .isFalse();
        String fixed = ScenarioLibrary.builtIn()
                .find("module-refcount-openers")
                .orElseThrow()
                .source();
        JsonNode passed = json(api.post(
                "/api/exercises/module-refcount-openers-buggy/grade",
                Map.of(
                        "source",
                        fixed,
                        "room",
                        code,
                        "member",
                        ann.get("memberId").asString(),
                        "token",
                        ann.get("token").asString())));
        assertThat(passed.get("passed").asBoolean()).as(passed.toString()).isTrue();
        JsonNode grade = json(get("/api/rooms/" + code, room.get("teacherToken").asString()))
                .get("members")
                .get(0)
                .get("grade");
        assertThat(grade.get("passed").asBoolean()).isTrue();
        assertThat(grade.get("checks").asString()).isEqualTo("4/4");
    }

    @Test
    void limitsAndBadInputAreProblemsWithACode() {
        assertThat(json(api.post("/api/rooms", Map.of("scenario", "nope")))
                        .get("code")
                        .asString())
                .isEqualTo("bad-request");
        assertThat(api.get("/api/rooms/QQQQQQ").statusCode()).isEqualTo(404);
        String code = json(api.post("/api/rooms", Map.of("scenario", "call-rcu-unload")))
                .get("code")
                .asString();
        HttpResponse<String> longName =
                post("/api/rooms/" + code + "/members", null, null, Map.of("name", "x".repeat(41)));
        assertThat(longName.statusCode()).isEqualTo(400);
        HttpResponse<String> qr = api.get("/api/rooms/" + code + "/qr.svg");
        assertThat(qr.statusCode()).isEqualTo(200);
        assertThat(qr.body()).startsWith("<svg").contains("<path d=\"M");
        assertThat(api.get("/r/" + code).body()).contains(code);
    }

    @Test
    void lessonsAndQuestionChoicesAreServed() {
        JsonNode lesson = json(api.get("/api/lessons/devm-irq-tasklet"));
        assertThat(lesson.get("steps").get(0).get("command").asString()).isEqualTo("insmod devm_irq_tasklet");
        assertThat(api.get("/api/lessons/locks").statusCode()).isEqualTo(404);
        String id = api.newSession("devm-irq-tasklet");
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("insmod devm_irq_tasklet")));
        JsonNode freed = json(api.get("/api/sessions/" + id + "/choices?kind=freed"));
        assertThat(freed.size()).as(freed.toString()).isGreaterThan(1);
        assertThat(json(api.get("/api/sessions/" + id + "/choices?kind=who"))
                        .get("code")
                        .asString())
                .isEqualTo("bad-request");
        // static files are served under fingerprinted names (LessonPage-<md5>.js)
        assertThat(api.get("/lessons/devm-irq-tasklet").body()).containsPattern("LessonPage(-[0-9a-f]+)?\\.js");
        assertThat(api.get("/exercises/call-rcu-unload").body())
                .containsPattern("ExercisePage(-[0-9a-f]+)?\\.js")
                .contains("data-id=\"call-rcu-unload\"");
        assertThat(json(api.get("/api/exercises")).size()).isEqualTo(5);
    }

    @Test
    void theWorkshopApiIsInTheOpenApiDocument() {
        JsonNode paths = json(api.get("/v3/api-docs")).get("paths");
        for (String path : new String[] {
            "/api/rooms",
            "/api/rooms/{code}",
            "/api/rooms/{code}/members",
            "/api/rooms/{code}/members/{member}/fork",
            "/api/rooms/{code}/questions",
            "/api/rooms/{code}/questions/{question}/answers",
            "/api/rooms/{code}/recall",
            "/api/rooms/{code}/qr.svg",
            "/api/exercises",
            "/api/exercises/{id}/grade",
            "/api/lessons/{scenario}",
            "/api/sessions/{id}/choices"
        }) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
    }
}

package dev.driverlab.web.workshop;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.room.RoomService;
import dev.driverlab.web.api.ApiClient;
import dev.driverlab.web.push.StompTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompSession;
import tools.jackson.databind.JsonNode;

/**
 * Rooms do not live for ever: one nobody acted in for {@code driverlab.rooms.idle} is deleted by the sweep with
 * everything it holds, a teacher may close theirs, and either way its code then answers 410 with the reason (pages,
 * API, and a frame to the pages still open). The room service's clock is this test's; the scheduled sweep is kept
 * out of the way (once a day), so each sweep here is called with the time it runs at.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:room-retention;DB_CLOSE_DELAY=-1",
            "driverlab.rooms.max-rooms=2",
            "driverlab.rooms.idle=7d",
            "driverlab.rooms.sweep-interval=1d",
            "driverlab.rooms.remember-closed=30d"
        })
class RoomRetentionTests {
    /** A clock the test moves; the rooms' only clock. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-03-02T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void pass(Duration d) {
            now = now.plus(d);
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        TestClock roomClock() {
            return new TestClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    @Autowired
    RoomService rooms;

    @Autowired
    JdbcTemplate db;

    @Autowired
    SimpleBrokerMessageHandler broker;

    ApiClient api;

    static final Duration IDLE = Duration.ofDays(7);

    @BeforeEach
    void clean() {
        api = new ApiClient(port);
        // Every room of an earlier test expires now, so each test starts with an empty database.
        clock.pass(IDLE.plusDays(1));
        rooms.sweep(clock.instant());
    }

    record Room(String code, String teacher, String session) {}

    Room create() {
        HttpResponse<String> r = api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode j = json(r);
        return new Room(
                j.get("code").asString(),
                j.get("teacherToken").asString(),
                j.get("sessionId").asString());
    }

    HttpResponse<String> send(String method, String path, String token, String member, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (token != null) b.header(RoomController.TOKEN, token);
        if (member != null) b.header("X-Room-Member", member);
        return api.send(b);
    }

    JsonNode join(Room room, String name) {
        HttpResponse<String> r =
                send("POST", "/api/rooms/" + room.code() + "/members", null, null, Map.of("name", name));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    void answer(Room room, String question, JsonNode member, String text) {
        HttpResponse<String> r = send(
                "POST",
                "/api/rooms/" + room.code() + "/questions/" + question + "/answers",
                member.get("token").asString(),
                member.get("memberId").asString(),
                Map.of("answer", text));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    int rows(String sql, Object... args) {
        return db.queryForObject(sql, Integer.class, args);
    }

    static void assertGone(HttpResponse<String> r, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(410);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(r).get("code").asString()).isEqualTo(code);
    }

    @Test
    void aRoomIdlePastTheSettingIsDeletedWithEverythingItHolds() {
        Room room = create();
        JsonNode ann = join(room, "Ann");
        String member = ann.get("memberId").asString();
        String token = ann.get("token").asString();
        HttpResponse<String> asked =
                send("POST", "/api/rooms/" + room.code() + "/questions", room.teacher(), null, Map.of("kind", "text"));
        String question = json(asked).get("id").asString();
        answer(room, question, ann, "the tasklet");
        rooms.graded(room.code(), member, token, "{\"exercise\":\"x\",\"passed\":false,\"checks\":\"0/3\"}");
        assertThat(json(send("GET", "/api/rooms/" + room.code(), room.teacher(), null, null))
                        .get("expiresAt")
                        .asString())
                .isEqualTo(clock.instant().plus(IDLE).toString());

        clock.pass(IDLE.minusMinutes(1));
        assertThat(rooms.sweep(clock.instant())).as("idle for less than 7 days").isZero();
        assertThat(send("GET", "/api/rooms/" + room.code(), null, null, null).statusCode())
                .isEqualTo(200);

        clock.pass(Duration.ofMinutes(2));
        assertThat(rooms.sweep(clock.instant())).isEqualTo(1);
        assertThat(rows("SELECT COUNT(*) FROM room WHERE code = ?", room.code()))
                .isZero();
        assertThat(rows("SELECT COUNT(*) FROM room_member WHERE room_code = ?", room.code()))
                .as("members and their grades")
                .isZero();
        assertThat(rows("SELECT COUNT(*) FROM room_question WHERE room_code = ?", room.code()))
                .isZero();
        assertThat(rows("SELECT COUNT(*) FROM room_answer WHERE question_id = ?", question))
                .isZero();
        assertThat(rows("SELECT COUNT(*) FROM session_record WHERE id = ?", room.session()))
                .as("the presented session")
                .isZero();
        assertThat(api.get("/api/sessions/" + room.session()).statusCode()).isEqualTo(404);

        HttpResponse<String> view = send("GET", "/api/rooms/" + room.code(), null, null, null);
        assertGone(view, "room-expired");
        assertThat(json(view).get("detail").asString()).contains("expired");
        assertGone(
                send("POST", "/api/rooms/" + room.code() + "/members/" + member + "/presence", token, null, null),
                "room-expired");
        assertGone(
                send("POST", "/api/rooms/" + room.code() + "/members", null, null, Map.of("name", "Bob")),
                "room-expired");
        HttpResponse<String> page = api.get("/r/" + room.code());
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("This room has expired").contains("data-reason=\"room-expired\"");
        assertThat(api.get("/r/" + room.code() + "/teach").statusCode()).isEqualTo(410);

        assertThat(rooms.sweep(clock.instant()))
                .as("a second sweep finds nothing")
                .isZero();
    }

    @Test
    void everyKindOfActivityMovesTheDeadlineOnButAnOpenPageAloneDoesNot() {
        Room room = create();
        JsonNode ann = join(room, "Ann");
        String member = ann.get("memberId").asString();
        String token = ann.get("token").asString();
        List<Runnable> actions = List.of(
                () -> join(room, "Bob"),
                () -> api.post(
                        "/api/sessions/" + room.session() + "/commands",
                        Map.of("commands", List.of("insmod devm_irq_tasklet"))),
                () -> send("POST", "/api/rooms/" + room.code() + "/questions", room.teacher(), null, Map.of()),
                () -> {
                    String q = json(send("GET", "/api/rooms/" + room.code(), null, null, null))
                            .get("question")
                            .get("id")
                            .asString();
                    answer(room, q, ann, "nothing: the command is over");
                },
                () -> send("POST", "/api/rooms/" + room.code() + "/members/" + member + "/fork", token, null, Map.of()),
                () -> send("POST", "/api/rooms/" + room.code() + "/recall", room.teacher(), null, Map.of()),
                () -> rooms.graded(room.code(), member, token, "{\"passed\":true}"));
        for (Runnable action : actions) {
            clock.pass(IDLE.minusDays(1));
            action.run();
            clock.pass(Duration.ofDays(2));
            assertThat(rooms.sweep(clock.instant()))
                    .as("a room used 2 days ago")
                    .isZero();
            clock.pass(Duration.ofDays(-1));
        }

        clock.pass(IDLE.minusDays(1));
        assertThat(send("POST", "/api/rooms/" + room.code() + "/members/" + member + "/presence", token, null, null)
                        .statusCode())
                .isEqualTo(204);
        clock.pass(Duration.ofDays(1).plusMinutes(2));
        assertThat(rooms.sweep(clock.instant()))
                .as("a page left open says it is there, but nobody did anything")
                .isEqualTo(1);
    }

    @Test
    void theTeacherClosesTheRoomAndItsOpenPagesAreTold() throws Exception {
        Room room = create();
        JsonNode ann = join(room, "Ann");
        StompTestClient stomp = new StompTestClient(port);
        try {
            StompSession s = stomp.connect();
            BlockingQueue<JsonNode> frames = StompTestClient.watch(broker, s, "/topic/rooms/" + room.code());

            HttpResponse<String> wrong =
                    send("DELETE", "/api/rooms/" + room.code(), ann.get("token").asString(), null, null);
            assertThat(wrong.statusCode()).as("a student's token").isEqualTo(422);
            assertThat(json(wrong).get("code").asString()).isEqualTo("not-teacher");
            assertThat(send("DELETE", "/api/rooms/" + room.code(), room.teacher(), null, null)
                            .statusCode())
                    .isEqualTo(204);

            JsonNode told = frames.poll(10, TimeUnit.SECONDS);
            while (told != null && !told.get("type").asString().equals("closed"))
                told = frames.poll(10, TimeUnit.SECONDS);
            assertThat(told).as("the closed frame").isNotNull();
        } finally {
            stomp.stop();
        }
        assertThat(rows("SELECT COUNT(*) FROM room_member WHERE room_code = ?", room.code()))
                .isZero();
        assertThat(rows("SELECT COUNT(*) FROM session_record WHERE id = ?", room.session()))
                .isZero();
        assertGone(send("GET", "/api/rooms/" + room.code(), null, null, null), "room-closed");
        assertGone(send("DELETE", "/api/rooms/" + room.code(), room.teacher(), null, null), "room-closed");
        HttpResponse<String> page = api.get("/r/" + room.code().toLowerCase());
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("This room was closed").contains("closed by its teacher");

        clock.pass(Duration.ofDays(31));
        rooms.sweep(clock.instant());
        HttpResponse<String> forgotten = send("GET", "/api/rooms/" + room.code(), null, null, null);
        assertThat(forgotten.statusCode())
                .as("remembered for 30 days, then unknown")
                .isEqualTo(404);
        assertThat(json(forgotten).get("code").asString()).isEqualTo("not-found");
        assertThat(api.get("/r/" + room.code()).body()).contains("There is no such room");
    }

    @Test
    void maxRoomsCountsTheRoomsStillInUse() {
        Room first = create();
        create();
        HttpResponse<String> third = api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet"));
        assertThat(third.statusCode()).isEqualTo(422);
        assertThat(json(third).get("code").asString()).isEqualTo("too-many-rooms");

        send("DELETE", "/api/rooms/" + first.code(), first.teacher(), null, null);
        create();
        clock.pass(IDLE.plusMinutes(1));
        assertThat(api.post("/api/rooms", Map.of("scenario", "devm-irq-tasklet"))
                        .statusCode())
                .as("the two idle rooms do not count, swept or not")
                .isEqualTo(201);
    }

    @Test
    void instancesSweepingTogetherDeleteEachRoomOnceAndLeaveNothingBehind() throws Exception {
        List<Room> made = List.of(create(), create());
        // What an instance stopped half-way through a delete would leave: rows of a room that is gone.
        db.update("INSERT INTO room_member (id, room_code, name, token_hash, last_seen, joined_at, version)"
                + " VALUES ('orphan', 'GONE33', 'Zed', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
        db.update("INSERT INTO room_question (id, room_code, step, kind, prompt, choices, asked_at, version)"
                + " VALUES ('orphan-q', 'GONE33', 0, 'text', 'p', '[]', CURRENT_TIMESTAMP, 0)");
        db.update("INSERT INTO room_answer (id, question_id, member_id, answer, answered_at, version)"
                + " VALUES ('orphan-q:orphan', 'orphan-q', 'orphan', 'a', CURRENT_TIMESTAMP, 0)");
        clock.pass(IDLE.plusMinutes(1));
        Instant now = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> sweeps = pool.invokeAll(List.<Callable<Integer>>of(
                    () -> rooms.sweep(now), () -> rooms.sweep(now), () -> rooms.sweep(now), () -> rooms.sweep(now)));
            int total = 0;
            for (Future<Integer> f : sweeps) total += f.get();
            assertThat(total).as("each room deleted by exactly one sweep").isEqualTo(made.size());
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows("SELECT COUNT(*) FROM room")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM room_member")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM room_question")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM room_answer")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM room_closed WHERE reason = 'expired'"))
                .isGreaterThanOrEqualTo(made.size());
    }
}

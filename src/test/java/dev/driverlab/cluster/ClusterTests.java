package dev.driverlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import dev.driverlab.web.push.PushCodec;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.lang.reflect.Type;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;

/**
 * README "Scaling out", for real ({@code mvn verify -Pcluster}): PostgreSQL, RabbitMQ's STOMP plugin, two
 * instances of the packaged jar and HAProxy hashing on the session id (see {@link Cluster}). A command applied on
 * one instance reaches a watcher connected to the other, in order; a share stored by one opens on the other;
 * killing the instance that holds a session loses at most the last sweep interval of its commands, and the other
 * rebuilds it from the database; Flyway migrated the empty database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTests {
    private Cluster cluster;
    private Cluster.Instance a;
    private Cluster.Instance b;
    private final List<StompSession> stomp = new ArrayList<>();
    private WebSocketStompClient stompClient;

    @BeforeAll
    void start() throws Exception {
        // Pushed frames are bigger than Tomcat's default 8 KiB (past which it closes the connection).
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(256 * 1024);
        container.setDefaultMaxBinaryMessageBufferSize(256 * 1024);
        stompClient = new WebSocketStompClient(new StandardWebSocketClient(container));
        stompClient.setInboundMessageSizeLimit(256 * 1024);
        ThreadPoolTaskScheduler receipts = new ThreadPoolTaskScheduler(); // the client tracks receipts with it
        receipts.setDaemon(true);
        receipts.initialize();
        stompClient.setTaskScheduler(receipts);
        cluster = new Cluster();
        cluster.startPostgres();
        cluster.startRabbit();
        cluster.startInstances("a", "b");
        cluster.startRouter();
        a = cluster.instance("a");
        b = cluster.instance("b");
    }

    @AfterAll
    void stop() {
        for (StompSession s : stomp) {
            try {
                s.disconnect();
            } catch (RuntimeException ignored) {
                // the instance may be gone
            }
        }
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void flywayMigratedTheEmptyDatabase() throws Exception {
        List<String> migrations;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__")))
                    .sorted(Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }
        List<String> applied = new ArrayList<>();
        try (Connection c = cluster.jdbc("driverlab");
                ResultSet r = c.createStatement()
                        .executeQuery("SELECT version, success FROM flyway_schema_history "
                                + "WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (r.next()) {
                assertThat(r.getBoolean("success"))
                        .as("migration %s", r.getString("version"))
                        .isTrue();
                applied.add(r.getString("version"));
            }
        }
        // Both instances started on the empty database at once: Flyway's lock let exactly one migrate it.
        assertThat(applied).isNotEmpty().isEqualTo(migrations);
    }

    @Test
    @Order(1)
    void theAotStartServesWhatTheDeploymentExposes() throws Exception {
        // b runs the AOT-processed bean definitions (target/driverlab's server start), a does not; both serve the
        // endpoints application.properties exposes and nothing else, and b answers the cluster's every request
        // below on PostgreSQL and the relay with the conditions evaluated at build time.
        for (Cluster.Instance i : List.of(a, b)) {
            String log = Files.readString(i.log(), StandardCharsets.UTF_8);
            assertThat(log.contains("Starting AOT-processed DriverLab"))
                    .as("instance %s AOT", i.name())
                    .isEqualTo(Cluster.aot(i.name()));
            for (String served :
                    List.of("/actuator/health", "/actuator/info", "/actuator/metrics", "/actuator/prometheus")) {
                assertThat(cluster.get(i.port(), served).statusCode())
                        .as("%s on %s", served, i.name())
                        .isEqualTo(200);
            }
            assertThat(cluster.get(i.port(), "/actuator/env").statusCode()).isEqualTo(404);
        }
    }

    @Test
    @Order(2)
    void aCommandAppliedOnOneInstanceReachesAWatcherOnTheOtherInOrder() throws Exception {
        JsonNode created = json(cluster.post(a.port(), "/api/sessions", "{\"scenario\":\"devm-irq-tasklet\"}"), 201);
        String id = created.get("id").asString();
        String topic = created.get("links").get("topic").asString();
        assertThat(topic).isEqualTo("/topic/sessions." + id);

        BlockingQueue<JsonNode> frames = follow(b, topic);

        // Three batches over REST on instance a, one over STOMP on a's own WebSocket.
        for (String batch : List.of("[\"insmod devm_irq_tasklet\"]", "[\"irq 17\"]", "[\"irq 17\",\"irq 17\"]")) {
            json(cluster.post(a.port(), "/api/sessions/" + id + "/commands", "{\"commands\":" + batch + "}"), 200);
        }
        StompSession sender = connect(a);
        sender.send(
                "/app/sessions/" + id + "/commands", "{\"commands\":[\"irq 17\"]}".getBytes(StandardCharsets.UTF_8));

        long next = created.get("state").get("next").asLong();
        int states = 0;
        int commands = 0;
        while (states < 4) {
            JsonNode f = frames.poll(30, TimeUnit.SECONDS);
            assertThat(f).as("frame after %d state frames", states).isNotNull();
            assertThat(f.get("session").asString()).isEqualTo(id);
            switch (f.get("type").asString()) {
                case "events" -> {
                    assertThat(f.get("from").asLong()).as("events follow on").isEqualTo(next);
                    assertThat(PushCodec.rows(f)).as("columnar events").hasSize((int)
                            (f.get("next").asLong() - next));
                    next = f.get("next").asLong();
                }
                case "state" -> {
                    if (f.has("columns")) { // the batch's events ride in its state frame
                        assertThat(f.get("from").asLong())
                                .as("events follow on")
                                .isEqualTo(next);
                        assertThat(PushCodec.rows(f))
                                .hasSize((int) (f.get("next").asLong() - next));
                        next = f.get("next").asLong();
                    }
                    assertThat(f.get("next").asLong())
                            .as("a batch's state after its events")
                            .isEqualTo(next);
                    commands += f.get("applied").asInt();
                    states++;
                }
                default -> throw new AssertionError("unexpected frame " + f);
            }
        }
        assertThat(commands).isEqualTo(5);
        JsonNode now = json(cluster.get(a.port(), "/api/sessions/" + id), 200).get("state");
        assertThat(now.get("next").asLong()).isEqualTo(next);
        assertThat(now.get("commands").asInt()).isEqualTo(5);
    }

    @Test
    @Order(3)
    void aShareStoredByOneInstanceOpensOnTheOther() {
        String id = json(
                        cluster.post(
                                a.port(),
                                "/api/sessions",
                                "{\"scenario\":\"devm-irq-tasklet\",\"commands\":[\"insmod devm_irq_tasklet\",\"irq 17\"]}"),
                        201)
                .get("id")
                .asString();
        JsonNode onA = json(cluster.get(a.port(), "/api/sessions/" + id), 200).get("state");
        String share = json(cluster.post(a.port(), "/api/shares", "{\"sessionId\":\"" + id + "\"}"), 201)
                .get("id")
                .asString();

        JsonNode view = json(cluster.get(b.port(), "/api/shares/" + share), 200);
        assertThat(view.toString()).contains("insmod devm_irq_tasklet", "irq 17");
        JsonNode opened = json(cluster.post(b.port(), "/api/sessions", "{\"share\":\"" + share + "\"}"), 201)
                .get("state");
        assertThat(opened.get("commands").asInt())
                .isEqualTo(onA.get("commands").asInt())
                .isEqualTo(2);
        assertThat(opened.get("steps").asLong()).isEqualTo(onA.get("steps").asLong());
        assertThat(opened.get("next").asLong()).isEqualTo(onA.get("next").asLong());
    }

    /**
     * The session is created on one instance and the router's hash gives it to the other, the holder; the
     * holder is SIGKILLed. Commands acknowledged more than a sweep interval before are all there, on the
     * instance that took over: rebuilt from the database, not from the stale copy it made at creation.
     */
    @Test
    @Order(5)
    void killingTheHolderLosesAtMostTheSweepIntervalAndTheOtherRebuildsTheSession() throws Exception {
        int router = cluster.routerPort;
        String id = null;
        String creator = null;
        String holder = null;
        for (int attempt = 0; attempt < 40 && (holder == null || holder.equals(creator)); attempt++) {
            Cluster.Instance on = attempt % 2 == 0 ? a : b;
            id = json(cluster.post(on.port(), "/api/sessions", "{\"scenario\":\"devm-irq-tasklet\"}"), 201)
                    .get("id")
                    .asString();
            creator = on.name();
            holder = servedBy(cluster.get(router, "/api/sessions/" + id));
        }
        assertThat(holder)
                .as("the router's holder of some session differs from its creator")
                .isNotEqualTo(creator);
        for (int i = 0; i < 5; i++) {
            assertThat(servedBy(cluster.get(router, "/api/sessions/" + id)))
                    .as("sticky")
                    .isEqualTo(holder);
        }

        HttpResponse<String> first = cluster.post(
                router,
                "/api/sessions/" + id + "/commands",
                "{\"commands\":[\"insmod devm_irq_tasklet\",\"irq 17\",\"irq 17\"]}");
        json(first, 200);
        assertThat(servedBy(first)).isEqualTo(holder);
        Thread.sleep(Cluster.SWEEP.toMillis() * 3); // past a sweep: stored
        HttpResponse<String> second =
                cluster.post(router, "/api/sessions/" + id + "/commands", "{\"commands\":[\"irq 17\",\"irq 17\"]}");
        json(second, 200);
        assertThat(servedBy(second)).isEqualTo(holder);
        cluster.kill(holder);

        HttpResponse<String> after = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try {
                after = cluster.get(router, "/api/sessions/" + id);
                if (after.statusCode() == 200) break;
            } catch (RuntimeException routerNotYetAware) {
                // a request in flight when the holder died
            }
            Thread.sleep(200);
        }
        assertThat(after).isNotNull();
        JsonNode state = json(after, 200).get("state");
        assertThat(servedBy(after)).isEqualTo(creator);
        // The first batch (stored by a sweep) is there; the second, younger than a sweep interval, may be lost.
        assertThat(state.get("commands").asInt()).isIn(3, 5);

        HttpResponse<String> more =
                cluster.post(router, "/api/sessions/" + id + "/commands", "{\"commands\":[\"irq 17\"]}");
        assertThat(json(more, 200).get("state").get("commands").asInt())
                .isEqualTo(state.get("commands").asInt() + 1);
        assertThat(servedBy(more)).isEqualTo(creator);
    }

    /**
     * README "Workshops" across instances: the room is created through a, a student joins, follows, is asked,
     * answers and forks through b; the teacher drives the presented session on a, then (the router having moved it)
     * on b. Each instance knows the room from the database, pushes through RabbitMQ, and replays the presented
     * session from the database, where each of its steps is stored as it happens. At the end the teacher closes the
     * room through a; b's page is told, and b answers 410.
     */
    @Test
    @Order(4)
    void aRoomCreatedThroughOneInstanceIsJoinedAnsweredAndFollowedThroughTheOther() throws Exception {
        JsonNode room = json(cluster.post(a.port(), "/api/rooms", "{\"scenario\":\"devm-irq-tasklet\"}"), 201);
        String code = room.get("code").asString();
        String teacher = room.get("teacherToken").asString();
        String session = room.get("sessionId").asString();
        String topic = room.get("topic").asString();
        assertThat(topic).isEqualTo("/topic/rooms." + code);
        BlockingQueue<JsonNode> teacherPage = follow(a, topic);
        BlockingQueue<JsonNode> studentPage = follow(b, topic);

        JsonNode me = json(cluster.post(b.port(), "/api/rooms/" + code + "/members", "{\"name\":\"Ada\"}"), 201);
        String member = me.get("memberId").asString();
        String token = me.get("token").asString();
        assertThat(next(teacherPage, "members").get("type").asString()).isEqualTo("members");
        assertThat(json(cluster.get(a.port(), "/api/rooms/" + code, "X-Room-Token", teacher), 200)
                        .get("members")
                        .findValuesAsString("name"))
                .containsExactly("Ada");

        // The teacher drives on a (which created the session): each step reaches the student's page on b.
        long steps = json(
                        cluster.post(
                                a.port(),
                                "/api/sessions/" + session + "/commands",
                                "{\"commands\":[\"insmod devm_irq_tasklet\",\"irq 17\"]}"),
                        200)
                .get("state")
                .get("steps")
                .asLong();
        assertThat(lastStep(studentPage, steps).get("state").get("steps").asLong())
                .isEqualTo(steps);

        // Asked through b: b replays the presented session as a left it, a moment ago.
        JsonNode asked = json(
                cluster.post(
                        b.port(), "/api/rooms/" + code + "/questions", "{\"kind\":\"next\"}", "X-Room-Token", teacher),
                201);
        assertThat(asked.get("step").asLong()).isEqualTo(steps);
        JsonNode choicesOnA = json(cluster.get(a.port(), "/api/sessions/" + session + "/choices?kind=next"), 200);
        assertThat(asked.get("choices").toString()).isEqualTo(choicesOnA.toString());
        next(studentPage, "question");
        next(teacherPage, "question");

        String choice = asked.get("choices").get(0).asString();
        HttpResponse<String> answered = cluster.post(
                b.port(),
                "/api/rooms/" + code + "/questions/" + asked.get("id").asString() + "/answers",
                "{\"answer\":" + ApiClient.JSON.writeValueAsString(choice) + "}",
                "X-Room-Token",
                token,
                "X-Room-Member",
                member);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(204);
        next(teacherPage, "answers");
        JsonNode tally = json(cluster.get(a.port(), "/api/rooms/" + code, "X-Room-Token", teacher), 200)
                .get("question");
        assertThat(tally.get("answered").asInt()).isEqualTo(1);
        assertThat(tally.get("tally").get(choice).asInt()).isEqualTo(1);

        JsonNode fork = json(
                cluster.post(
                        b.port(),
                        "/api/rooms/" + code + "/members/" + member + "/fork",
                        "{\"step\":" + steps + "}",
                        "X-Room-Token",
                        token),
                200);
        assertThat(fork.get("steps").asLong()).isEqualTo(steps);
        assertThat(fork.get("commands").asInt()).isEqualTo(2);

        // The teacher goes on through b (a rebalance): b goes on from a's last step, which a's page follows.
        JsonNode onB = json(
                        cluster.post(b.port(), "/api/sessions/" + session + "/commands", "{\"commands\":[\"irq 17\"]}"),
                        200)
                .get("state");
        assertThat(onB.get("commands").asInt()).isEqualTo(3);
        assertThat(onB.get("steps").asLong()).isGreaterThan(steps);
        assertThat(lastStep(teacherPage, onB.get("steps").asLong())
                        .get("state")
                        .get("steps")
                        .asLong())
                .isEqualTo(onB.get("steps").asLong());

        // The teacher closes the room through a: the student's page on b is told through RabbitMQ, b answers 410,
        // and the presented session (live on b) is gone from both.
        HttpResponse<String> closed = cluster.delete(a.port(), "/api/rooms/" + code, "X-Room-Token", teacher);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(204);
        next(studentPage, "closed");
        HttpResponse<String> gone = cluster.get(b.port(), "/api/rooms/" + code);
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(410);
        assertThat(json(gone, 410).get("code").asString()).isEqualTo("room-closed");
        assertThat(cluster.get(b.port(), "/api/sessions/" + session).statusCode())
                .isEqualTo(404);
        assertThat(cluster.get(a.port(), "/api/sessions/" + session).statusCode())
                .isEqualTo(404);
    }

    /** The next frame of {@code type} (others skipped), within 30 s. */
    private static JsonNode next(BlockingQueue<JsonNode> frames, String type) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            JsonNode f = frames.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (f != null && f.get("type").asString().equals(type)) return f;
        }
        throw new AssertionError("no " + type + " frame within 30 s");
    }

    /** Step frames until the one at {@code steps} (earlier ones may come first: a batch's steps in order). */
    private static JsonNode lastStep(BlockingQueue<JsonNode> frames, long steps) throws InterruptedException {
        while (true) {
            JsonNode f = next(frames, "step");
            assertThat(f.get("steps").asLong()).isLessThanOrEqualTo(steps);
            if (f.get("steps").asLong() == steps) return f;
        }
    }

    /** Subscribes a new connection to {@code instance} to {@code topic}, once RabbitMQ has confirmed it. */
    private BlockingQueue<JsonNode> follow(Cluster.Instance instance, String topic) throws Exception {
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        StompSession watcher = connect(instance);
        watcher.setAutoReceipt(true);
        CountDownLatch subscribed = new CountDownLatch(1);
        watcher.subscribe(topic, new StompFrameHandler() {
                    @Override
                    public Type getPayloadType(StompHeaders headers) {
                        return byte[].class;
                    }

                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        frames.add(ApiClient.JSON.readTree(new String((byte[]) payload, StandardCharsets.UTF_8)));
                    }
                })
                .addReceiptTask(subscribed::countDown);
        assertThat(subscribed.await(20, TimeUnit.SECONDS))
                .as("RabbitMQ confirmed the subscription")
                .isTrue();
        return frames;
    }

    private StompSession connect(Cluster.Instance instance) throws Exception {
        StompSession s = stompClient
                .connectAsync("ws://127.0.0.1:" + instance.port() + "/ws", new StompSessionHandlerAdapter() {
                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        System.err.println("STOMP from " + instance.name() + ": " + headers);
                    }

                    @Override
                    public void handleTransportError(StompSession session, Throwable exception) {
                        System.err.println("STOMP transport error on " + instance.name() + ": " + exception);
                    }
                })
                .get(20, TimeUnit.SECONDS);
        stomp.add(s);
        return s;
    }

    private static String servedBy(HttpResponse<String> r) {
        return r.headers()
                .firstValue("X-DriverLab-Instance")
                .orElseThrow(() -> new AssertionError("no instance header: not through the router?"));
    }

    private static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode())
                .as("%s %s: %s", r.request().method(), r.uri(), r.body())
                .isEqualTo(status);
        return ApiClient.JSON.readTree(r.body());
    }
}

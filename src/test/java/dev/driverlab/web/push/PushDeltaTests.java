package dev.driverlab.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Pushed states are deltas: a watcher applying them in order holds what REST gives, and resyncs over a gap. */
class PushDeltaTests extends LiveServerStompTest {
    static final List<List<String>> BATCHES = List.of(
            List.of("insmod devm_irq_tasklet"),
            List.of("break devres_release_all", "break tasklet_handler"),
            List.of("unbind my_device"),
            List.of("irq 17"),
            List.of("continue unbind"),
            List.of("continue"));

    /** Raw frames up to and including the next state or rewound frame. */
    static List<JsonNode> untilState(BlockingQueue<JsonNode> raw) throws InterruptedException {
        return StompTests.untilState(raw);
    }

    /** A watcher subscribed before the session's first push: it never needs to fetch. */
    static PushFollower fromTheStart() {
        return new PushFollower(() -> {
            throw new AssertionError("a watcher from the start never needs to fetch");
        });
    }

    void commands(String id, List<String> lines) {
        HttpResponse<String> r = api.post("/api/sessions/" + id + "/commands", Map.of("commands", lines));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    JsonNode restState(String id) {
        return ApiClient.json(api.get("/api/sessions/" + id)).get("state");
    }

    String restVersion(String id) {
        return api.get("/api/sessions/" + id)
                .headers()
                .firstValue("DriverLab-State-Version")
                .orElseThrow();
    }

    @Test
    void aWatcherApplyingDeltasInOrderHoldsTheStateRestGives() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        BlockingQueue<JsonNode> raw = StompTestClient.watch(broker, stomp.connect(), "/topic/sessions/" + id);
        PushFollower follower = fromTheStart();
        int deltas = 0;
        for (List<String> batch : BATCHES) {
            commands(id, batch);
            for (JsonNode f : untilState(raw)) {
                if (f.has("patch")) {
                    deltas++;
                    assertThat(f.has("state"))
                            .as("a delta, not the whole state")
                            .isFalse();
                }
                follower.accept(f);
            }
            assertThat(follower.state()).isEqualTo(restState(id));
            assertThat(follower.version()).isEqualTo(restVersion(id));
        }
        assertThat(deltas).as("every state after the first push is a delta").isEqualTo(BATCHES.size() - 1);

        api.post("/api/sessions/" + id + "/rewind", "{\"step\":150}");
        List<JsonNode> rewound = untilState(raw);
        assertThat(rewound.get(0).get("type").asString()).isEqualTo("rewound");
        follower.accept(rewound.get(0));
        assertThat(follower.state().get("steps").asLong()).isEqualTo(150);
        assertThat(follower.state()).isEqualTo(restState(id));

        HttpResponse<String> refused =
                api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("lsmod", "no-such-command")));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(raw.poll(300, TimeUnit.MILLISECONDS))
                .as("a refused batch pushes nothing")
                .isNull();

        commands(id, List.of("continue"));
        untilState(raw).forEach(follower::accept);
        assertThat(follower.state()).isEqualTo(restState(id));
        assertThat(follower.version()).isEqualTo(restVersion(id));
        assertThat(follower.resyncs()).isZero();
    }

    /** A batch of fewer events than a frame holds is one frame: its state, carrying its events. */
    @Test
    void aSmallBatchIsOneFrame() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        BlockingQueue<JsonNode> raw = StompTestClient.watch(broker, stomp.connect(), "/topic/sessions/" + id);
        commands(id, BATCHES.get(0));
        untilState(raw);
        long next = restState(id).get("next").asLong();
        commands(id, List.of("irq 17"));
        List<JsonNode> frames = untilState(raw);
        assertThat(frames).hasSize(1);
        JsonNode frame = frames.get(0);
        assertThat(frame.get("type").asString()).isEqualTo("state");
        assertThat(frame.get("from").asLong()).isEqualTo(next);
        assertThat(PushCodec.rows(frame))
                .hasSize((int) (frame.get("next").asLong() - next))
                .isNotEmpty();
        assertThat(frame.has("patch")).isTrue();
    }

    @Test
    void aMissedStateFrameMakesTheWatcherFetchTheStateAndGoOn() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        BlockingQueue<JsonNode> raw = StompTestClient.watch(broker, stomp.connect(), "/topic/sessions/" + id);
        PushFollower follower = PushFollower.rest(api, id);
        commands(id, BATCHES.get(0));
        untilState(raw).forEach(follower::accept);
        commands(id, BATCHES.get(1));
        List<JsonNode> missed = untilState(raw);
        missed.subList(0, missed.size() - 1).forEach(follower::accept); // its state frame is lost
        commands(id, BATCHES.get(2));
        untilState(raw).forEach(follower::accept);
        assertThat(follower.resyncs())
                .as("the delta did not follow on: fetched")
                .isEqualTo(1);
        assertThat(follower.state()).isEqualTo(restState(id));
        commands(id, BATCHES.get(3));
        untilState(raw).forEach(follower::accept);
        assertThat(follower.resyncs())
                .as("and went on with deltas from the fetched version")
                .isEqualTo(1);
        assertThat(follower.state()).isEqualTo(restState(id));
    }

    @Test
    void aWatcherJoiningLateFetchesOnceThenFollows() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        BlockingQueue<JsonNode> first = StompTestClient.watch(broker, stomp.connect(), "/topic/sessions/" + id);
        commands(id, BATCHES.get(0));
        untilState(first);
        BlockingQueue<JsonNode> raw = StompTestClient.watch(broker, stomp.connect(), "/topic/sessions/" + id);
        PushFollower follower = PushFollower.rest(api, id);
        for (List<String> batch : BATCHES.subList(1, BATCHES.size())) {
            commands(id, batch);
            untilState(raw).forEach(follower::accept);
            assertThat(follower.state()).isEqualTo(restState(id));
        }
        assertThat(follower.resyncs())
                .as("the first delta was against a state it never had")
                .isEqualTo(1);
    }

    /**
     * A session nobody follows here is not pushed at all (the in-memory broker would drop every frame); the first
     * frame its first watcher then gets holds the whole state, so it need not fetch.
     */
    @Test
    void anUnwatchedSessionIsNotPushedAndItsFirstWatcherGetsTheWholeState() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        commands(id, BATCHES.get(0));
        commands(id, BATCHES.get(1));
        BlockingQueue<JsonNode> raw = StompTestClient.watch(broker, stomp.connect(), "/topic/sessions/" + id);
        assertThat(raw.poll(300, TimeUnit.MILLISECONDS))
                .as("nothing was queued for the topic")
                .isNull();
        PushFollower follower = PushFollower.rest(api, id);
        commands(id, BATCHES.get(2));
        List<JsonNode> frames = untilState(raw);
        JsonNode state = frames.get(frames.size() - 1);
        assertThat(state.has("state")).as("the whole state").isTrue();
        assertThat(state.has("patch")).isFalse();
        frames.forEach(follower::accept);
        commands(id, BATCHES.get(3));
        untilState(raw).forEach(follower::accept);
        assertThat(follower.state()).isEqualTo(restState(id));
        assertThat(follower.version()).isEqualTo(restVersion(id));
        assertThat(follower.resyncs()).isZero();
    }

    /**
     * Prints bytes pushed per command for the README's Performance section: as pushed, and as the same frames
     * were pushed before (events as objects, the whole state): for the script of the tests above, and for one
     * {@code irq 17} after {@code insmod} (the README's baseline).
     */
    @Test
    void pushedBytesPerCommand() throws Exception {
        long[] script = pushedBytes(BATCHES);
        int commands = BATCHES.stream().mapToInt(List::size).sum();
        System.out.printf(
                "push bytes for %d commands: lean %d (%d/command), whole %d (%d/command), %.1fx%n",
                commands,
                script[0],
                script[0] / commands,
                script[1],
                script[1] / commands,
                (double) script[1] / script[0]);
        long[] irq = pushedBytes(List.of(List.of("insmod devm_irq_tasklet"), List.of("irq 17")));
        System.out.printf(
                "push bytes for irq 17 after insmod: lean %d, whole %d, %.1fx%n",
                irq[0], irq[1], (double) irq[1] / irq[0]);
        assertThat(script[0]).isLessThan(script[1]);
    }

    /** Bytes of the frames pushed for the last batch, lean and whole, over a new session; all batches summed */
    long[] pushedBytes(List<List<String>> batches) throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        BlockingQueue<JsonNode> raw = StompTestClient.watch(broker, stomp.connect(), "/topic/sessions/" + id);
        PushFollower follower = fromTheStart();
        long[] bytes = new long[2];
        for (List<String> batch : batches) {
            commands(id, batch);
            if (batches.size() == 2) bytes = new long[2]; // the second batch alone
            for (JsonNode f : untilState(raw)) {
                bytes[0] += ApiClient.JSON.writeValueAsBytes(f).length;
                ObjectNode old = (ObjectNode) follower.accept(f);
                old.remove("version");
                bytes[1] += ApiClient.JSON.writeValueAsBytes(old).length;
            }
        }
        return bytes;
    }
}

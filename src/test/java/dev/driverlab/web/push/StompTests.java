package dev.driverlab.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import tools.jackson.databind.JsonNode;

class StompTests extends LiveServerStompTest {
    static final List<String> SCRIPT = List.of(
            "insmod devm_irq_tasklet",
            "break devres_release_all",
            "break tasklet_handler",
            "unbind my_device",
            "irq 17",
            "continue unbind",
            "continue");

    /** Subscribes and waits until the broker has the subscription, so nothing published after is missed. */
    BlockingQueue<JsonNode> watch(StompSession session, String sessionId) throws InterruptedException {
        return StompTestClient.follow(
                broker, session, "/topic/sessions/" + sessionId, PushFollower.rest(api, sessionId));
    }

    /** Frames up to and including the next "state" (or "rewound") frame. */
    static List<JsonNode> untilState(BlockingQueue<JsonNode> queue) throws InterruptedException {
        List<JsonNode> frames = new ArrayList<>();
        while (true) {
            JsonNode f = queue.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("a frame within 10 s (got %s)", frames).isNotNull();
            frames.add(f);
            String type = f.get("type").asString();
            if (type.equals("state") || type.equals("rewound")) return frames;
        }
    }

    static List<JsonNode> events(List<JsonNode> frames) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode f : frames) {
            if (f.has("events")) f.get("events").forEach(events::add);
        }
        return events;
    }

    List<JsonNode> restTrace(String id, long from) {
        List<JsonNode> events = new ArrayList<>();
        ApiClient.json(api.get("/api/sessions/" + id + "/trace?from=" + from))
                .get("events")
                .forEach(events::add);
        return events;
    }

    @Test
    void commandsSentOverStompArePushedAsOrderedStepsThenTheState() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        StompSession session = stomp.connect();
        BlockingQueue<JsonNode> topic = watch(session, id);
        session.send("/app/sessions/" + id + "/commands", Map.of("commands", SCRIPT));

        List<JsonNode> frames = untilState(topic);
        List<JsonNode> events = events(frames);
        for (int i = 0; i < events.size(); i++)
            assertThat(events.get(i).get("seq").asLong()).isEqualTo(i);
        assertThat(frames.size()).as("a big batch comes in several frames").isGreaterThan(1);
        for (JsonNode f : frames.subList(0, frames.size() - 1)) {
            assertThat(f.get("type").asString()).isEqualTo("events");
            assertThat(f.get("events").get(0).get("seq").asLong())
                    .isEqualTo(f.get("from").asLong());
        }
        JsonNode state = frames.get(frames.size() - 1);
        assertThat(state.get("next").asLong()).isEqualTo(events.size());
        assertThat(state.get("applied").asInt()).isEqualTo(SCRIPT.size());
        assertThat(state.get("reports").get(0).get("kind").asString()).isEqualTo("use-after-free");
        assertThat(state.get("state").get("stopped").asBoolean()).isTrue();
        assertThat(state.get("state").get("machine").get("contexts").size()).isPositive();
        assertThat(events).isEqualTo(restTrace(id, 0));
    }

    @Test
    void everyWatcherSeesCommandsAppliedByAnyone() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        BlockingQueue<JsonNode> first = watch(stomp.connect(), id);
        BlockingQueue<JsonNode> second = watch(stomp.connect(), id);
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("insmod devm_irq_tasklet")));
        List<JsonNode> a = untilState(first);
        List<JsonNode> b = untilState(second);
        assertThat(events(a)).isEqualTo(events(b)).isEqualTo(restTrace(id, 0));
    }

    @Test
    void errorsGoToTheSenderOnly() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        StompSession sender = stomp.connect();
        StompSession other = stomp.connect();
        BlockingQueue<JsonNode> senderErrors = StompTestClient.subscribe(sender, "/user/queue/errors");
        BlockingQueue<JsonNode> otherErrors = StompTestClient.subscribe(other, "/user/queue/errors");
        BlockingQueue<JsonNode> topic = watch(other, id);

        StompHeaders headers = new StompHeaders();
        headers.setDestination("/app/sessions/" + id + "/commands");
        headers.set("request-id", "r1");
        sender.send(headers, Map.of("commands", List.of("insmod devm_irq_tasklet", "frobnicate")));
        JsonNode error = senderErrors.poll(10, TimeUnit.SECONDS);
        assertThat(error).isNotNull();
        assertThat(error.get("status").asInt()).isEqualTo(422);
        assertThat(error.get("code").asString()).isEqualTo("script-error");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("request-id").asString()).isEqualTo("r1");

        sender.send("/app/sessions/AAAAAAAAAAAAAAAAAAAAAA/commands", Map.of("commands", List.of("lsmod")));
        assertThat(senderErrors.poll(10, TimeUnit.SECONDS).get("status").asInt())
                .isEqualTo(404);
        sender.send("/app/sessions/" + id + "/commands", Map.of("nothing", 1));
        assertThat(senderErrors.poll(10, TimeUnit.SECONDS).get("status").asInt())
                .isEqualTo(400);
        sender.send("/app/sessions/" + id + "/commands", Map.of("commands", "lsmod"));
        JsonNode malformed = senderErrors.poll(10, TimeUnit.SECONDS);
        assertThat(malformed.get("status").asInt()).isEqualTo(400);
        assertThat(malformed.get("code").asString()).isEqualTo("malformed-json");

        assertThat(otherErrors.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(topic.poll(300, TimeUnit.MILLISECONDS))
                .as("a refused batch pushes nothing")
                .isNull();
    }

    @Test
    void aClientThatReconnectsResumesFromItsLastSeqWithoutGapsOrDuplicates() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        StompSession session = stomp.connect();
        BlockingQueue<JsonNode> topic = watch(session, id);
        session.send("/app/sessions/" + id + "/commands", Map.of("commands", SCRIPT.subList(0, 4)));
        List<JsonNode> seen = new ArrayList<>(events(untilState(topic)));
        long last = seen.get(seen.size() - 1).get("seq").asLong();

        session.disconnect(); // the connection drops...
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", SCRIPT.subList(4, 5))); // ...and life goes on

        StompSession again = stomp.connect();
        BlockingQueue<JsonNode> resumed = watch(again, id); // subscribe first, then catch up: no window to fall in
        List<JsonNode> missed = restTrace(id, last + 1);
        assertThat(missed).isNotEmpty();
        seen.addAll(missed);
        long next = seen.get(seen.size() - 1).get("seq").asLong() + 1;

        again.send("/app/sessions/" + id + "/commands", Map.of("commands", SCRIPT.subList(5, 7)));
        for (JsonNode e : events(untilState(resumed))) {
            if (e.get("seq").asLong() >= next) seen.add(e); // a frame that raced the catch-up is dropped by seq
        }
        for (int i = 0; i < seen.size(); i++)
            assertThat(seen.get(i).get("seq").asLong()).isEqualTo(i);
        assertThat(seen).isEqualTo(restTrace(id, 0));
    }

    @Test
    void aBatchOfAThousandCommandsFitsInOneSend() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        StompSession session = stomp.connect();
        BlockingQueue<JsonNode> topic = watch(session, id);
        List<String> many = new ArrayList<>(List.of("insmod devm_irq_tasklet"));
        many.addAll(Collections.nCopies(999, "lsmod"));
        session.send("/app/sessions/" + id + "/commands", Map.of("commands", many));
        List<JsonNode> frames = untilState(topic);
        assertThat(frames.get(frames.size() - 1).get("applied").asInt()).isEqualTo(1000);
        assertThat(session.isConnected()).isTrue();
    }

    @Test
    void watchersAreToldOfARewind() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", SCRIPT));
        BlockingQueue<JsonNode> topic = watch(stomp.connect(), id);
        api.post("/api/sessions/" + id + "/rewind", "{\"step\":150}");
        JsonNode rewound = topic.poll(10, TimeUnit.SECONDS);
        assertThat(rewound.get("type").asString()).isEqualTo("rewound");
        assertThat(rewound.get("step").asLong()).isEqualTo(150);
        assertThat(rewound.get("next").asLong())
                .isEqualTo(rewound.get("state").get("next").asLong());
        assertThat(rewound.get("state").get("steps").asLong()).isEqualTo(150);
        api.delete("/api/sessions/" + id);
        assertThat(topic.poll(10, TimeUnit.SECONDS).get("type").asString()).isEqualTo("deleted");
    }
}

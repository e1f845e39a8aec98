package dev.driverlab.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import tools.jackson.databind.JsonNode;

/** Each attack reported against the STOMP endpoint, and the refusal it gets. */
class StompSecurityTests extends LiveServerStompTest {
    /**
     * The server ends the connection. The ERROR frame before the close says why; it can be lost when the server is
     * still sending an earlier frame at the moment it closes (Spring drops what is queued then), so its words are
     * checked when it arrives here and always in {@link StompDestinationGuardTests}.
     */
    static void assertRefused(StompTestClient.Watched c, String why) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (c.session().isConnected()) {
            assertThat(System.nanoTime())
                    .as("connection closed after a refused frame")
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
        String message = c.errors().poll(100, TimeUnit.MILLISECONDS);
        if (message != null) assertThat(message).contains(why).doesNotContainPattern("(java|org|dev)\\.[a-z]+\\.");
    }

    @Test
    void subscribingToAWildcardOrAnythingButANamedTopicIsRefused() throws Exception {
        for (String destination : List.of(
                "/topic/**",
                "/topic/sessions/*",
                "/topic/sessions/**",
                "/queue/**",
                "/queue/errors",
                "/topic/explore/*",
                "/topic/sessions/short",
                "/topic/other",
                "/queue/errors-user123",
                "/user/queue/other",
                "/app/sessions/x/commands",
                "/topic/sessions/AAAAAAAAAAAAAAAAAAAAAA/../x")) {
            StompTestClient.Watched c = stomp.connectWatchingErrors();
            c.session().subscribe(destination, new StompSessionHandlerAdapter() {});
            assertRefused(c, "no subscription to '" + destination + "'");
        }
    }

    @Test
    void aWildcardSubscriberSeesNoOtherSessionsPushes() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        StompTestClient.Watched spy = stomp.connectWatchingErrors();
        BlockingQueue<JsonNode> seen = StompTestClient.subscribe(spy.session(), "/topic/**");
        assertRefused(spy, "no subscription");
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("insmod devm_irq_tasklet")));
        assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aClientCannotPublishToASessionsTopic() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        BlockingQueue<JsonNode> watcher = watch(stomp.connect(), "/topic/sessions/" + id);
        StompTestClient.Watched forger = stomp.connectWatchingErrors();
        forger.session().send("/topic/sessions/" + id, Map.of("type", "state", "dmesg", List.of("fake oops")));
        assertRefused(forger, "SEND is allowed to /app/... only");
        assertThat(watcher.poll(500, TimeUnit.MILLISECONDS))
                .as("the forged frame never reaches a watcher")
                .isNull();
        StompTestClient.Watched queue = stomp.connectWatchingErrors();
        queue.session().send("/queue/errors", Map.of("status", 500));
        assertRefused(queue, "SEND is allowed to /app/... only");
    }

    @Test
    void aSessionsTopicAndTheOwnErrorQueueMayBeSubscribed() throws Exception {
        String id = api.newSession("devm-irq-tasklet");
        StompTestClient.Watched c = stomp.connectWatchingErrors();
        BlockingQueue<JsonNode> topic = watch(c.session(), "/topic/sessions/" + id);
        BlockingQueue<JsonNode> errors = StompTestClient.subscribe(c.session(), "/user/queue/errors");
        c.session().send("/app/sessions/" + id + "/commands", Map.of("commands", List.of("frobnicate")));
        assertThat(errors.poll(10, TimeUnit.SECONDS).get("code").asString()).isEqualTo("script-error");
        api.post("/api/sessions/" + id + "/commands", Map.of("commands", List.of("insmod devm_irq_tasklet")));
        assertThat(topic.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(c.errors()).isEmpty();
        assertThat(c.session().isConnected()).isTrue();
    }

    @Test
    void aConnectionHasABoundedNumberOfSubscriptions() throws Exception {
        StompTestClient.Watched c = stomp.connectWatchingErrors();
        for (int i = 0; i < StompDestinationGuard.MAX_SUBSCRIPTIONS; i++) {
            StompTestClient.subscribe(c.session(), "/topic/sessions/" + "A".repeat(22));
        }
        StompTestClient.subscribe(c.session(), "/user/queue/errors");
        assertRefused(c, "at most " + StompDestinationGuard.MAX_SUBSCRIPTIONS + " subscriptions");
    }

    @Test
    void searchProgressCanBeFollowedOnlyByTheConnectionThatClaimedItsJob() throws Exception {
        JsonNode job = ApiClient.json(api.post("/api/explore/jobs", "{}"));
        String topic = job.get("topic").asString();
        assertThat(topic).isEqualTo("/topic/explore/" + job.get("jobId").asString());
        assertThat(job.get("jobId").asString()).matches("[A-Za-z0-9_-]{22}");

        StompTestClient.Watched owner = stomp.connectWatchingErrors();
        BlockingQueue<JsonNode> progress = watch(owner.session(), topic);
        StompTestClient.Watched other = stomp.connectWatchingErrors();
        other.session().subscribe(topic, new StompSessionHandlerAdapter() {});
        assertRefused(other, "no subscription to '" + topic + "'");

        StompTestClient.Watched guesser = stomp.connectWatchingErrors();
        guesser.session().subscribe("/topic/explore/AAAAAAAAAAAAAAAAAAAAAA", new StompSessionHandlerAdapter() {});
        assertRefused(guesser, "no subscription");

        var r = api.post(
                "/api/explore",
                Map.of("scenario", "devm-irq-tasklet", "jobId", job.get("jobId").asString()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode last = null;
        for (JsonNode p = progress.poll(10, TimeUnit.SECONDS); p != null; p = progress.poll(1, TimeUnit.SECONDS)) {
            last = p;
            if (p.get("done").asBoolean()) break;
        }
        assertThat(last).isNotNull();
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(owner.errors()).isEmpty();
    }

    BlockingQueue<JsonNode> watch(StompSession session, String topic) throws InterruptedException {
        return StompTestClient.watch(broker, session, topic);
    }
}

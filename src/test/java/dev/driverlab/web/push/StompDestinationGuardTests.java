package dev.driverlab.web.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ExploreJobs;
import dev.driverlab.web.api.ExploreJobsAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;

/** The guard's decisions and the ERROR frames it sends, without a server. */
class StompDestinationGuardTests {
    final List<Message<?>> sent = new ArrayList<>();
    final MessageChannel toClients = (m, timeout) -> sent.add(m);
    final ExploreJobs jobs = ExploreJobsAccess.create();
    final StompDestinationGuard guard = new StompDestinationGuard(properties("/topic/sessions/"), jobs, toClients);

    static PushProperties properties(String prefix) {
        return new PushProperties(prefix, 200, List.of(), new PushProperties.Relay(false, "", 0, "", "", "/"));
    }

    static Message<byte[]> frame(StompCommand command, String destination, String connection) {
        StompHeaderAccessor h = StompHeaderAccessor.create(command);
        h.setDestination(destination);
        h.setSessionId(connection);
        h.setSubscriptionId("sub-" + destination);
        h.setSessionAttributes(new HashMap<>());
        return MessageBuilder.createMessage(new byte[0], h.getMessageHeaders());
    }

    String errorOf(Message<?> result) {
        assertThat(result).as("the frame is dropped").isNull();
        StompHeaderAccessor error = StompHeaderAccessor.wrap(sent.get(sent.size() - 1));
        assertThat(error.getCommand()).isEqualTo(StompCommand.ERROR);
        assertThat(error.getSessionId()).isEqualTo("c1");
        return error.getMessage();
    }

    @Test
    void aSendOutsideTheApplicationGetsAnErrorFrameSayingWhere() {
        String why = errorOf(guard.preSend(frame(StompCommand.SEND, "/topic/sessions/x", "c1"), null));
        assertThat(why).isEqualTo("SEND is allowed to /app/... only, not to '/topic/sessions/x'");
        Message<byte[]> command = frame(StompCommand.SEND, "/app/sessions/x/commands", "c1");
        assertThat(guard.preSend(command, null)).isSameAs(command);
    }

    @Test
    void onlyNamedTopicsAndTheOwnErrorQueueMayBeSubscribed() {
        String id = "AAAAAAAAAAAAAAAAAAAAAA";
        for (String ok : List.of("/topic/sessions/" + id, "/user/queue/errors")) {
            Message<byte[]> f = frame(StompCommand.SUBSCRIBE, ok, "c1");
            assertThat(guard.preSend(f, null)).as(ok).isSameAs(f);
        }
        for (String bad : List.of("/topic/**", "/topic/sessions/*", "/topic/sessions." + id, "/queue/errors")) {
            assertThat(errorOf(guard.preSend(frame(StompCommand.SUBSCRIBE, bad, "c1"), null)))
                    .startsWith("no subscription to '" + bad + "'");
        }
    }

    @Test
    void withARabbitMqPrefixTheDottedFormsAreTheTopics() {
        StompDestinationGuard dotted = new StompDestinationGuard(properties("/topic/sessions."), jobs, toClients);
        String id = "AAAAAAAAAAAAAAAAAAAAAA";
        Message<byte[]> f = frame(StompCommand.SUBSCRIBE, "/topic/sessions." + id, "c1");
        assertThat(dotted.preSend(f, null)).isSameAs(f);
        assertThat(dotted.preSend(frame(StompCommand.SUBSCRIBE, "/topic/sessions/" + id, "c1"), null))
                .isNull();
        String job = jobs.issue("client");
        Message<byte[]> progress = frame(StompCommand.SUBSCRIBE, "/topic/explore." + job, "c1");
        assertThat(dotted.preSend(progress, null)).isSameAs(progress);
    }

    @Test
    void aJobsProgressIsForTheFirstConnectionThatSubscribesToAnIssuedJob() {
        String job = jobs.issue("client");
        Message<byte[]> mine = frame(StompCommand.SUBSCRIBE, "/topic/explore/" + job, "c1");
        assertThat(guard.preSend(mine, null)).isSameAs(mine);
        assertThat(guard.preSend(frame(StompCommand.SUBSCRIBE, "/topic/explore/" + job, "c2"), null))
                .isNull();
        assertThat(guard.preSend(frame(StompCommand.SUBSCRIBE, "/topic/explore/" + "B".repeat(22), "c1"), null))
                .as("a job never issued")
                .isNull();
    }
}

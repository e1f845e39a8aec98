package dev.driverlab.web.push;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Who may send and subscribe where, checked on every inbound STOMP frame (Spring's destination security, without
 * Spring Security). SEND only to the application ({@code /app/...}): a client never publishes to a topic itself,
 * so every frame on a session's topic comes from the server. SUBSCRIBE only to one named thing a client is
 * entitled to: a session's topic (its id is the capability), the progress of a search this connection claimed
 * ({@link JobSubscriptions#claim}), or its own error queue; never a pattern, never someone else's queue. Anything else
 * is dropped, and the client gets an ERROR frame saying why, after which the server closes the connection (as
 * STOMP says it does after an ERROR). The refusal is the client's doing: one WARN line, no stack trace.
 */
@Component
class StompDestinationGuard implements ChannelInterceptor {
    private static final Logger log = LoggerFactory.getLogger(StompDestinationGuard.class);
    /** Session and job ids: 16 random bytes, base64url without padding. */
    private static final String ID = "[A-Za-z0-9_-]{22}";

    static final String ERRORS = "/user/queue/errors";
    /** Workshop rooms' topics (web/workshop/RoomPublisher): public to whoever knows the code. */
    static final Pattern ROOM_TOPIC = Pattern.compile("/topic/rooms[./][A-Z0-9]{6}");

    static final int MAX_SUBSCRIPTIONS = 32;
    private static final String SUBSCRIPTIONS = "driverlab.subscriptions";

    private final Pattern sessionTopic;
    private final Pattern exploreTopic;
    private final JobSubscriptions jobs;
    private final MessageChannel toClients;

    StompDestinationGuard(
            PushProperties properties,
            JobSubscriptions jobs,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel toClients) {
        this.toClients = toClients;
        this.sessionTopic = Pattern.compile(Pattern.quote(properties.topicPrefix()) + ID);
        String explore = properties.exploreTopic("");
        this.exploreTopic = Pattern.compile(Pattern.quote(explore) + "(" + ID + ")");
        this.jobs = jobs;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) return message;
        String destination = stomp.getDestination();
        if (stomp.getCommand() == StompCommand.SEND && !mayPublish(destination)) {
            return refuse(stomp, "SEND is allowed to /app/... only, not to '" + destination + "'");
        }
        if (stomp.getCommand() == StompCommand.SUBSCRIBE) {
            Set<String> subscriptions = subscriptions(stomp);
            if (subscriptions.size() >= MAX_SUBSCRIPTIONS && !subscriptions.contains(stomp.getSubscriptionId())) {
                return refuse(stomp, "at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection");
            }
            if (!maySubscribe(destination, stomp.getSessionId())) {
                return refuse(
                        stomp,
                        "no subscription to '" + destination + "': subscribe to a session's topic, "
                                + "a search job's topic, or " + ERRORS);
            }
            subscriptions.add(stomp.getSubscriptionId());
        }
        if (stomp.getCommand() == StompCommand.UNSUBSCRIBE) subscriptions(stomp).remove(stomp.getSubscriptionId());
        return message;
    }

    private static boolean mayPublish(String destination) {
        return destination != null && destination.startsWith("/app/") && !wild(destination);
    }

    private boolean maySubscribe(String destination, String connection) {
        if (destination == null || wild(destination)) return false;
        if (destination.equals(ERRORS) || sessionTopic.matcher(destination).matches()) return true;
        if (ROOM_TOPIC.matcher(destination).matches()) return true; // a room's code is its capability, as an id is
        var job = exploreTopic.matcher(destination);
        return job.matches() && connection != null && jobs.claim(job.group(1), connection);
    }

    /** Patterns the simple broker and RabbitMQ would expand: '*', '**', '#'. */
    private static boolean wild(String destination) {
        return destination.indexOf('*') >= 0 || destination.indexOf('#') >= 0;
    }

    /** The ids of this connection's subscriptions, kept in its session attributes (frames of one connection are
     * handled in order: {@code setPreserveReceiveOrder}). */
    @SuppressWarnings("unchecked")
    private static Set<String> subscriptions(StompHeaderAccessor stomp) {
        Map<String, Object> attributes = stomp.getSessionAttributes();
        if (attributes == null) return new HashSet<>();
        return (Set<String>) attributes.computeIfAbsent(SUBSCRIPTIONS, k -> ConcurrentHashMap.newKeySet());
    }

    /**
     * Drops the frame (null: the channel sends it nowhere) and sends the ERROR frame directly. Throwing instead
     * would be logged by Spring at ERROR with a stack trace, and with ordered receipt the client would get no
     * ERROR frame at all.
     */
    private Message<?> refuse(StompHeaderAccessor frame, String why) {
        log.warn("STOMP {} refused: {}", frame.getCommand(), why);
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(why);
        error.setSessionId(frame.getSessionId());
        if (frame.getReceipt() != null) error.setReceiptId(frame.getReceipt());
        // The reason is in the message header alone: an empty body is what every client can read.
        toClients.send(MessageBuilder.createMessage(new byte[0], error.getMessageHeaders()));
        return null;
    }
}

package dev.driverlab.web.push;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;

/** A STOMP client as a browser would use it: connect to /ws, subscribe, send JSON. For tests and the load run. */
public final class StompTestClient {
    /** State frames carry whole state views: far over the 64 KiB a STOMP client accepts by default. */
    static final int MAX_MESSAGE = 1024 * 1024;

    private final WebSocketStompClient client;
    private final String url;

    public StompTestClient(int port) {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(MAX_MESSAGE);
        client = new WebSocketStompClient(new StandardWebSocketClient(container));
        client.setMessageConverter(new JacksonJsonMessageConverter());
        client.setInboundMessageSizeLimit(MAX_MESSAGE);
        url = "ws://localhost:" + port + "/ws";
    }

    public StompSession connect() throws Exception {
        return client.connectAsync(url, new StompSessionHandlerAdapter() {}).get(10, TimeUnit.SECONDS);
    }

    /** A connection and the ERROR frames the server sent it (their {@code message} headers), in order. */
    public record Watched(StompSession session, BlockingQueue<String> errors) {}

    public Watched connectWatchingErrors() throws Exception {
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        StompSession session = client.connectAsync(url, new StompSessionHandlerAdapter() {
                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        errors.add(String.valueOf(headers.getFirst("message")));
                    }
                })
                .get(10, TimeUnit.SECONDS);
        return new Watched(session, errors);
    }

    /** Subscribes; frames arrive in the returned queue as JSON trees, in the order received. */
    public static BlockingQueue<JsonNode> subscribe(StompSession session, String destination) {
        BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
        session.subscribe(destination, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return JsonNode.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                queue.add((JsonNode) payload);
            }
        });
        return queue;
    }

    /**
     * Subscribes and waits until the broker itself has the subscription, so nothing published after it is missed.
     * The broker's registry, not the user registry: a SUBSCRIBE reaches the user registry on the connection's
     * thread and the broker later, on the inbound channel's executor, and the publisher asks the broker whether a
     * topic is followed.
     */
    public static BlockingQueue<JsonNode> watch(SimpleBrokerMessageHandler broker, StompSession session, String topic)
            throws InterruptedException {
        int before = subscriptions(broker, topic);
        BlockingQueue<JsonNode> queue = subscribe(session, topic);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (subscriptions(broker, topic) <= before) {
            if (System.nanoTime() > deadline) throw new AssertionError("subscription to " + topic + " not registered");
            Thread.sleep(10);
        }
        return queue;
    }

    /** How many subscriptions the in-memory broker would deliver a message for {@code topic} to. */
    static int subscriptions(SimpleBrokerMessageHandler broker, String topic) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setDestination(topic);
        return broker
                .getSubscriptionRegistry()
                .findSubscriptions(MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders()))
                .values()
                .stream()
                .mapToInt(List::size)
                .sum();
    }

    /**
     * Like {@link #watch}, the frames made whole again by {@code follower} (events as objects, the whole state), as
     * the page sees them.
     */
    public static BlockingQueue<JsonNode> follow(
            SimpleBrokerMessageHandler broker, StompSession session, String topic, PushFollower follower)
            throws InterruptedException {
        BlockingQueue<JsonNode> raw = watch(broker, session, topic);
        BlockingQueue<JsonNode> whole = new LinkedBlockingQueue<>() {
            @Override
            public JsonNode poll(long timeout, TimeUnit unit) throws InterruptedException {
                JsonNode f = raw.poll(timeout, unit);
                return f == null ? null : follower.accept(f);
            }

            @Override
            public JsonNode take() throws InterruptedException {
                return follower.accept(raw.take());
            }
        };
        return whole;
    }

    public void stop() {
        client.stop();
    }
}

package dev.driverlab.web.push;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code driverlab.push.*}. {@code topic-prefix} is where session updates go ({@code /topic/sessions/} + id; with
 * RabbitMQ, which refuses '/' inside a topic name, use {@code /topic/sessions.}); a search's progress goes to
 * {@code /topic/explore} with the same separator. {@code events-per-message} keeps
 * each frame under STOMP clients' usual 64 KiB inbound limit. {@code allowed-origins}: browser origins other than
 * the server's own that may open the WebSocket.
 */
@ConfigurationProperties("driverlab.push")
public record PushProperties(
        @DefaultValue("/topic/sessions/") String topicPrefix,
        @DefaultValue("200") int eventsPerMessage,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue Relay relay) {

    /** An external STOMP broker (RabbitMQ's STOMP plugin listens on 61613) instead of the in-memory one. */
    public record Relay(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("localhost") String host,
            @DefaultValue("61613") int port,
            @DefaultValue("guest") String login,
            @DefaultValue("guest") String passcode,
            @DefaultValue("/") String virtualHost) {}

    public String topic(String sessionId) {
        return topicPrefix + sessionId;
    }

    /**
     * Where a workshop room's steps and changes go: {@code /topic/rooms/} + code, or {@code /topic/rooms.} + code
     * with the same separator as sessions' topics (RabbitMQ's STOMP plugin refuses '/' inside a topic name).
     */
    public String roomTopic(String code) {
        return "/topic/rooms" + topicPrefix.charAt(topicPrefix.length() - 1) + code;
    }

    /** Where a race search's progress goes: {@code /topic/explore/} + job, or {@code /topic/explore.} + job. */
    public String exploreTopic(String jobId) {
        return "/topic/explore" + topicPrefix.charAt(topicPrefix.length() - 1) + jobId;
    }
}

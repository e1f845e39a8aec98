package dev.driverlab.web.api;

import dev.driverlab.session.SessionState;
import java.util.List;
import java.util.Map;

/**
 * A session: its id (the capability to drive it), where to reach it ({@code links}: REST paths, the STOMP topic
 * and send destination), its state and the kernel log so far.
 */
public record SessionResponse(String id, Map<String, String> links, SessionState state, List<String> dmesg) {

    static Map<String, String> links(String id, String topic) {
        String self = "/api/sessions/" + id;
        return Map.of(
                "self", self,
                "commands", self + "/commands",
                "trace", self + "/trace",
                "rewind", self + "/rewind",
                "history", self + "/history",
                "websocket", "/ws",
                "topic", topic,
                "send", "/app/sessions/" + id + "/commands");
    }
}

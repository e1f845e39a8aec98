package dev.driverlab.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.web.wire.SessionStateDto;
import java.util.List;
import java.util.Map;

/**
 * A session: its id (the capability to drive it), where to reach it ({@code links}: REST paths, the STOMP topic
 * and send destination), its state and the kernel log so far. On creation only: {@code owner}, the capability to
 * change its history for everyone (send it as {@code X-Session-Owner} to rewind; see {@link SessionOwners}), and
 * {@code openAt}, the step a link was shared at (the session holds its whole history; show this step first).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionResponse(
        String id, Map<String, String> links, SessionStateDto state, List<String> dmesg, String owner, Long openAt) {

    static Map<String, String> links(String id, String topic) {
        String self = "/api/sessions/" + id;
        return Map.of(
                "self", self,
                "commands", self + "/commands",
                "trace", self + "/trace",
                "rewind", self + "/rewind",
                "undo", self + "/rewind/undo",
                "history", self + "/history",
                "websocket", "/ws",
                "topic", topic,
                "send", "/app/sessions/" + id + "/commands");
    }
}

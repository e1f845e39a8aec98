package dev.driverlab.web.workshop;

import dev.driverlab.room.RoomEvent;
import dev.driverlab.room.RoomService;
import dev.driverlab.session.SessionEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;

/**
 * Pushes a room's changes to {@code /topic/rooms/{code}}: {@code step} (the presented session moved: its state),
 * {@code members}, {@code question}, {@code answers} (how many answered, not what: the tally is the teacher's) and
 * {@code recall}. A step is sent from the thread that changed the session, under its lock, so steps arrive in order.
 */
@Component
class RoomPublisher {
    static final String TOPIC = "/topic/rooms/";
    private final SimpMessageSendingOperations messaging;
    private final RoomService rooms;

    RoomPublisher(SimpMessageSendingOperations messaging, RoomService rooms) {
        this.messaging = messaging;
        this.rooms = rooms;
    }

    @EventListener
    void onSession(SessionEvent event) {
        String code = rooms.roomOf(event.sessionId());
        if (code == null) return;
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "step");
        if (event instanceof SessionEvent.Applied a) {
            frame.put("steps", a.batch().state().steps());
            frame.put("dmesg", a.batch().dmesg());
            frame.put("state", a.batch().state());
        } else if (event instanceof SessionEvent.Rewound r) {
            frame.put("steps", r.state().steps());
            frame.put("state", r.state());
        } else {
            frame.put("type", "ended");
        }
        messaging.convertAndSend(TOPIC + code, (Object) frame);
    }

    @EventListener
    void onRoom(RoomEvent event) {
        messaging.convertAndSend(TOPIC + event.code(), (Object) Map.of("type", event.type()));
    }
}

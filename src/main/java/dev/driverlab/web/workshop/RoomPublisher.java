package dev.driverlab.web.workshop;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.room.RoomEvent;
import dev.driverlab.room.RoomService;
import dev.driverlab.session.SessionEvent;
import dev.driverlab.web.push.PushProperties;
import dev.driverlab.web.wire.RoomFrameDto;
import dev.driverlab.web.wire.SessionStateDto;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;

/**
 * Pushes a room's changes to its topic ({@link PushProperties#roomTopic}: {@code /topic/rooms/{code}}, through the
 * relay {@code /topic/rooms.{code}}, so they reach pages connected to any instance): {@code step} (the presented
 * session moved: its state, new dmesg lines, and {@code ran}: the contexts that ran, in order),
 * {@code members}, {@code question}, {@code answers} (how many answered, not what: the tally is the teacher's),
 * {@code recall}, and {@code closed} / {@code expired} (the room is gone: its teacher closed it, or it was idle too
 * long). A step is sent from the thread that changed the session, under its lock, so steps arrive in order.
 */
@Component
class RoomPublisher {
    private final SimpMessageSendingOperations messaging;
    private final PushProperties properties;
    private final RoomService rooms;
    static final long COALESCE_MILLIS = 250;
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "room-push");
        t.setDaemon(true);
        return t;
    });

    RoomPublisher(SimpMessageSendingOperations messaging, PushProperties properties, RoomService rooms) {
        this.messaging = messaging;
        this.properties = properties;
        this.rooms = rooms;
    }

    /**
     * The first of a session event's listeners: a class waits for this frame, so it leaves before the presented
     * session is stored and before the session's own topic gets its (bigger) frames.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void onSession(SessionEvent event) {
        String code = rooms.roomOf(event.sessionId());
        if (code == null) return;
        RoomFrameDto frame;
        if (event instanceof SessionEvent.Applied a) {
            SessionStateDto state = SessionStateDto.of(a.batch().state());
            frame = new RoomFrameDto(
                    "step",
                    state.steps(),
                    a.batch().dmesg(),
                    ran(a.batch().events()),
                    RoomFrameDto.LeanStateDto.of(state));
        } else if (event instanceof SessionEvent.Rewound r) {
            SessionStateDto state = SessionStateDto.of(r.state());
            frame = new RoomFrameDto("step", state.steps(), null, null, RoomFrameDto.LeanStateDto.of(state));
        } else {
            frame = RoomFrameDto.of("ended");
        }
        messaging.convertAndSend(properties.roomTopic(code), (Object) frame);
    }

    /** The most contexts a step frame names in {@code ran}. */
    static final int MAX_RAN = 8;

    /**
     * The contexts that ran in the batch, in the order each first ran: the reveal of "what runs next?" (the first
     * one), read under the session's lock, where the batch's events may be read.
     */
    static List<String> ran(List<TraceEvent> events) {
        Set<String> out = new LinkedHashSet<>();
        for (TraceEvent e : events) {
            if (e.context() != null && !e.context().isEmpty()) out.add(e.context());
            if (out.size() == MAX_RAN) break;
        }
        return List.copyOf(out);
    }

    /**
     * Room changes are coalesced: a burst of joins or answers (a class answering at once) becomes one frame per
     * {@link #COALESCE_MILLIS} per room and type, so 200 answers do not make 200 x 200 frames.
     */
    @EventListener
    void onRoom(RoomEvent event) {
        String key = event.code() + "/" + event.type();
        if (pending.putIfAbsent(key, Boolean.TRUE) != null) return;
        timer.schedule(
                () -> {
                    pending.remove(key);
                    messaging.convertAndSend(properties.roomTopic(event.code()), RoomFrameDto.of(event.type()));
                },
                event.type().equals("members") || event.type().equals("answers") ? COALESCE_MILLIS : 0,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}

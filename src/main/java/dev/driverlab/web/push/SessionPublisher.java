package dev.driverlab.web.push;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.session.Batch;
import dev.driverlab.session.SessionEvent;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;

/**
 * Pushes session events to their topic. It runs in the thread that changed the session, while the session is
 * still locked, so one session's frames enter the broker in the order things happened; the broker's preserved
 * publish order keeps them so on the way to each client.
 */
@Component
class SessionPublisher {
    private final SimpMessageSendingOperations messaging;
    private final PushProperties properties;

    SessionPublisher(SimpMessageSendingOperations messaging, PushProperties properties) {
        this.messaging = messaging;
        this.properties = properties;
    }

    @EventListener
    void applied(SessionEvent.Applied e) {
        Batch b = e.batch();
        String topic = properties.topic(e.sessionId());
        List<TraceEvent> events = b.events();
        int chunk = Math.max(1, properties.eventsPerMessage());
        int last = events.isEmpty() ? 0 : (events.size() - 1) / chunk * chunk; // the final chunk rides with the state
        for (int i = 0; i < last; i += chunk) {
            messaging.convertAndSend(topic, PushMessage.events(e.sessionId(), b.from() + i, events.subList(i, i + chunk)));
        }
        messaging.convertAndSend(topic, PushMessage.state(e.sessionId(), b.from() + last,
                events.subList(last, events.size()), b.dmesg(), b.reports(), b.applied(), b.skipped(), b.summary()));
    }

    @EventListener
    void rewound(SessionEvent.Rewound e) {
        messaging.convertAndSend(properties.topic(e.sessionId()), PushMessage.rewound(e.sessionId(), e.step(),
                e.summary()));
    }

    @EventListener
    void deleted(SessionEvent.Deleted e) {
        messaging.convertAndSend(properties.topic(e.sessionId()), PushMessage.deleted(e.sessionId()));
    }
}

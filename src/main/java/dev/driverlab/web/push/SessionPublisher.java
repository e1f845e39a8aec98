package dev.driverlab.web.push;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.session.Batch;
import dev.driverlab.session.SessionEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(SessionPublisher.class);
    private final SimpMessageSendingOperations messaging;
    private final PushProperties properties;
    /** {@code driverlab.push}: from a batch applied to its last frame handed to the broker (in-memory or relay). */
    private final Timer lag;

    SessionPublisher(SimpMessageSendingOperations messaging, PushProperties properties, MeterRegistry registry) {
        this.messaging = messaging;
        this.properties = properties;
        this.lag = Timer.builder("driverlab.push").description("time to push a batch's frames to the broker")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @EventListener
    void applied(SessionEvent.Applied e) {
        lag.record(() -> send(e, () -> publish(e)));
    }

    private void publish(SessionEvent.Applied e) {
        Batch b = e.batch();
        String topic = properties.topic(e.sessionId());
        List<TraceEvent> events = b.events();
        int chunk = Math.max(1, properties.eventsPerMessage());
        for (int i = 0; i < events.size(); i += chunk) {
            List<TraceEvent> part = events.subList(i, Math.min(events.size(), i + chunk));
            messaging.convertAndSend(topic, PushMessage.events(e.sessionId(), b.from() + i, part));
        }
        messaging.convertAndSend(topic, PushMessage.state(e.sessionId(), b.dmesg(), b.reports(), b.applied(),
                b.skipped(), b.state()));
    }

    @EventListener
    void rewound(SessionEvent.Rewound e) {
        send(e, () -> messaging.convertAndSend(properties.topic(e.sessionId()),
                PushMessage.rewound(e.sessionId(), e.step(), e.state())));
    }

    @EventListener
    void deleted(SessionEvent.Deleted e) {
        send(e, () -> messaging.convertAndSend(properties.topic(e.sessionId()), PushMessage.deleted(e.sessionId())));
    }

    /**
     * Pushing is best effort: the change has happened and is in the trace, and a watcher that missed frames
     * catches up with {@code trace?from=}. A broker that is down must not turn a good command into an error.
     */
    private void send(SessionEvent e, Runnable push) {
        try {
            push.run();
        } catch (RuntimeException failure) {
            log.warn("could not push {} of session {}: {}", e.getClass().getSimpleName(), e.sessionId(),
                    failure.toString());
        }
    }
}

package dev.driverlab.web.push;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.session.Batch;
import dev.driverlab.session.SessionEvent;
import dev.driverlab.session.SessionState;
import dev.driverlab.web.wire.EventDto;
import dev.driverlab.web.wire.ReportDto;
import dev.driverlab.web.wire.SessionStateDto;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes session events to their topic. It runs in the thread that changed the session, while the session is
 * still locked, so one session's frames enter the broker in the order things happened; the broker's preserved
 * publish order keeps them so on the way to each client. States go as deltas against the state last pushed for the
 * session, kept (serialized) for the {@value #BASELINES} sessions pushed most recently; a session without one gets
 * its whole state.
 */
@Component
class SessionPublisher {
    private static final Logger log = LoggerFactory.getLogger(SessionPublisher.class);
    private final SimpMessageSendingOperations messaging;
    private final PushProperties properties;
    /** {@code driverlab.push}: from a batch applied to its last frame handed to the broker (in-memory or relay). */
    private final Timer lag;

    static final int BASELINES = 10_000;
    private final JsonMapper json = JsonMapper.builder().build();
    /** The order of a trace event's JSON members, for building its columns without a tree per event. */
    private final List<String> eventMembers = PushCodec.memberOrder(json);
    /** Per session, the version and JSON of the state last pushed; least recently pushed dropped first. */
    private final Map<String, Baseline> baselines = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Baseline> eldest) {
            return size() > BASELINES;
        }
    });

    private record Baseline(String version, byte[] state) {}

    SessionPublisher(SimpMessageSendingOperations messaging, PushProperties properties, MeterRegistry registry) {
        this.messaging = messaging;
        this.properties = properties;
        this.lag = Timer.builder("driverlab.push")
                .description("time to push a batch's frames to the broker")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
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
            messaging.convertAndSend(
                    topic,
                    PushMessage.events(
                            e.sessionId(),
                            b.from() + i,
                            part.size(),
                            PushCodec.columns(EventDto.of(part), eventMembers)));
        }
        messaging.convertAndSend(
                topic,
                PushMessage.state(
                        e.sessionId(),
                        b.state().next(),
                        b.dmesg(),
                        ReportDto.of(b.reports()),
                        b.applied(),
                        b.skipped(),
                        delta(e.sessionId(), e.version(), b.state())));
    }

    /** The state of {@code version} against the one last pushed, which becomes this one. Under the session's lock. */
    private PushMessage.Delta delta(String session, String version, SessionState state) {
        byte[] bytes = json.writeValueAsBytes(SessionStateDto.of(state));
        JsonNode now = json.readTree(bytes); // as the baseline will be read back: numbers of the same node types
        Baseline before = baselines.put(session, new Baseline(version, bytes));
        if (before == null) return new PushMessage.Delta(version, null, null, now);
        return new PushMessage.Delta(
                version, before.version(), PushCodec.diff(json.readTree(before.state()), now), null);
    }

    @EventListener
    void rewound(SessionEvent.Rewound e) {
        send(
                e,
                () -> messaging.convertAndSend(
                        properties.topic(e.sessionId()),
                        PushMessage.rewound(
                                e.sessionId(),
                                e.state().next(),
                                e.step(),
                                delta(e.sessionId(), e.version(), e.state()))));
    }

    @EventListener
    void deleted(SessionEvent.Deleted e) {
        baselines.remove(e.sessionId());
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
            log.warn(
                    "could not push {} of session {}: {}",
                    e.getClass().getSimpleName(),
                    e.sessionId(),
                    failure.toString());
        }
    }
}

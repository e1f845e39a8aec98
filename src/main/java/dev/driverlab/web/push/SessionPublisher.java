package dev.driverlab.web.push;

import dev.driverlab.engine.trace.TraceEvents;
import dev.driverlab.session.Batch;
import dev.driverlab.session.SessionEvent;
import dev.driverlab.session.SessionState;
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
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes session events to their topic. It runs in the thread that changed the session, while the session is
 * still locked, so one session's frames enter the broker in the order things happened; the broker's preserved
 * publish order keeps them so on the way to each client. States go as deltas against the state last pushed for the
 * session, kept (as a JSON tree) for the {@value #BASELINES} sessions pushed most recently; a session without one
 * gets its whole state. Frames are written to JSON bytes here, once, and handed to the broker as they are.
 *
 * <p>With the in-memory broker, a session whose topic nobody here follows is not pushed at all (nothing would
 * receive the frames): its baseline is dropped instead, so the first frame a new watcher gets carries the whole
 * state. Through a relay, watchers may be connected to other instances, so every change is pushed.
 */
@Component
class SessionPublisher {
    private static final Logger log = LoggerFactory.getLogger(SessionPublisher.class);
    private final SimpMessageSendingOperations messaging;
    private final PushProperties properties;
    private final LocalSubscribers subscribers;
    /** {@code driverlab.push}: from a batch applied to its last frame handed to the broker (in-memory or relay). */
    private final Timer lag;

    /** As many as the live sessions by default ({@code driverlab.sessions.max-live}); a tree is ~20 KB. */
    static final int BASELINES = 2_000;

    /**
     * Its buffers recycled per thread (the inbound channel's few platform threads), not through Jackson 3's default
     * pool, a deque shared by every mapper in the JVM: taking a buffer from it was ~2.5% of a command's CPU under
     * load, as much as writing the events frame's numbers.
     */
    private final JsonMapper json = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .build();
    /** The order of a trace event's JSON members, for building its columns without a tree per event. */
    private final List<String> eventMembers = PushCodec.memberOrder(json);
    /** Per session, the version and JSON tree of the state last pushed; least recently pushed dropped first. */
    private final Map<String, Baseline> baselines = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Baseline> eldest) {
            return size() > BASELINES;
        }
    });

    /** A state as pushed, as wire records and their tree: never changed afterwards (the next one shares parts). */
    private record Baseline(String version, SessionStateDto dto, JsonNode state) {}

    SessionPublisher(
            SimpMessageSendingOperations messaging,
            PushProperties properties,
            LocalSubscribers subscribers,
            MeterRegistry registry) {
        this.messaging = messaging;
        this.properties = properties;
        this.subscribers = subscribers;
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
        String topic = properties.topic(e.sessionId());
        if (!watched(e.sessionId(), topic)) return;
        Batch b = e.batch();
        TraceEvents events = b.inPlace();
        int chunk = Math.max(1, properties.eventsPerMessage());
        // every chunk but the last as an events frame; the last rides in the state frame (one frame a command)
        int last = events.isEmpty() ? 0 : (events.size() - 1) / chunk * chunk;
        for (int i = 0; i < last; i += chunk) {
            TraceEvents part = events.subList(i, i + chunk);
            sendJson(topic, PushCodec.eventsFrame(json, e.sessionId(), b.from() + i, part, eventMembers));
        }
        PushMessage state = PushMessage.state(
                e.sessionId(),
                b.state().next(),
                b.dmesg(),
                ReportDto.of(b.reports()),
                b.applied(),
                b.skipped(),
                delta(e.sessionId(), e.version(), b.state()));
        sendJson(
                topic,
                PushCodec.stateFrame(json, state, b.from() + last, events.subList(last, events.size()), eventMembers));
    }

    /**
     * Whether anyone may receive the session's frames; if not (in-memory broker, no subscription to the topic),
     * the baseline goes, since the next watcher will not hold it.
     */
    private boolean watched(String session, String topic) {
        if (subscribers.mayHave(topic)) return true;
        baselines.remove(session);
        return false;
    }

    /**
     * The state of {@code version} against the one last pushed, which becomes this one: the state turned into a tree
     * part by part, reusing the kept tree's unchanged parts ({@link StateTrees}), compared with the kept tree. Under
     * the session's lock.
     */
    private PushMessage.Delta delta(String session, String version, SessionState state) {
        SessionStateDto dto = SessionStateDto.of(state);
        Baseline before = baselines.get(session);
        JsonNode now = before == null
                ? StateTrees.of(json, dto, null, null)
                : StateTrees.of(json, dto, before.dto(), before.state());
        baselines.put(session, new Baseline(version, dto, now));
        if (before == null) return new PushMessage.Delta(version, null, null, now);
        return new PushMessage.Delta(version, before.version(), PushCodec.diff(before.state(), now), null);
    }

    @EventListener
    void rewound(SessionEvent.Rewound e) {
        String topic = properties.topic(e.sessionId());
        send(e, () -> {
            if (!watched(e.sessionId(), topic)) return;
            sendJson(
                    topic,
                    json.writeValueAsBytes(PushMessage.rewound(
                            e.sessionId(), e.state().next(), e.step(), delta(e.sessionId(), e.version(), e.state()))));
        });
    }

    @EventListener
    void deleted(SessionEvent.Deleted e) {
        baselines.remove(e.sessionId());
        send(e, () -> messaging.convertAndSend(properties.topic(e.sessionId()), PushMessage.deleted(e.sessionId())));
    }

    /** Hands a frame's JSON to the broker as it is (no message conversion). */
    private void sendJson(String topic, byte[] body) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setLeaveMutable(true);
        messaging.send(topic, MessageBuilder.createMessage(body, headers.getMessageHeaders()));
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

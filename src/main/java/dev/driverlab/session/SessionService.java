package dev.driverlab.session;

import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live sessions: at most {@code max-live} in memory, least recently used evicted first, idle ones evicted by a
 * periodic sweep. Every session has a database record (scenario spec + command history), written at creation and
 * then by the sweep, on eviction and at shutdown, so asking for an evicted session (or any session after a
 * restart) rebuilds it by replay. Each session is used by one thread at a time (its monitor); events about it
 * are published under that monitor, so subscribers see them in order.
 */
@Service
public class SessionService {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    /** 16 random bytes, base64url without padding: 128 bits an attacker would have to guess. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final Map<String, Session> live = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScenarioCompiler compiler = new ScenarioCompiler();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();
    private final SessionRecords records;
    private final SessionProperties properties;
    private final ApplicationEventPublisher events;

    SessionService(SessionRecords records, SessionProperties properties, ApplicationEventPublisher events) {
        this.records = records;
        this.properties = properties;
        this.events = events;
    }

    /** A new session on {@code spec}, with {@code history} replayed and then rewound to {@code step} if given. */
    public SessionState create(ScenarioSpec spec, History history, Long step) {
        Session s = new Session(newId(), spec, compiler.compile(spec), properties.limits());
        if (history != null) s.replay(history);
        if (step != null) s.rewind(step);
        records.save(SessionRecord.created(s.id(), json.writeValueAsString(spec),
                json.writeValueAsString(s.history()), clock.instant()));
        s.lastUsed = clock.millis();
        live.put(s.id(), s);
        enforceCap();
        return s.state();
    }

    /**
     * Replays {@code history} on {@code spec} in a session that is not registered or stored: how shares and
     * links are checked before they are handed out. Throws as {@link #create} does.
     */
    public Session replayDetached(ScenarioSpec spec, History history) {
        Session s = new Session("detached", spec, compiler.compile(spec), properties.limits());
        s.replay(history);
        return s;
    }

    /** Runs {@code read} on the session (rebuilt if evicted); it must not keep references past the call. */
    public <T> T read(String id, Function<Session, T> read) {
        return with(id, read);
    }

    /** Applies a batch of command lines (see {@link Session#apply}) and announces it. */
    public Batch apply(String id, List<String> lines) {
        var commands = CommandScript.parse(lines);
        return with(id, s -> {
            Batch batch = s.apply(commands);
            s.dirty = true;
            events.publishEvent(new SessionEvent.Applied(id, batch));
            return batch;
        });
    }

    public SessionState rewind(String id, long step) {
        return with(id, s -> {
            s.rewind(step);
            s.dirty = true;
            SessionState state = s.state();
            events.publishEvent(new SessionEvent.Rewound(id, step, state));
            return state;
        });
    }

    public void delete(String id) {
        Session s = live.remove(id);
        boolean existed = s != null;
        if (s != null) {
            synchronized (s) {
                s.closed = true;
            }
        }
        if (ID.matcher(id).matches() && records.existsById(id)) {
            records.deleteById(id);
            existed = true;
        }
        if (!existed) throw notFound(id);
        events.publishEvent(new SessionEvent.Deleted(id));
    }

    public boolean isLive(String id) {
        return live.containsKey(id);
    }

    public int liveCount() {
        return live.size();
    }

    /** Drops the session from memory after storing its history; the next use rebuilds it. */
    public void evict(String id) {
        Session s = live.get(id);
        if (s == null) return;
        synchronized (s) {
            if (s.closed) return;
            store(s);
            s.closed = true;
            live.remove(id, s);
        }
    }

    @Scheduled(fixedDelayString = "${driverlab.sessions.sweep-interval:PT10S}")
    public void sweep() {
        sweep(clock.instant());
    }

    /** Evicts sessions idle since before {@code now - idle-timeout}, stores changed ones, purges old records. */
    public void sweep(Instant now) {
        long idleBefore = now.toEpochMilli() - properties.idleTimeout().toMillis();
        for (Session s : new ArrayList<>(live.values())) {
            if (s.lastUsed < idleBefore) {
                evict(s.id());
            } else {
                synchronized (s) {
                    if (!s.closed) store(s);
                }
            }
        }
        int purged = records.deleteIdleSince(now.minus(properties.retention()));
        if (purged > 0) log.info("purged {} session records idle for over {}", purged, properties.retention());
    }

    @PreDestroy
    void storeAll() {
        for (Session s : live.values()) {
            synchronized (s) {
                if (!s.closed) store(s);
            }
        }
    }

    private <T> T with(String id, Function<Session, T> action) {
        while (true) {
            Session s = live.get(id);
            if (s == null) s = load(id);
            synchronized (s) {
                if (s.closed) continue; // evicted or deleted since we looked it up: look again
                s.lastUsed = clock.millis();
                return action.apply(s);
            }
        }
    }

    private Session load(String id) {
        if (!ID.matcher(id).matches()) throw notFound(id);
        Session s = live.computeIfAbsent(id, this::rebuild);
        enforceCap();
        return s;
    }

    private Session rebuild(String id) {
        SessionRecord r = records.findById(id).orElseThrow(() -> notFound(id));
        ScenarioSpec spec = json.readValue(r.spec(), ScenarioSpec.class);
        Session s = new Session(id, spec, compiler.compile(spec), properties.limits());
        s.replay(json.readValue(r.history(), History.class));
        s.lastUsed = clock.millis();
        log.debug("rebuilt session {} from its stored history", id);
        return s;
    }

    private void store(Session s) {
        if (!s.dirty) return;
        SessionRecord r = records.findById(s.id()).orElse(null);
        String history = json.writeValueAsString(s.history());
        records.save(r == null ? SessionRecord.created(s.id(), json.writeValueAsString(s.spec()), history,
                clock.instant()) : r.withHistory(history, clock.instant()));
        s.dirty = false;
    }

    private void enforceCap() {
        while (live.size() > properties.maxLive()) {
            Session oldest = null;
            for (Session s : live.values()) if (oldest == null || s.lastUsed < oldest.lastUsed) oldest = s;
            if (oldest == null) return;
            evict(oldest.id());
        }
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no session '" + id + "'");
    }
}

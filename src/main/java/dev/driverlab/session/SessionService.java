package dev.driverlab.session;

import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * restart) rebuilds it by replay. Each session is used by one thread at a time (its lock); events about it are
 * published under that lock, so subscribers see them in order. Nothing here waits for a busy session's lock
 * except a request for that same session (and then at most a batch's time limit): the sweep, eviction and
 * shutdown store what the session last published and skip evicting what is in use. Live sessions together hold
 * at most {@link SessionProperties#totalBytes()} of heap (estimated); past it the least recently used are evicted,
 * to be rebuilt by replay when asked for.
 */
@Service
public class SessionService {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    /** 16 random bytes, base64url without padding: 128 bits an attacker would have to guess. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final Map<String, Session> live = new ConcurrentHashMap<>();
    /** The estimated heap of the live sessions, as last measured (see {@link #measure}). */
    private final Map<String, Long> bytes = new ConcurrentHashMap<>();

    private final AtomicLong totalBytes = new AtomicLong();
    /** Serialises database writes of one session's history (sweep, eviction and shutdown may overlap). */
    private final Object storeLock = new Object();
    /** When the last sweep finished (or the service started): a server whose sweeps stop is wedged. */
    private volatile Instant lastSweep = Instant.now();

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
        if (history != null) s.replay(history, true);
        if (step != null) s.rewind(step);
        Session.Published p = s.published();
        Instant now = now();
        records.save(SessionRecord.created(
                s.id(), json.writeValueAsString(spec), json.writeValueAsString(p.history()), now));
        s.storedVersion = p.version();
        s.storedAt = now;
        s.lastUsed = clock.millis();
        SessionState state = s.state();
        live.put(s.id(), s);
        measure(s);
        enforceCap();
        return state;
    }

    /**
     * Replays {@code history} on {@code spec} in a session that is not registered or stored: how shares and
     * links are checked before they are handed out. Throws as {@link #create} does.
     */
    public Session replayDetached(ScenarioSpec spec, History history) {
        Session s = new Session("detached", spec, compiler.compile(spec), properties.limits());
        s.replay(history, true);
        return s;
    }

    /** Runs {@code read} on the session (rebuilt if evicted); it must not keep references past the call. */
    public <T> T read(String id, Function<Session, T> read) {
        return with(id, read);
    }

    /** Applies a batch of command lines (see {@link Session#apply}) and announces it. */
    public Batch apply(String id, List<String> lines) {
        return applied(id, lines, Batch::bounded);
    }

    /**
     * Applies a batch and announces it, for a caller that wants no answer but the announcement (commands sent
     * over STOMP): its events are not copied out of the session's trace. Returns the state after it.
     */
    public SessionState send(String id, List<String> lines) {
        return applied(id, lines, Batch::state);
    }

    /** What {@code answer} takes of the batch as applied, under the lock (its events are a view of the trace). */
    private <T> T applied(String id, List<String> lines, Function<Batch, T> answer) {
        var commands = CommandScript.parse(lines);
        return with(id, s -> {
            Batch batch = s.apply(commands);
            events.publishEvent(new SessionEvent.Applied(id, s.version(), batch));
            return answer.apply(batch);
        });
    }

    public SessionState rewind(String id, long step) {
        return rewind(id, step, Integer.MAX_VALUE);
    }

    /** Rewinds to {@code step} keeping at most {@code keep} commands (see {@link Session#rewind(long, int)}). */
    public SessionState rewind(String id, long step, int keep) {
        return with(id, s -> {
            s.rewind(step, keep);
            SessionState state = s.state();
            events.publishEvent(new SessionEvent.Rewound(id, s.version(), step, state));
            return state;
        });
    }

    /**
     * Makes the session's history {@code history} again, a history it had before (the undo of a rewind): announced
     * as what it is, a rewind to the commands both share, then the rest applied as a batch.
     */
    public SessionState restore(String id, History history) {
        return with(id, s -> {
            s.keep(s.shared(history));
            SessionState kept = s.state();
            events.publishEvent(new SessionEvent.Rewound(id, s.version(), kept.steps(), kept));
            Batch batch = s.resume(history);
            events.publishEvent(new SessionEvent.Applied(id, s.version(), batch));
            return batch.state();
        });
    }

    public void delete(String id) {
        Session s = live.remove(id);
        boolean existed = s != null;
        if (s != null) {
            s.closed = true; // a request holding its lock finishes on a session nobody will store again
            forget(id);
        }
        if (ID.matcher(id).matches() && records.existsById(id)) {
            records.deleteById(id);
            existed = true;
        }
        if (!existed) throw notFound(id);
        events.publishEvent(new SessionEvent.Deleted(id));
    }

    /**
     * Writes a live session's last published history to the database now rather than at the next sweep (if it
     * changed); for a session others replay from there at once, such as a room's presented session. Call it with
     * the session's lock held (from a {@link SessionEvent} listener) or not: it stores what was last published.
     */
    public void storeNow(String id) {
        Session s = live.get(id);
        if (s != null) store(s);
    }

    public boolean isLive(String id) {
        return live.containsKey(id);
    }

    public int liveCount() {
        return live.size();
    }

    /**
     * Drops the session from memory after storing its history; the next use rebuilds it. A session in use is not
     * evicted (it is the most recently used anyway): returns whether it was.
     */
    public boolean evict(String id) {
        Session s = live.get(id);
        if (s == null || !s.lock.tryLock()) return false;
        try {
            if (s.closed) return false;
            store(s);
            s.closed = true;
            live.remove(id, s);
            forget(id);
            return true;
        } finally {
            s.lock.unlock();
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
            try {
                if (s.lastUsed >= idleBefore || !evict(s.id())) store(s);
            } catch (RuntimeException e) { // one session's bad record must not stop the others being stored
                log.warn("could not store session {}: {}", s.id(), e.toString());
            }
        }
        int purged = records.deleteIdleSince(now.minus(properties.retention()));
        if (purged > 0) log.info("purged {} session records idle for over {}", purged, properties.retention());
        lastSweep = clock.instant();
    }

    /** When the last sweep finished; see {@link SweepHealthIndicator}. */
    public Instant lastSweep() {
        return lastSweep;
    }

    /**
     * At shutdown, before the database closes (this bean depends on it, so Spring destroys this one first): every
     * session's last published history, without waiting for any session in use.
     */
    @PreDestroy
    void storeAll() {
        int stored = 0;
        for (Session s : live.values()) {
            try {
                if (store(s)) stored++;
            } catch (RuntimeException e) {
                log.warn("could not store session {} at shutdown: {}", s.id(), e.toString());
            }
        }
        log.info("stored {} changed sessions at shutdown", stored);
    }

    private <T> T with(String id, Function<Session, T> action) {
        while (true) {
            Session s = live.get(id);
            if (s == null) s = load(id);
            acquire(s);
            try {
                if (s.closed) continue; // evicted or deleted since we looked it up: look again
                if (properties.sharedDatabase() && takenOver(s)) continue;
                s.lastUsed = clock.millis();
                T result = action.apply(s);
                measure(s);
                return result;
            } finally {
                s.lock.unlock();
            }
        }
    }

    /**
     * With a shared database: whether another instance stored this session since this one last wrote or read its
     * record (it took the session over while this one was unreachable, or the routing moved it); then this copy is
     * dropped, to be rebuilt from the database. A session deleted elsewhere is dropped too (and then not found).
     * Called with the session's lock held.
     */
    private boolean takenOver(Session s) {
        Instant stored = records.updatedAt(s.id()).orElse(null);
        if (stored != null && stored.equals(s.storedAt)) return false;
        if (s.published().version() != s.storedVersion) {
            log.warn("session {} was stored by another instance: dropping this instance's unstored commands", s.id());
        }
        s.closed = true;
        live.remove(s.id(), s);
        forget(s.id());
        return true;
    }

    /** Database timestamps hold milliseconds here, so the one read back equals the one written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Waits for the session at most as long as the batch holding it may run, plus a little. */
    private void acquire(Session s) {
        long waitMillis = properties.batchTime().toMillis() + 1_000;
        try {
            if (s.lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new BusyException("session '" + s.id() + "' is busy with another request; try again");
    }

    private Session load(String id) {
        if (!ID.matcher(id).matches()) throw notFound(id);
        Session s = live.computeIfAbsent(id, this::rebuild);
        measure(s);
        enforceCap();
        return s;
    }

    /** Records the session's estimated heap; called with its lock held (or before anyone else can see it). */
    private void measure(Session s) {
        long now = s.bytes();
        synchronized (bytes) { // against a delete's forget(): a closed session's bytes are never counted again
            if (s.closed) return;
            Long before = bytes.put(s.id(), now);
            totalBytes.addAndGet(now - (before == null ? 0 : before));
        }
        if (totalBytes.get() > properties.totalBytes()) enforceCap();
    }

    private void forget(String id) {
        synchronized (bytes) {
            Long before = bytes.remove(id);
            if (before != null) totalBytes.addAndGet(-before);
        }
    }

    /** The estimated heap all live sessions hold. */
    public long liveBytes() {
        return totalBytes.get();
    }

    private Session rebuild(String id) {
        SessionRecord r = records.findById(id).orElseThrow(() -> notFound(id));
        ScenarioSpec spec = json.readValue(r.spec(), ScenarioSpec.class);
        Session s = new Session(id, spec, compiler.compile(spec), properties.limits());
        s.replay(json.readValue(r.history(), History.class), false);
        s.storedVersion = s.published().version();
        s.storedAt = r.updatedAt();
        s.lastUsed = clock.millis();
        log.debug("rebuilt session {} from its stored history", id);
        return s;
    }

    /** Writes the session's last published history if it changed since the last write; returns whether it did. */
    private boolean store(Session s) {
        synchronized (storeLock) {
            Session.Published p = s.published();
            if (p.version() == s.storedVersion || s.closed) return false;
            String history = json.writeValueAsString(p.history());
            Instant now = now();
            // One statement for a stored session (a presented one is stored at every step); a new record if the
            // old one is gone (purged, or deleted by another instance sharing the database).
            if (records.updateHistory(s.id(), history, now) == 0) {
                records.save(SessionRecord.created(s.id(), json.writeValueAsString(s.spec()), history, now));
            }
            s.storedVersion = p.version();
            s.storedAt = now;
            return true;
        }
    }

    /** Evicts least recently used sessions while there are too many or they hold too much heap together. */
    private void enforceCap() {
        List<Session> byAge = null;
        int i = 0;
        while (live.size() > properties.maxLive() || totalBytes.get() > properties.totalBytes()) {
            if (byAge == null) {
                byAge = new ArrayList<>(live.values());
                byAge.sort(Comparator.comparingLong(x -> x.lastUsed));
            }
            if (i >= byAge.size()) return; // everything left is in use right now
            evict(byAge.get(i++).id());
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

package dev.driverlab.room;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.exercise.ExerciseLibrary;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.session.History;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.RefusedException;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionEvent;
import dev.driverlab.session.SessionService;
import dev.driverlab.session.SessionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workshop rooms: a teacher (who holds the room's token) presents a live session; students join with a display
 * name and get a member token; questions are asked at a step and answered once per member; each member's latest
 * exercise grade is kept. Everything is stored, so a room survives a restart; the presented session is a normal
 * stored session (rebuilt by replay). A room idle past {@code driverlab.rooms.idle} is deleted by {@link #sweep}, and
 * its teacher may {@link #close} it: either way with its members, questions, answers, grades and presented session,
 * and its code then answers 410 ({@link RoomGoneException}) for {@code driverlab.rooms.remember-closed}.
 */
@Service
public class RoomService {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    /** Why a room is gone: its teacher closed it, or it was idle too long. */
    public static final String CLOSED = "closed";

    public static final String EXPIRED = "expired";
    /** A room's activity is written at most this often (a class answering at once writes it once). */
    static final Duration ACTIVITY_GRAIN = Duration.ofMinutes(1);
    /** Rooms one sweep deletes at most (the next sweep goes on). */
    static final int SWEEP_BATCH = 100;

    private final Rooms rooms;
    private final RoomMembers members;
    private final RoomQuestions questions;
    private final RoomAnswers answers;
    private final SessionService sessions;
    private final ApplicationEventPublisher events;
    private final RoomCodes codes = new RoomCodes();
    private final RoomProperties limits;
    private final Clock clock;
    private final TransactionTemplate transaction;
    /** Room code to when this instance last wrote its activity (so a class's steps write it once a minute). */
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    /** How many sessions {@link #roomOf} remembers (presenting a room or not) before asking the database again. */
    static final int KNOWN_SESSIONS = 10_000;
    /**
     * Session id to the code of the room presenting it, or "" for a session no room presents, as read from the
     * database (least recently asked dropped first). A room's presented session never changes and is stored with
     * the room before its id is handed out, so neither answer goes stale, whichever instance created the room.
     */
    private final Map<String, String> presented = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KNOWN_SESSIONS;
        }
    });

    RoomService(
            Rooms rooms,
            RoomMembers members,
            RoomQuestions questions,
            RoomAnswers answers,
            SessionService sessions,
            RoomProperties limits,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            ObjectProvider<Clock> clock) {
        this.rooms = rooms;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.transaction = new TransactionTemplate(transactions);
        this.limits = limits;
        this.members = members;
        this.questions = questions;
        this.answers = answers;
        this.sessions = sessions;
        this.events = events;
    }

    public record Created(Room room, String teacherToken) {}

    public record Joined(RoomMember member, String token) {}

    /** One member as the teacher sees them. */
    public record MemberView(String id, String name, boolean connected, boolean forked, Long forkStep, Object grade) {}

    /** A question with its answers counted: per choice (in choice order), and the free-text answers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuestionView(
            String id,
            long step,
            String kind,
            String prompt,
            List<String> choices,
            Map<String, Integer> tally,
            List<String> texts,
            int answered) {}

    public Limits limits() {
        return new Limits(
                limits.maxRooms(),
                limits.maxMembers(),
                limits.maxQuestions(),
                limits.maxName(),
                Questions.MAX_ANSWER,
                limits.idle().toSeconds());
    }

    /** The caps; {@code idleSeconds}: a room nobody acts in for that long is deleted. */
    public record Limits(
            int rooms, int membersPerRoom, int questionsPerRoom, int nameLength, int answerLength, long idleSeconds) {}

    /** When the room is deleted if nobody acts in it before then. */
    public Instant expiresAt(Room room) {
        return room.lastActive().plus(limits.idle());
    }

    public synchronized Created create(String scenario, String exercise) {
        if (scenario == null || ScenarioLibrary.builtIn().find(scenario).isEmpty()) {
            throw new InvalidRequest("a room presents a built-in scenario: no scenario '" + scenario + "'");
        }
        if (exercise != null && ExerciseLibrary.builtIn().find(exercise).isEmpty()) {
            throw new InvalidRequest("no exercise '" + exercise + "' (GET /api/exercises lists them)");
        }
        Instant now = clock.instant();
        if (rooms.countActiveSince(now.minus(limits.idle())) >= limits.maxRooms()) {
            throw new RefusedException(
                    "the server holds " + limits.maxRooms() + " rooms, as many as it keeps", 0, "too-many-rooms");
        }
        String code;
        do {
            code = codes.newCode();
        } while (rooms.existsById(code) || rooms.closedReason(code).isPresent());
        SessionState s = sessions.create(ScenarioSpec.builtIn(scenario), null, null);
        String token = codes.newToken();
        Room room = rooms.save(new Room(code, RoomCodes.hash(token), scenario, exercise, s.id(), 0, now, now, null));
        touched.put(code, now);
        presented.put(s.id(), code);
        return new Created(room, token);
    }

    public Room room(String typed) {
        String code = RoomCodes.normalize(typed);
        if (code == null) throw new NotFoundException("no room '" + typed + "'");
        return rooms.findById(code).orElseThrow(() -> gone(code));
    }

    /** A room code not in the database: 410 if it was closed or expired (and still remembered), else 404. */
    private RuntimeException gone(String code) {
        String reason = rooms.closedReason(code).orElse(null);
        return reason == null ? new NotFoundException("no room '" + code + "'") : new RoomGoneException(code, reason);
    }

    /** The room, if {@code token} is its teacher's. */
    public Room asTeacher(String code, String token) {
        Room room = room(code);
        if (!RoomCodes.matches(token, room.teacherHash())) {
            throw new RefusedException(
                    "only the room's teacher may do this (send the teacher token)", 0, "not-teacher");
        }
        return room;
    }

    public Joined join(String code, String name) {
        Room room = room(code);
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()
                || n.codePointCount(0, n.length()) > limits.maxName()
                || n.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequest("a display name is 1.." + limits.maxName() + " characters, no control characters");
        }
        synchronized (this) {
            if (members.countByRoom(room.code()) >= limits.maxMembers()) {
                throw new RefusedException("the room is full (" + limits.maxMembers() + " members)", 0, "room-full");
            }
            String token = codes.newToken();
            Instant now = clock.instant();
            RoomMember m = members.save(new RoomMember(
                    codes.newToken(), room.code(), n, RoomCodes.hash(token), null, null, null, now, now, null));
            active(room.code(), now);
            events.publishEvent(new RoomEvent(room.code(), "members"));
            return new Joined(m, token);
        }
    }

    public RoomMember member(String code, String memberId, String token) {
        Room room = room(code);
        RoomMember m = memberId == null ? null : members.findById(memberId).orElse(null);
        if (m == null || !m.roomCode().equals(room.code()) || !RoomCodes.matches(token, m.tokenHash())) {
            throw new NotFoundException("no member '" + memberId + "' with that token in room " + room.code());
        }
        return m;
    }

    /** The member's page is open: it says so every few seconds. */
    public void seen(String code, String memberId, String token) {
        RoomMember m = member(code, memberId, token);
        boolean wasConnected = connected(m, clock.instant());
        members.save(m.seen(clock.instant()));
        if (!wasConnected) events.publishEvent(new RoomEvent(m.roomCode(), "members"));
    }

    /** A session of the member's own: the presented one's commands up to {@code step} (default: now). */
    public SessionState fork(String code, String memberId, String token, Long step) {
        RoomMember m = member(code, memberId, token);
        Room room = room(code);
        History history = sessions.read(room.sessionId(), Session::history);
        SessionState s = sessions.create(ScenarioSpec.builtIn(room.scenario()), history, step);
        members.save(m.forked(s.id(), s.steps()));
        active(room.code(), clock.instant());
        events.publishEvent(new RoomEvent(room.code(), "members"));
        return s;
    }

    /** Everyone back to the presented session: forks are forgotten (the forked sessions stay theirs). */
    public Room recall(String code, String token) {
        Room room = asTeacher(code, token);
        for (RoomMember m : members.findByRoom(room.code())) {
            if (m.forkSession() != null) members.save(m.forked(null, null));
        }
        Room saved = rooms.save(room.recalled(clock.instant()));
        touched.put(room.code(), saved.lastActive());
        events.publishEvent(new RoomEvent(room.code(), "recall"));
        return saved;
    }

    public QuestionView ask(String code, String token, String kindCode, String prompt, List<String> given) {
        Room room = asTeacher(code, token);
        Questions.Kind kind = kindCode == null ? Questions.Kind.NEXT : Questions.Kind.of(kindCode);
        if (kind == null) throw new InvalidRequest("kind is one of next, freed, refcount, dmesg, text");
        String p = prompt == null || prompt.isBlank() ? kind.prompt : prompt.strip();
        if (p.length() > Questions.MAX_PROMPT)
            throw new InvalidRequest("a prompt is at most " + Questions.MAX_PROMPT + " characters");
        if (questions.countByRoom(room.code()) >= limits.maxQuestions()) {
            throw new RefusedException(
                    "a room may ask " + limits.maxQuestions() + " questions", 0, "too-many-questions");
        }
        SessionState state = sessions.read(room.sessionId(), Session::state);
        List<String> choices;
        if (given != null && !given.isEmpty()) {
            if (given.size() > Questions.MAX_CHOICES
                    || given.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > Questions.MAX_ANSWER)) {
                throw new InvalidRequest(
                        "at most " + Questions.MAX_CHOICES + " choices of 1.." + Questions.MAX_ANSWER + " characters");
            }
            choices = List.copyOf(new LinkedHashSet<>(given));
        } else {
            choices = Questions.choices(kind, state);
        }
        RoomQuestion q = questions.save(new RoomQuestion(
                codes.newToken(),
                room.code(),
                state.steps(),
                kind.code,
                p,
                JSON.writeValueAsString(choices),
                clock.instant(),
                null));
        active(room.code(), q.askedAt());
        events.publishEvent(new RoomEvent(room.code(), "question"));
        return view(q);
    }

    /** The room's current question (the last asked), with its tally, or null. */
    public QuestionView current(String code) {
        Room room = room(code);
        List<RoomQuestion> q = questions.latest(room.code());
        return q.isEmpty() ? null : view(q.get(0));
    }

    public void answer(String code, String memberId, String token, String questionId, String answer) {
        RoomMember m = member(code, memberId, token);
        List<RoomQuestion> latest = questions.latest(m.roomCode());
        if (latest.isEmpty() || !latest.get(0).id().equals(questionId)) {
            throw new RefusedException("that question is closed: answer the current one", 0, "question-closed");
        }
        RoomQuestion q = latest.get(0);
        String a = answer == null ? "" : answer.strip();
        if (a.isEmpty() || a.length() > Questions.MAX_ANSWER) {
            throw new InvalidRequest("an answer is 1.." + Questions.MAX_ANSWER + " characters");
        }
        List<String> choices = choices(q);
        if (!choices.isEmpty() && !choices.contains(a)) throw new InvalidRequest("answer one of the choices");
        try {
            answers.save(new RoomAnswer(q.id() + ":" + m.id(), q.id(), m.id(), a, clock.instant(), null));
        } catch (DuplicateKeyException e) {
            throw new RefusedException("you have answered this question already", 0, "already-answered");
        }
        active(m.roomCode(), clock.instant());
        events.publishEvent(new RoomEvent(m.roomCode(), "answers"));
    }

    /** Keeps {@code gradeJson} as the member's latest exercise result. */
    public void graded(String code, String memberId, String token, String gradeJson) {
        RoomMember m = member(code, memberId, token);
        members.save(m.graded(gradeJson));
        active(m.roomCode(), clock.instant());
        events.publishEvent(new RoomEvent(m.roomCode(), "members"));
    }

    public List<MemberView> members(Room room) {
        Instant now = clock.instant();
        List<MemberView> out = new ArrayList<>();
        for (RoomMember m : members.findByRoom(room.code())) {
            out.add(new MemberView(
                    m.id(),
                    m.name(),
                    connected(m, now),
                    m.forkSession() != null,
                    m.forkStep(),
                    m.grade() == null ? null : JSON.readValue(m.grade(), Object.class)));
        }
        return out;
    }

    /** The presented session's state now. */
    public SessionState presentedState(String code) {
        return sessions.read(room(code).sessionId(), Session::state);
    }

    /** The room presenting session {@code sessionId}, or null: whichever instance created the room. */
    public String roomOf(String sessionId) {
        String code = presented.get(sessionId);
        if (code == null) {
            code = rooms.codeOfSession(sessionId).orElse("");
            presented.put(sessionId, code);
        }
        return code.isEmpty() ? null : code;
    }

    /**
     * A presented session's history is written to the database as soon as it changes (under the session's lock,
     * right after the room's step frame has left, before the request returns), not at the next sweep: a student's
     * fork or a question asked on another instance (README "Scaling out") replays it from there, and a restart or a
     * crash loses none of a class's steps.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    void presentedChanged(SessionEvent event) {
        if (event instanceof SessionEvent.Deleted) {
            presented.remove(event.sessionId());
            return;
        }
        String code = roomOf(event.sessionId());
        if (code != null) {
            sessions.storeNow(event.sessionId());
            active(code, clock.instant());
        }
    }

    /**
     * Someone acted in the room at {@code now}: its {@code last_active} moves on, written at most once per
     * {@link #ACTIVITY_GRAIN} by this instance (and not at all if another instance wrote it within the grain).
     */
    private void active(String code, Instant now) {
        Instant last = touched.get(code);
        if (last != null && now.isBefore(last.plus(ACTIVITY_GRAIN)) && !now.isBefore(last)) return;
        rooms.touch(code, now, now.minus(ACTIVITY_GRAIN));
        touched.put(code, now);
    }

    /** The teacher closes the room: it is deleted now, as the sweep would delete an idle one. */
    public void close(String code, String token) {
        Room room = asTeacher(code, token);
        delete(room, CLOSED, null);
    }

    @Scheduled(
            fixedDelayString = "${driverlab.rooms.sweep-interval:PT1M}",
            initialDelayString = "${driverlab.rooms.sweep-interval:PT1M}")
    public void sweep() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) { // the database may be away for a moment: the next sweep tries again
            log.warn("room sweep failed: {}", e.toString());
        }
    }

    /**
     * Deletes the rooms nobody acted in since before {@code now - idle} (each with everything it holds), what a
     * room deleted by an instance that stopped half-way left behind, and the closed rooms' codes remembered past
     * {@code remember-closed}. Safe with several instances sweeping one database at once: every delete is
     * conditional, and only the instance whose delete removed a room announces it. Returns the rooms this call
     * deleted.
     */
    public int sweep(Instant now) {
        Instant before = now.minus(limits.idle());
        int deleted = 0;
        List<Room> idle;
        do {
            idle = rooms.idleSince(before, SWEEP_BATCH);
            for (Room room : idle) {
                if (delete(room, EXPIRED, before)) deleted++;
            }
        } while (idle.size() == SWEEP_BATCH);
        int orphans = transaction.execute(
                t -> rooms.deleteOrphanAnswers() + rooms.deleteOrphanQuestions() + rooms.deleteOrphanMembers());
        rooms.forgetClosedSince(now.minus(limits.rememberClosed()));
        touched.values().removeIf(t -> t.isBefore(before)); // rooms another instance deleted
        if (deleted > 0 || orphans > 0) {
            log.info(
                    "deleted {} rooms idle for over {} ({} rows left by deleted rooms)",
                    deleted,
                    limits.idle(),
                    orphans);
        }
        return deleted;
    }

    /**
     * Deletes the room (if still idle since before {@code idleBefore}, when given) with its answers, questions and
     * members in one transaction, remembers why it went, then deletes its presented session and tells its pages.
     * False if there was nothing to delete: another instance did it, or someone acted in the room meanwhile.
     */
    private boolean delete(Room room, String reason, Instant idleBefore) {
        Instant now = clock.instant();
        Boolean removed = transaction.execute(t -> {
            int n = idleBefore == null ? rooms.deleteRoom(room.code()) : rooms.deleteIdle(room.code(), idleBefore);
            if (n == 0) return false;
            rooms.deleteAnswersOf(room.code());
            rooms.deleteQuestionsOf(room.code());
            rooms.deleteMembersOf(room.code());
            rooms.remember(room.code(), reason, now);
            return true;
        });
        if (!Boolean.TRUE.equals(removed)) return false;
        touched.remove(room.code());
        presented.remove(room.sessionId());
        try {
            sessions.delete(room.sessionId());
        } catch (NotFoundException e) { // purged already (sessions.retention), or never stored
            log.debug("room {}: its presented session was already gone", room.code());
        }
        events.publishEvent(new RoomEvent(room.code(), reason));
        return true;
    }

    private boolean connected(RoomMember m, Instant now) {
        return now.toEpochMilli() - m.lastSeen().toEpochMilli()
                < limits.connected().toMillis();
    }

    private QuestionView view(RoomQuestion q) {
        List<String> choices = choices(q);
        Map<String, Integer> tally = new LinkedHashMap<>();
        for (String c : choices) tally.put(c, 0);
        List<String> texts = new ArrayList<>();
        List<RoomAnswer> all = answers.findByQuestion(q.id());
        for (RoomAnswer a : all) {
            if (choices.isEmpty()) texts.add(a.answer());
            else tally.merge(a.answer(), 1, Integer::sum);
        }
        return new QuestionView(q.id(), q.step(), q.kind(), q.prompt(), choices, tally, texts, all.size());
    }

    private static List<String> choices(RoomQuestion q) {
        return JSON.readValue(q.choices(), new TypeReference<List<String>>() {});
    }
}

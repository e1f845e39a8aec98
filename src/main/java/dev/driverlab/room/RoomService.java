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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workshop rooms: a teacher (who holds the room's token) presents a live session; students join with a display
 * name and get a member token; questions are asked at a step and answered once per member; each member's latest
 * exercise grade is kept. Everything is stored, so a room survives a restart; the presented session is a normal
 * stored session (rebuilt by replay).
 */
@Service
public class RoomService {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Rooms rooms;
    private final RoomMembers members;
    private final RoomQuestions questions;
    private final RoomAnswers answers;
    private final SessionService sessions;
    private final ApplicationEventPublisher events;
    private final RoomCodes codes = new RoomCodes();
    private final RoomProperties limits;
    private final Clock clock = Clock.systemUTC();
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
            ApplicationEventPublisher events) {
        this.rooms = rooms;
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
                limits.maxRooms(), limits.maxMembers(), limits.maxQuestions(), limits.maxName(), Questions.MAX_ANSWER);
    }

    public record Limits(int rooms, int membersPerRoom, int questionsPerRoom, int nameLength, int answerLength) {}

    public synchronized Created create(String scenario, String exercise) {
        if (scenario == null || ScenarioLibrary.builtIn().find(scenario).isEmpty()) {
            throw new InvalidRequest("a room presents a built-in scenario: no scenario '" + scenario + "'");
        }
        if (exercise != null && ExerciseLibrary.builtIn().find(exercise).isEmpty()) {
            throw new InvalidRequest("no exercise '" + exercise + "' (GET /api/exercises lists them)");
        }
        if (rooms.count() >= limits.maxRooms()) {
            throw new RefusedException(
                    "the server holds " + limits.maxRooms() + " rooms, as many as it keeps", 0, "too-many-rooms");
        }
        String code;
        do {
            code = codes.newCode();
        } while (rooms.existsById(code));
        SessionState s = sessions.create(ScenarioSpec.builtIn(scenario), null, null);
        String token = codes.newToken();
        Room room =
                rooms.save(new Room(code, RoomCodes.hash(token), scenario, exercise, s.id(), 0, clock.instant(), null));
        presented.put(s.id(), code);
        return new Created(room, token);
    }

    public Room room(String typed) {
        String code = RoomCodes.normalize(typed);
        if (code == null) throw new NotFoundException("no room '" + typed + "'");
        return rooms.findById(code).orElseThrow(() -> new NotFoundException("no room '" + code + "'"));
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
        events.publishEvent(new RoomEvent(room.code(), "members"));
        return s;
    }

    /** Everyone back to the presented session: forks are forgotten (the forked sessions stay theirs). */
    public Room recall(String code, String token) {
        Room room = asTeacher(code, token);
        for (RoomMember m : members.findByRoom(room.code())) {
            if (m.forkSession() != null) members.save(m.forked(null, null));
        }
        Room saved = rooms.save(room.withRecall(room.recall() + 1));
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
        events.publishEvent(new RoomEvent(m.roomCode(), "answers"));
    }

    /** Keeps {@code gradeJson} as the member's latest exercise result. */
    public void graded(String code, String memberId, String token, String gradeJson) {
        RoomMember m = member(code, memberId, token);
        members.save(m.graded(gradeJson));
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
        if (!(event instanceof SessionEvent.Deleted) && roomOf(event.sessionId()) != null) {
            sessions.storeNow(event.sessionId());
        }
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

package dev.driverlab.web.workshop;

import dev.driverlab.room.Room;
import dev.driverlab.room.RoomService;
import dev.driverlab.room.RoomService.QuestionView;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.PublicUrl;
import dev.driverlab.web.http.RateLimited;
import dev.driverlab.web.push.PushProperties;
import dev.driverlab.web.wire.RoomDto;
import dev.driverlab.web.wire.SessionStateDto;
import io.nayuki.qrcodegen.QrCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Workshop rooms over REST. The teacher's requests carry the room's token in {@code X-Room-Token}; a member's carry
 * their member token there. Pushes go to the room's {@code topic} ({@link RoomPublisher}).
 */
@RestController
@Tag(name = "rooms", description = "Workshop rooms: a presented session, members, questions, exercise results")
class RoomController {
    static final String TOKEN = "X-Room-Token";
    private final RoomService rooms;
    private final PublicUrl publicUrl;
    private final PushProperties push;

    RoomController(RoomService rooms, PublicUrl publicUrl, PushProperties push) {
        this.rooms = rooms;
        this.publicUrl = publicUrl;
        this.push = push;
    }

    record CreateRoomRequest(String scenario, String exercise) {}

    record CreatedRoom(String code, String teacherToken, String sessionId, String url, String teachUrl, String topic) {}

    record JoinRequest(String name) {}

    record Joined(String memberId, String token, String name) {}

    record ForkRequest(Long step) {}

    record AskRequest(String kind, String prompt, List<String> choices) {}

    record AnswerRequest(String answer) {}

    @PostMapping("/api/rooms")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Budget.CREATE)
    @Operation(summary = "Create a room presenting a built-in scenario (and an exercise); keep the teacher token")
    CreatedRoom create(@RequestBody CreateRoomRequest request) {
        if (request == null) throw new InvalidRequest("give \"scenario\" (and \"exercise\")");
        RoomService.Created c = rooms.create(request.scenario(), request.exercise());
        String code = c.room().code();
        return new CreatedRoom(
                code, c.teacherToken(), c.room().sessionId(), url(code), url(code) + "/teach", push.roomTopic(code));
    }

    @GetMapping("/api/rooms/{code}")
    @RateLimited(Budget.LOOKUP)
    @Operation(summary = "The room; with the teacher token also its members, the answers' tally and the session")
    RoomDto get(@PathVariable String code, @RequestHeader(name = TOKEN, required = false) String token) {
        Room room = rooms.room(code);
        boolean teacher = token != null && isTeacher(code, token);
        QuestionView q = rooms.current(room.code());
        if (q != null && !teacher)
            q = new QuestionView(q.id(), q.step(), q.kind(), q.prompt(), q.choices(), null, null, q.answered());
        return new RoomDto(
                room.code(),
                room.scenario(),
                room.exercise(),
                url(room.code()),
                push.roomTopic(room.code()),
                room.recall(),
                RoomDto.QuestionDto.of(q),
                teacher ? room.sessionId() : null,
                teacher
                        ? rooms.members(room).stream()
                                .map(RoomDto.MemberDto::of)
                                .toList()
                        : null,
                RoomDto.LimitsDto.of(rooms.limits()),
                rooms.expiresAt(room));
    }

    @DeleteMapping("/api/rooms/{code}")
    @Operation(
            summary = "Close the room (teacher): it is deleted with its members, questions, answers, results and"
                    + " presented session; its pages are told, and its code then answers 410 room-closed")
    ResponseEntity<Void> close(@PathVariable String code, @RequestHeader(TOKEN) String token) {
        rooms.close(code, token);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/rooms/{code}/presented")
    @Operation(summary = "The presented session's state now (what the room's pages follow)")
    SessionStateDto presented(@PathVariable String code) {
        return SessionStateDto.of(rooms.presentedState(code));
    }

    @PostMapping("/api/rooms/{code}/members")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Budget.CREATE)
    @Operation(summary = "Join with a display name; keep the member token")
    Joined join(@PathVariable String code, @RequestBody JoinRequest request) {
        RoomService.Joined j = rooms.join(code, request == null ? null : request.name());
        return new Joined(j.member().id(), j.token(), j.member().name());
    }

    @PostMapping("/api/rooms/{code}/members/{member}/presence")
    @RateLimited(Budget.COMMANDS)
    @Operation(summary = "A member's page is open (every few seconds)")
    ResponseEntity<Void> presence(
            @PathVariable String code, @PathVariable String member, @RequestHeader(TOKEN) String token) {
        rooms.seen(code, member, token);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/rooms/{code}/members/{member}/fork")
    @RateLimited(Budget.CREATE)
    @Operation(summary = "A session of the member's own, from the presented one at a step (default: now)")
    SessionStateDto fork(
            @PathVariable String code,
            @PathVariable String member,
            @RequestHeader(TOKEN) String token,
            @RequestBody(required = false) ForkRequest request) {
        return SessionStateDto.of(rooms.fork(code, member, token, request == null ? null : request.step()));
    }

    @PostMapping("/api/rooms/{code}/recall")
    @Operation(summary = "Bring everyone back to the presented session (teacher)")
    ResponseEntity<Void> recall(@PathVariable String code, @RequestHeader(TOKEN) String token) {
        rooms.recall(code, token);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/rooms/{code}/questions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ask a question at the presented step (teacher): kind next, freed, refcount, dmesg or text")
    RoomDto.QuestionDto ask(
            @PathVariable String code, @RequestHeader(TOKEN) String token, @RequestBody AskRequest request) {
        if (request == null) return RoomDto.QuestionDto.of(rooms.ask(code, token, null, null, null));
        return RoomDto.QuestionDto.of(rooms.ask(code, token, request.kind(), request.prompt(), request.choices()));
    }

    @PostMapping("/api/rooms/{code}/questions/{question}/answers")
    @RateLimited(Budget.COMMANDS)
    @Operation(summary = "Answer the current question once (member)")
    ResponseEntity<Void> answer(
            @PathVariable String code,
            @PathVariable String question,
            @RequestHeader(TOKEN) String token,
            @RequestHeader("X-Room-Member") String member,
            @RequestBody AnswerRequest request) {
        rooms.answer(code, member, token, question, request == null ? null : request.answer());
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/api/rooms/{code}/qr.svg", produces = "image/svg+xml")
    @Operation(summary = "The room's join link as a QR code (SVG)")
    ResponseEntity<String> qr(@PathVariable String code) {
        Room room = rooms.room(code);
        QrCode qr = QrCode.encodeText(url(room.code()), QrCode.Ecc.MEDIUM);
        return ResponseEntity.ok()
                .contentType(MediaType.valueOf("image/svg+xml"))
                .cacheControl(CacheControl.noCache())
                .body(svg(qr, 4));
    }

    /** The QR code as SVG: one path of dark modules, a quiet zone of {@code border} modules. */
    static String svg(QrCode qr, int border) {
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y))
                    path.append('M')
                            .append(x + border)
                            .append(',')
                            .append(y + border)
                            .append("h1v1h-1z");
            }
        }
        int n = qr.size + border * 2;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n + "\" role=\"img\" "
                + "aria-label=\"QR code of the room's link\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }

    private boolean isTeacher(String code, String token) {
        try {
            rooms.asTeacher(code, token);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String url(String code) {
        return publicUrl.of("/r/" + code);
    }
}

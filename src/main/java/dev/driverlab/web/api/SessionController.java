package dev.driverlab.web.api;

import dev.driverlab.session.History;
import dev.driverlab.session.RefusedException;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionService;
import dev.driverlab.session.SessionState;
import dev.driverlab.share.FragmentCodec;
import dev.driverlab.share.ShareContent;
import dev.driverlab.share.ShareService;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.RateLimited;
import dev.driverlab.web.push.CommandsRequest;
import dev.driverlab.web.push.PushProperties;
import dev.driverlab.web.wire.HistoryDto;
import dev.driverlab.web.wire.SessionStateDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/sessions")
@Tag(name = "sessions", description = "Live sessions: a scenario, its commands, its kernel")
class SessionController {
    /**
     * On {@code GET /api/sessions/{id}}: the version of the state in the body, so a watcher of the session's topic
     * knows which pushed state delta follows on from it (see {@code PushMessage}).
     */
    static final String STATE_VERSION = "DriverLab-State-Version";

    private final SessionService sessions;
    private final ShareService shares;
    private final PushProperties push;
    private final SessionOwners owners;
    private final RewindUndo undo;

    SessionController(
            SessionService sessions, ShareService shares, PushProperties push, SessionOwners owners, RewindUndo undo) {
        this.sessions = sessions;
        this.shares = shares;
        this.push = push;
        this.owners = owners;
        this.undo = undo;
    }

    @PostMapping
    @RateLimited(Budget.CREATE)
    @Operation(summary = "Start a session on a built-in scenario, a scenario file, a driver source or a link")
    ResponseEntity<SessionResponse> create(@RequestBody CreateSessionRequest request) {
        SessionState state;
        Long openAt = null;
        if (request.fromLink()) {
            ShareContent link = request.share() != null
                    ? shares.find(request.share()).content()
                    : FragmentCodec.decode(request.z());
            // The whole shared history, opened at the shared step with its future still ahead; a given step
            // (a fork "from here") cuts the copy there instead.
            state = sessions.create(link.spec(), link.history(), request.step());
            openAt = request.step() == null ? link.step() : null;
        } else {
            state = sessions.create(request.spec(), request.history(), request.step());
        }
        String id = state.id();
        SessionResponse r = response(id);
        return ResponseEntity.created(URI.create("/api/sessions/" + id))
                .body(new SessionResponse(id, r.links(), r.state(), r.dmesg(), owners.token(id), openAt));
    }

    @GetMapping("/{id}")
    @Operation(summary = "The session now: contexts and call stacks, objects, modules, devices, IRQs, reports")
    ResponseEntity<SessionResponse> get(@PathVariable String id) {
        String[] version = new String[1];
        SessionResponse body = sessions.read(id, s -> {
            version[0] = s.version();
            return response(s);
        });
        return ResponseEntity.ok().header(STATE_VERSION, version[0]).body(body);
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "The commands applied so far, with the cuts a rewind left")
    HistoryDto history(@PathVariable String id) {
        return HistoryDto.of(sessions.read(id, Session::history));
    }

    @PostMapping("/{id}/commands")
    @RateLimited(Budget.COMMANDS)
    @Operation(summary = "Apply commands; all or nothing. Returns their trace events, log lines, reports, state")
    CommandsResponse commands(@PathVariable String id, @Valid @RequestBody CommandsRequest request) {
        return CommandsResponse.of(sessions.apply(id, request.commands()));
    }

    @PostMapping("/{id}/rewind")
    @RateLimited(Budget.REPLAY)
    @Operation(
            summary = "Go back to the state after a step; later commands are dropped (owner only: "
                    + SessionOwners.HEADER + ")")
    SessionResponse rewind(
            @PathVariable String id,
            @Valid @RequestBody RewindRequest request,
            @RequestHeader(name = SessionOwners.HEADER, required = false) String owner) {
        owners.check(id, owner, "rewind it");
        History before = sessions.read(id, Session::history);
        sessions.rewind(id, request.step(), request.keep() == null ? Integer.MAX_VALUE : request.keep());
        if (!before.equals(sessions.read(id, Session::history))) undo.remember(id, before);
        return response(id);
    }

    @PostMapping("/{id}/rewind/undo")
    @RateLimited(Budget.REPLAY)
    @Operation(
            summary = "Undo the last rewind: the history before it comes back, commands applied since are dropped "
                    + "(owner only)")
    SessionResponse undoRewind(
            @PathVariable String id, @RequestHeader(name = SessionOwners.HEADER, required = false) String owner) {
        owners.check(id, owner, "undo its rewind");
        History before = undo.peek(id);
        if (before == null) throw new RefusedException("there is no rewind to undo in this session");
        sessions.restore(id, before);
        undo.forget(id);
        return response(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End a session and forget its stored history")
    void delete(@PathVariable String id) {
        sessions.delete(id);
    }

    private SessionResponse response(String id) {
        return sessions.read(id, this::response);
    }

    private SessionResponse response(Session s) {
        return new SessionResponse(
                s.id(),
                SessionResponse.links(s.id(), push.topic(s.id())),
                SessionStateDto.of(s.state()),
                List.copyOf(s.engine().machine().kernel().dmesg()),
                null,
                null);
    }
}

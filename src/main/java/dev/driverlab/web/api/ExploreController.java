package dev.driverlab.web.api;

import dev.driverlab.explore.ExploreResult;
import dev.driverlab.explore.ExploreRunner;
import dev.driverlab.explore.Explorer;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.session.BadRequestException;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.RefusedException;
import dev.driverlab.session.ScenarioCompiler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Searches run on the request's thread within the server's budget (at most two at once: each can use a core);
 * a running search reports progress every few thousand states and stops at {@code DELETE /api/explore/{jobId}}.
 */
@RestController
@Tag(name = "explore", description = "Find the race: the shortest crashing schedule, or none within bounds")
class ExploreController {
    static final int MAX_STATES = 500_000;
    static final long MAX_MILLIS = 30_000;
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ScenarioCompiler compiler = new ScenarioCompiler();
    private final SimpMessageSendingOperations messaging;
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final Semaphore slots = new Semaphore(2);
    private final Map<String, ExploreResult> badges = new ConcurrentHashMap<>();

    ExploreController(SimpMessageSendingOperations messaging) {
        this.messaging = messaging;
    }

    @PostMapping("/api/explore")
    @Operation(summary = "Search the interleavings of the events for a crash; returns a replayable script if found")
    ExploreResult explore(@RequestBody ExploreRequest request) {
        Scenario s = compiler.compile(request.spec()).scenario();
        List<String> events = request.events() != null ? request.events() : s.explore().events();
        if (events.isEmpty()) {
            throw new RefusedException("no events to explore: give \"events\" (the scenario declares none)");
        }
        int depth = bound(request.depth(), s.explore().isEmpty() ? 400 : s.explore().depth(), 5_000, "depth");
        int states = bound(request.maxStates(), 200_000, MAX_STATES, "maxStates");
        long millis = request.maxMillis() == null ? 10_000 : request.maxMillis();
        if (millis < 1 || millis > MAX_MILLIS) throw new BadRequestException("maxMillis must be 1.." + MAX_MILLIS);
        String job = request.jobId();
        if (job != null && !JOB_ID.matcher(job).matches()) throw new BadRequestException("jobId must be URL-safe");
        if (!slots.tryAcquire()) throw new RefusedException("two searches are running already: try again shortly");
        AtomicBoolean cancelled = new AtomicBoolean();
        if (job != null && running.putIfAbsent(job, cancelled) != null) {
            slots.release();
            throw new BadRequestException("a search with jobId '" + job + "' is running");
        }
        try {
            String setup = request.setup() != null ? request.setup() : ExploreRunner.defaultSetup(s);
            ExploreResult r = ExploreRunner.explore(s, setup, events, new Explorer.Bounds(depth, states, millis),
                    (n, schedules, d) -> progress(job, n, schedules, d, false), cancelled::get);
            progress(job, r.states(), r.schedules(), r.depth(), true);
            return r;
        } finally {
            if (job != null) running.remove(job);
            slots.release();
        }
    }

    /**
     * The declared search of a built-in scenario, computed on first request and cached (built-in scenarios do not
     * change while the server runs): what the catalog's "race found in N steps" badge shows.
     */
    @GetMapping("/api/scenarios/{id}/explore")
    @Operation(summary = "The cached result of a built-in scenario's declared search (for catalog badges)")
    ExploreResult declared(@PathVariable String id) {
        Scenario s = ScenarioLibrary.builtIn().find(id)
                .orElseThrow(() -> new NotFoundException("no built-in scenario '" + id + "'"));
        if (s.explore().isEmpty()) throw new NotFoundException("scenario '" + id + "' declares no search");
        return badges.computeIfAbsent(id, k -> ExploreRunner.explore(s, ExploreRunner.defaultSetup(s),
                s.explore().events(), new Explorer.Bounds(s.explore().depth(), MAX_STATES, MAX_MILLIS), null,
                () -> false));
    }

    @DeleteMapping("/api/explore/{jobId}")
    @Operation(summary = "Cancel a running search; it returns what it found so far")
    ResponseEntity<Void> cancel(@PathVariable String jobId) {
        AtomicBoolean flag = running.get(jobId);
        if (flag == null) return ResponseEntity.notFound().build();
        flag.set(true);
        return ResponseEntity.noContent().build();
    }

    private void progress(String job, int states, long schedules, int depth, boolean done) {
        if (job == null) return;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("states", states);
        p.put("schedules", schedules);
        p.put("depth", depth);
        p.put("done", done);
        messaging.convertAndSend("/topic/explore/" + job, (Object) p);
    }

    private static int bound(Integer value, int dflt, int max, String name) {
        int v = value == null ? dflt : value;
        if (v < 1 || v > max) throw new BadRequestException(name + " must be 1.." + max);
        return v;
    }
}

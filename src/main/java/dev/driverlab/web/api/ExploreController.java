package dev.driverlab.web.api;

import dev.driverlab.explore.ExploreResult;
import dev.driverlab.explore.ExploreRunner;
import dev.driverlab.explore.Explorer;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.ScenarioCompiler;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.ClientAddress;
import dev.driverlab.web.http.RateLimited;
import dev.driverlab.web.push.PushProperties;
import dev.driverlab.web.wire.ExploreResultDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Searches run on the request's thread within the server's budget ({@link ExploreJobs}: one per lab connection or
 * client, a few at once, a bounded queue, 429 beyond); a search started under a job id reports progress to the job's topic every few thousand states and stops
 * at {@code DELETE /api/explore/{jobId}}.
 */
@RestController
@Tag(name = "explore", description = "Find the race: the shortest crashing schedule, or none within bounds")
class ExploreController {
    static final int MAX_STATES = 500_000;
    static final long MAX_MILLIS = 30_000;

    private final ScenarioCompiler compiler = new ScenarioCompiler();
    private final SimpMessageSendingOperations messaging;
    private final ExploreJobs jobs;
    private final PushProperties push;
    private final CatalogBadges badges;

    ExploreController(
            SimpMessageSendingOperations messaging, ExploreJobs jobs, PushProperties push, CatalogBadges badges) {
        this.messaging = messaging;
        this.jobs = jobs;
        this.push = push;
        this.badges = badges;
    }

    @PostMapping("/api/explore/jobs")
    @RateLimited(Budget.EXPLORE)
    @Operation(summary = "A job id to start a search under: subscribe to its topic first, then POST /api/explore")
    ExploreJobResponse job(HttpServletRequest http) {
        String id = jobs.issue(ClientAddress.of(http.getRemoteAddr()));
        return new ExploreJobResponse(id, push.exploreTopic(id));
    }

    @PostMapping("/api/explore")
    @RateLimited(Budget.EXPLORE)
    @Operation(summary = "Search the interleavings of the events for a crash; returns a replayable script if found")
    ExploreResultDto explore(@RequestBody ExploreRequest request, HttpServletRequest http) {
        Scenario s = compiler.compile(request.spec()).scenario();
        List<String> events =
                request.events() != null ? request.events() : s.search().events();
        int declared = s.search().isEmpty() ? 400 : s.search().depth();
        if (request.depth() == null && declared > ExploreRequest.MAX_DEPTH) {
            throw new InvalidRequest("depth must be 1.." + ExploreRequest.MAX_DEPTH);
        }
        RequestLimits.check(request);
        int depth = request.depth() == null ? declared : request.depth();
        int states = request.maxStates() == null ? 200_000 : request.maxStates();
        long millis = request.maxMillis() == null ? 10_000 : request.maxMillis();
        String setup = request.setup() != null ? request.setup() : ExploreRunner.defaultSetup(s);
        try (ExploreJobs.Running job = jobs.start(request.jobId(), ClientAddress.of(http.getRemoteAddr()), millis)) {
            ExploreResult r = ExploreRunner.explore(
                    s,
                    setup,
                    events,
                    ExploreRunner.Options.of(s, request.permute(), request.cpus()),
                    new Explorer.Bounds(depth, states, millis),
                    (n, schedules, d) -> progress(job.id(), n, schedules, d, false),
                    job.cancelled());
            progress(job.id(), r.states(), r.schedules(), r.depth(), true);
            return ExploreResultDto.of(r);
        }
    }

    /**
     * The declared search of a built-in scenario, computed once per build and kept ({@link CatalogBadges}): what the
     * catalog's "race found in N steps" badge shows.
     */
    @GetMapping(value = "/api/scenarios/{id}/explore", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The stored result of a built-in scenario's declared search (for catalog badges)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExploreResultDto.class)))
    String declared(@PathVariable String id) {
        Scenario s = ScenarioLibrary.builtIn()
                .find(id)
                .orElseThrow(() -> new NotFoundException("no built-in scenario '" + id + "'"));
        if (s.search().isEmpty()) throw new NotFoundException("scenario '" + id + "' declares no search");
        return badges.raceNow(s);
    }

    @DeleteMapping("/api/explore/{jobId}")
    @Operation(summary = "Cancel a running search; it returns what it found so far")
    ResponseEntity<Void> cancel(@PathVariable String jobId) {
        if (!jobs.cancel(jobId)) throw new NotFoundException("no search job '" + jobId + "'");
        return ResponseEntity.noContent().build();
    }

    private void progress(String job, int states, long schedules, int depth, boolean done) {
        if (job == null) return;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("states", states);
        p.put("schedules", schedules);
        p.put("depth", depth);
        p.put("done", done);
        messaging.convertAndSend(push.exploreTopic(job), (Object) p);
    }
}

package dev.driverlab.web.lab;

import dev.driverlab.engine.Machine;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.session.History;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.ScenarioCompiler;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionService;
import dev.driverlab.session.SessionState;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.RateLimited;
import dev.driverlab.web.wire.SessionStateDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "lab", description = "Read-only views the lab page needs: past states, heap fields, compile checks")
class LabViewController {
    private final SessionService sessions;

    LabViewController(SessionService sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/api/sessions/{id}/view")
    @RateLimited(Budget.REPLAY)
    @Operation(summary = "The state and heap fields after a step (default: now), without rewinding the session")
    LabView view(@PathVariable String id, @RequestParam(required = false) Long step) {
        record Now(ScenarioSpec spec, History history, long steps, LabView view) {}
        Now now = sessions.read(id, s -> {
            long steps = s.engine().machine().steps();
            boolean head = step == null || step == steps;
            return new Now(s.spec(), s.history(), steps, head ? view(s, steps, true) : null);
        });
        if (now.view() != null) return now.view();
        if (step < 0 || step > now.steps()) {
            throw new InvalidRequest("step must be 0.." + now.steps() + ", not " + step);
        }
        // The past is rebuilt off to the side, from the same commands: the live session is not touched.
        Session past = sessions.replayDetached(now.spec(), now.history());
        past.rewind(step);
        return view(past, step, false);
    }

    @GetMapping("/api/sessions/{id}/scenario")
    @RateLimited(Budget.REPLAY)
    @Operation(summary = "The scenario a session runs, and the spec it was started from")
    SessionScenario scenario(@PathVariable String id) {
        return sessions.read(id, s -> SessionScenario.of(s.spec(), s.scenario()));
    }

    @PostMapping("/api/validate")
    @RateLimited(Budget.COMPILE)
    @Operation(summary = "Compile a scenario file or driver without running it: 204, or the 422 a run would give")
    ResponseEntity<Void> validate(@RequestBody ValidateRequest request) {
        ScenarioSpec spec = request.spec();
        spec.check();
        ScenarioRunner.compile(ScenarioCompiler.resolve(spec));
        return ResponseEntity.noContent().build();
    }

    private static LabView view(Session s, long step, boolean head) {
        SessionState state = s.state();
        Machine m = s.engine().machine();
        return new LabView(
                step,
                head,
                SessionStateDto.of(state),
                HeapObjects.of(m, state.machine().objects()));
    }
}

package dev.driverlab.web.api;

import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.web.wire.ScenarioDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/scenarios")
@Tag(name = "scenarios", description = "The built-in scenarios")
class ScenarioController {

    @GetMapping
    @Operation(summary = "The built-in scenarios, in catalog order")
    List<ScenarioSummary> list() {
        return ScenarioLibrary.builtIn().all().stream().map(ScenarioSummary::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One scenario, all of it: driver source, world, scripts, lesson")
    ScenarioDto get(@PathVariable String id) {
        return ScenarioLibrary.builtIn()
                .find(id)
                .map(ScenarioDto::of)
                .orElseThrow(() -> new NotFoundException("no built-in scenario '" + id + "'"));
    }
}

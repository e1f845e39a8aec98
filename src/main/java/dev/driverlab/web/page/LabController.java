package dev.driverlab.web.page;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.SessionService;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The lab page in its ways in: a new session on a built-in scenario ({@code /lab/{scenario}}), a blank editor or a
 * self-contained link ({@code /lab}, {@code /lab#z=...}: the fragment never reaches the server, the page reads it),
 * and joining a live session ({@code /sessions/{id}}). Share links ({@code /s/{id}}) are {@link ShareLinkController}'s.
 * A page showing a built-in scenario offers its workshop links ({@link WorkshopLinks}) in the toolbar.
 */
@Controller
class LabController {
    /** The built-in scenario the page shows (null for an edited one): its lesson, exercise and room links. */
    static final String WORKSHOP_SCENARIO = "workshopScenario";

    private final SessionService sessions;

    LabController(SessionService sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/lab")
    String blank(Model model) {
        model.addAttribute("mode", "blank");
        model.addAttribute("title", "New scenario");
        return "lab";
    }

    @GetMapping("/lab/{scenario}")
    String scenario(@PathVariable String scenario, Model model) {
        Scenario s = ScenarioLibrary.builtIn()
                .find(scenario)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no scenario '" + scenario + "'"));
        model.addAttribute("mode", "scenario");
        model.addAttribute("scenario", s.id());
        model.addAttribute("title", s.title());
        model.addAttribute(WORKSHOP_SCENARIO, s.id());
        return "lab";
    }

    /** A session's title, and its built-in scenario's id (null for an edited scenario). */
    private record Shown(String title, String builtIn) {}

    @GetMapping("/sessions/{id}")
    String session(@PathVariable String id, Model model) {
        Shown shown;
        try {
            shown = sessions.read(
                    id, s -> new Shown(s.scenario().title(), s.spec().scenario()));
        } catch (NotFoundException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        model.addAttribute("mode", "session");
        model.addAttribute("sessionId", id);
        model.addAttribute("title", shown.title());
        model.addAttribute(WORKSHOP_SCENARIO, shown.builtIn());
        return "lab";
    }
}

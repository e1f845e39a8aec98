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
 */
@Controller
class LabController {
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
        return "lab";
    }

    @GetMapping("/sessions/{id}")
    String session(@PathVariable String id, Model model) {
        String title;
        try {
            title = sessions.read(id, s -> s.scenario().title());
        } catch (NotFoundException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        model.addAttribute("mode", "session");
        model.addAttribute("sessionId", id);
        model.addAttribute("title", title);
        return "lab";
    }
}

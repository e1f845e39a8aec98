package dev.driverlab.web.page;

import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.ScenarioCompiler;
import dev.driverlab.share.ShareContent;
import dev.driverlab.share.ShareService;
import dev.driverlab.share.StoredShare;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.RateLimited;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /s/{id}}: the lab opened on a stored share link, at the step that was shown when it was shared
 * ({@code ?step=N} overrides it); the page lists the commands it replays. Unknown ids are a plain 404 page.
 */
@Controller
class ShareLinkController {
    private final ShareService shares;

    ShareLinkController(ShareService shares) {
        this.shares = shares;
    }

    @GetMapping("/s/{id}")
    @RateLimited(Budget.LOOKUP)
    String share(@PathVariable String id, @RequestParam(required = false) Long step, Model model) {
        StoredShare share;
        try {
            share = shares.find(id);
        } catch (NotFoundException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        ShareContent c = share.content();
        model.addAttribute("id", share.id());
        model.addAttribute("title", title(c));
        model.addAttribute("commands", c.commands());
        model.addAttribute(LabController.WORKSHOP_SCENARIO, c.spec().scenario());
        model.addAttribute("step", step != null ? step : c.step());
        return "share";
    }

    private static String title(ShareContent c) {
        try {
            return ScenarioCompiler.resolve(c.spec()).title();
        } catch (RuntimeException e) {
            return c.scenario() != null ? c.scenario() : "a scenario";
        }
    }
}

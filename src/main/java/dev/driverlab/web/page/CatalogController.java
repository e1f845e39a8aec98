package dev.driverlab.web.page;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.web.api.CatalogBadges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The front page: the built-in scenarios by topic, each opening the lab; "New scenario" opens a blank editor. Its
 * badges come from {@link CatalogBadges}: what is known is in the page, the rest arrives by {@code /catalog/badges}
 * as the server computes it. A scenario with a lesson or an exercise also links to them and can start a workshop
 * room ({@link WorkshopLinks}).
 */
@Controller
class CatalogController {
    private static final Logger log = LoggerFactory.getLogger(CatalogController.class);

    private final CatalogBadges badges;
    private final JsonMapper json;

    CatalogController(CatalogBadges badges, JsonMapper json) {
        this.badges = badges;
        this.json = json;
    }

    @GetMapping("/")
    String catalog(Model model) {
        try {
            List<Scenario> all = ScenarioLibrary.builtIn().all();
            badges.start();
            model.addAttribute("scenarios", all);
            model.addAttribute("groups", CatalogTopics.group(all, badges::reportsBug));
        } catch (ScenarioException e) {
            // A broken built-in file is a packaging bug: show its gcc-style line rather than a bare 500, so the
            // author sees which file and line to fix.
            log.error("built-in scenario library failed to load: {}", e.getMessage());
            model.addAttribute("scenarios", List.of());
            model.addAttribute("groups", List.of());
            model.addAttribute("libraryError", e.getMessage());
        }
        return "catalog";
    }

    /**
     * The badges known so far, for the page to fill in what it showed as pending: per scenario its script's verdict
     * ("buggy", "fixed", null, or "pending") and, for one that declares a search, the search's result (null while
     * pending); {@code done} once the server has computed them all.
     */
    @GetMapping(value = "/catalog/badges", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> badges() {
        List<Scenario> all = ScenarioLibrary.builtIn().all();
        badges.start();
        Set<String> ids = CatalogTopics.ids(all);
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (Scenario s : all) {
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("script", CatalogTopics.verdict(s, ids, badges.reportsBug(s)));
            if (!s.search().isEmpty())
                card.put("race", badges.race(s).map(json::readTree).orElse(null));
            scenarios.put(s.id(), card);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("done", badges.done());
        body.put("scenarios", scenarios);
        return body;
    }
}

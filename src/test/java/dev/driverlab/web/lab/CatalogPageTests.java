package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CatalogPageTests {
    @LocalServerPort
    int port;

    @Test
    void theCatalogListsEveryScenarioAndOpensTheLab() {
        try (Browser b = Browser.open(port)) {
            b.get("/");
            List<Scenario> all = ScenarioLibrary.builtIn().all();
            List<WebElement> cards = b.driver().findElements(By.cssSelector(".scenario[data-scenario]"));
            assertThat(cards.stream().map(c -> c.getAttribute("data-scenario")))
                    .containsExactlyInAnyOrderElementsOf(
                            all.stream().map(Scenario::id).toList());
            for (Scenario s : all) {
                assertThat(b.text("#scenario-" + s.id() + " .title")).isEqualTo(s.title());
            }
            assertThat(b.find("#new-scenario").getAttribute("href")).endsWith("/lab");
            b.screenshot("catalog");
            b.find("#scenario-devm-irq-tasklet .open a").click();
            b.waitReady();
            assertThat(b.driver().getCurrentUrl()).contains("/sessions/");
            assertThat(b.text("#lab-title"))
                    .isEqualTo(ScenarioLibrary.builtIn()
                            .find("devm-irq-tasklet")
                            .orElseThrow()
                            .title());
        }
    }

    @Test
    void cardsWithADeclaredSearchShowItsComputedResult() {
        try (Browser b = Browser.open(port)) {
            b.get("/");
            // a cold server: the page shows what is known and fills in the rest as the server computes it (the
            // scripts first, then the searches in catalog order), without a reload
            b.waitUntil(
                    "the race badge of devm-irq-tasklet",
                    Duration.ofMinutes(3),
                    "document.querySelector('#scenario-devm-irq-tasklet .badge.race').classList.contains('race-race-found')");
            assertThat(b.text("#scenario-devm-irq-tasklet .badge.race"))
                    .startsWith("✖ race found in ")
                    .endsWith("use-after-free");
            b.waitUntil(
                    "the race badge of devm-irq-tasklet-fixed",
                    "document.querySelector('#scenario-devm-irq-tasklet-fixed .badge.race').classList.contains('race-no-crash')");
            assertThat(b.text("#scenario-devm-irq-tasklet-fixed .badge.race")).startsWith("✓ no crash in any schedule");
            b.screenshot("catalog-race-badges");
            b.waitUntil(
                    "every badge computed and shown",
                    Duration.ofMinutes(5),
                    "!document.querySelector('li.scenario [aria-busy]')");
            assertThat(b.driver().findElements(By.cssSelector("li.scenario .badge.pending")))
                    .isEmpty();
            for (Scenario s : ScenarioLibrary.builtIn().all()) {
                assertThat(b.driver()
                                .findElements(By.cssSelector("#scenario-" + s.id() + " .badge.buggy"))
                                .size())
                        .as(s.id())
                        .isEqualTo(ScenarioLibrary.scriptReportsBug(s) ? 1 : 0);
            }
            b.screenshot("catalog-badges-all");
        }
    }
}

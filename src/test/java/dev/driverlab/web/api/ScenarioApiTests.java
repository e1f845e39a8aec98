package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static dev.driverlab.web.api.SessionApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.ScenarioLibrary;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ScenarioApiTests {
    @LocalServerPort
    int port;

    @Test
    void listsTheBuiltInScenariosInCatalogOrder() {
        JsonNode list = json(new ApiClient(port).get("/api/scenarios"));
        assertThat(list.size()).isEqualTo(ScenarioLibrary.builtIn().all().size());
        JsonNode first = list.get(0);
        assertThat(first.get("id").asString())
                .isEqualTo(ScenarioLibrary.builtIn().all().get(0).id());
        assertThat(first.has("title")).isTrue();
        assertThat(first.has("summary")).isTrue();
        assertThat(first.has("tags")).isTrue();
        assertThat(first.has("source")).isFalse();
    }

    @Test
    void oneScenarioComesWithSourceAndScripts() {
        JsonNode s = json(new ApiClient(port).get("/api/scenarios/devm-irq-tasklet"));
        assertThat(s.get("source").asString()).contains("tasklet_kill");
        assertThat(s.get("script").asString()).contains("unbind my_device");
        assertThat(s.get("scripts").get("rmmod").asString()).contains("rmmod");
        assertThat(s.get("world").get("devices").get(0).get("irq").asInt()).isEqualTo(17);
    }

    @Test
    void anUnknownScenarioIs404() {
        assertProblem(new ApiClient(port).get("/api/scenarios/no-such-thing"), 404, "not-found");
    }
}

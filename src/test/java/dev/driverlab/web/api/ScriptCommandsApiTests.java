package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Verb;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ScriptCommandsApiTests {
    @LocalServerPort
    int port;

    @Test
    void listsEveryVerbWithItsKind() {
        HttpResponse<String> r = new ApiClient(port).get("/api/script/commands");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> verbs = new ArrayList<>();
        for (JsonNode c : json(r)) {
            verbs.add(c.get("verb").asString());
            if (c.get("verb").asString().equals("open")) {
                assertThat(c.get("usage").asString()).isEqualTo("open PATH [nonblock] as NAME [on cpu N]");
                assertThat(c.get("group").asString()).isEqualTo("process");
                assertThat(c.get("event").asBoolean()).isTrue();
                assertThat(c.get("forks").asBoolean()).isTrue();
            }
            if (c.get("verb").asString().equals("break"))
                assertThat(c.get("event").asBoolean()).isFalse();
        }
        assertThat(verbs)
                .containsExactly(Arrays.stream(Verb.values()).map(Verb::word).toArray(String[]::new));
    }
}

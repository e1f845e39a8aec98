package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.DriverLab;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shares and sessions survive a restart: the application runs against an H2 file, stops, and a new application
 * context on the same file opens the same link and the same session, with byte-identical traces.
 */
class RestartTests {
    @TempDir
    Path data;

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(DriverLab.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:"
                                + data.resolve("driverlab").toAbsolutePath());
    }

    static ApiClient client(ConfigurableApplicationContext context) {
        return new ApiClient(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void aShareLinkAndASessionStillOpenTheSameTraceAfterARestart() {
        String shareId;
        String sessionId;
        String trace;
        String sessionTrace;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = client(first);
            sessionId = api.newSession("devm-irq-tasklet");
            api.post(
                    "/api/sessions/" + sessionId + "/commands",
                    Map.of(
                            "commands",
                            List.of(
                                    "insmod devm_irq_tasklet",
                                    "break devres_release_all",
                                    "break tasklet_handler",
                                    "unbind my_device",
                                    "irq 17",
                                    "continue unbind",
                                    "continue")));
            sessionTrace = api.get("/api/sessions/" + sessionId + "/trace").body();
            shareId = json(api.post("/api/shares", Map.of("sessionId", sessionId)))
                    .get("id")
                    .asString();
            String opened = json(api.post("/api/sessions", Map.of("share", shareId)))
                    .get("id")
                    .asString();
            trace = api.get("/api/sessions/" + opened + "/trace").body();
            assertThat(trace).isEqualTo(sessionTrace);
        }
        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = client(second);
            assertThat(api.get("/api/shares/" + shareId).statusCode()).isEqualTo(200);
            String reopened = json(api.post("/api/sessions", Map.of("share", shareId)))
                    .get("id")
                    .asString();
            assertThat(api.get("/api/sessions/" + reopened + "/trace").body()).isEqualTo(trace);
            assertThat(api.get("/api/sessions/" + sessionId + "/trace").body()).isEqualTo(sessionTrace);
            assertThat(api.get("/s/" + shareId).body()).contains("unbind my_device");
        }
    }

    @Test
    void aDriverOfTwoModulesKeepsBothAcrossARestart() {
        String sessionId;
        String shareId;
        String trace;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = client(first);
            Map<String, Object> body = new LinkedHashMap<>(TwoModuleSpecTests.inline());
            body.put("commands", TwoModuleSpecTests.COMMANDS);
            sessionId = json(api.post("/api/sessions", body)).get("id").asString();
            trace = api.get("/api/sessions/" + sessionId + "/trace").body();
            TwoModuleSpecTests.bothModulesRan(trace);
            shareId = json(api.post("/api/shares", Map.of("sessionId", sessionId)))
                    .get("id")
                    .asString();
        }
        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = client(second);
            assertThat(api.get("/api/sessions/" + sessionId + "/trace").body()).isEqualTo(trace);
            String reopened = json(api.post("/api/sessions", Map.of("share", shareId)))
                    .get("id")
                    .asString();
            assertThat(api.get("/api/sessions/" + reopened + "/trace").body()).isEqualTo(trace);
        }
    }
}

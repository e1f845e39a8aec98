package dev.driverlab.web.api;

import static dev.driverlab.web.api.SessionApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"driverlab.api.rate.create.capacity=3", "driverlab.api.rate.create.per-minute=1"})
class RateLimitTests {
    @LocalServerPort
    int port;

    @Test
    void creatingSessionsTooFastIs429WithRetryAfter() {
        ApiClient api = new ApiClient(port);
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/sessions", "{\"scenario\":\"devm-irq-tasklet\"}")
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> r = api.post("/api/sessions", "{\"scenario\":\"devm-irq-tasklet\"}");
        assertProblem(r, 429, "rate-limited");
        assertThat(r.headers().firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
        // Stored shares come out of the same budget; reading and the other budgets are untouched.
        assertProblem(
                api.post("/api/shares", "{\"scenario\":\"devm-irq-tasklet\",\"commands\":[]}"), 429, "rate-limited");
        assertThat(api.get("/api/scenarios").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/runs", "{\"scenario\":\"devm-irq-tasklet\"}").statusCode())
                .isEqualTo(200);
    }
}

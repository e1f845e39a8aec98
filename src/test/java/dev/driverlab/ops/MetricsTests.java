package dev.driverlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * README "Operations": /actuator/prometheus carries live sessions, commands applied, push times and rejected
 * requests, each moving with what the server did.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"driverlab.api.rate.lookup.capacity=2", "driverlab.api.rate.lookup.per-minute=1"})
class MetricsTests {
    @LocalServerPort
    int port;

    @Test
    void prometheusCountsSessionsCommandsPushesAndRejections() {
        ApiClient api = new ApiClient(port);
        String before = api.get("/actuator/prometheus").body();
        String id = api.newSession("devm-irq-tasklet");
        assertThat(api.post(
                                "/api/sessions/" + id + "/commands",
                                Map.of("commands", List.of("insmod devm_irq_tasklet", "irq 17", "irq 17")))
                        .statusCode())
                .isEqualTo(200);
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            if (api.get("/api/shares/AAAAAAAAAAAA").statusCode() == 429) refused++;
        }
        assertThat(refused).isPositive();

        String after = api.get("/actuator/prometheus").body();
        assertThat(value(after, "driverlab_sessions_live")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "driverlab_commands_total") - value(before, "driverlab_commands_total"))
                .isEqualTo(3);
        assertThat(value(after, "driverlab_push_seconds_count") - value(before, "driverlab_push_seconds_count"))
                .isEqualTo(1);
        assertThat(value(after, "driverlab_requests_rejected_total\\{budget=\"lookup\""))
                .isEqualTo(refused);
        assertThat(after).contains("driverlab_explore_jobs", "driverlab_sessions_heap_bytes");
    }

    /** The sample's value (0 if absent), for a metric name or a name with the start of its labels. */
    private static double value(String exposition, String metric) {
        Matcher m =
                Pattern.compile("(?m)^" + metric + "[^ \\n]* ([0-9.eE+-]+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

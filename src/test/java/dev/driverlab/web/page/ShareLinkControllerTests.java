package dev.driverlab.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ShareLinkControllerTests {
    @LocalServerPort
    int port;

    @Test
    void aShareLinkPageShowsWhatItWillOpen() {
        ApiClient api = new ApiClient(port);
        String id = ApiClient.json(api.post(
                        "/api/shares",
                        Map.of(
                                "scenario",
                                "devm-irq-tasklet",
                                "commands",
                                List.of("insmod devm_irq_tasklet", "unbind my_device"),
                                "step",
                                150)))
                .get("id")
                .asString();
        HttpResponse<String> page = api.get("/s/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("devm_request_irq + tasklet")
                .contains("unbind my_device")
                .contains("150");
        assertThat(api.get("/s/" + id + "?step=42").body()).contains("42");
    }

    @Test
    void anUnknownShareLinkIs404() {
        assertThat(new ApiClient(port).get("/s/AAAAAAAAAA").statusCode()).isEqualTo(404);
    }
}

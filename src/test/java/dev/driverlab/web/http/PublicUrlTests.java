package dev.driverlab.web.http;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.web.api.ApiClient;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "driverlab.public-url=https://lab.example.org/")
class PublicUrlTests {
    @LocalServerPort
    int port;

    @Test
    void shareLinksUseTheConfiguredAddressNeverTheRequestsHost() {
        ApiClient api = new ApiClient(port);
        // java.net.http will not forge Host; X-Forwarded-Host is what a proxy-spoofing client would send instead.
        JsonNode share = json(api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/shares"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-Host", "evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scenario\":\"devm-irq-tasklet\",\"commands\":[]}"))));
        String id = share.get("id").asString();
        assertThat(share.get("url").asString()).isEqualTo("https://lab.example.org/s/" + id);
        assertThat(share.get("fragmentUrl").asString()).startsWith("https://lab.example.org/lab#z=");
        assertThat(json(api.get("/api/shares/" + id)).get("url").asString())
                .isEqualTo("https://lab.example.org/s/" + id);
    }

    @Test
    void aPublicUrlMustBeAPlainHttpAddress() {
        assertThat(PublicUrl.normalize("")).isEmpty();
        assertThat(PublicUrl.normalize("http://host:8080/lab/")).isEqualTo("http://host:8080/lab");
        assertThatThrownBy(() -> PublicUrl.normalize("javascript:alert(1)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicUrl.normalize("https://h/?q=1")).isInstanceOf(IllegalArgumentException.class);
    }
}

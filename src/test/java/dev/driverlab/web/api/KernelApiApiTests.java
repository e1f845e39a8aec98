package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.headers.KernelApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class KernelApiApiTests {
    @LocalServerPort
    int port;

    @Test
    void listsWhatTheHeadersDeclareWithPrototypes() {
        HttpResponse<String> r = new ApiClient(port).get("/api/kernel/api");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = json(r);
        assertThat(list.size()).isEqualTo(KernelApi.prelude().entries().size());
        JsonNode kmalloc = null;
        for (JsonNode e : list) if (e.get("name").asString().equals("kmalloc")) kmalloc = e;
        assertThat(kmalloc).isNotNull();
        assertThat(kmalloc.get("kind").asString()).isEqualTo("function");
        assertThat(kmalloc.get("prototype").asString()).startsWith("void *kmalloc(size_t ");
        assertThat(kmalloc.get("header").asString()).startsWith("linux/");
    }

    @Test
    void aClientRevalidatesByEtag() {
        ApiClient api = new ApiClient(port);
        String etag = api.get("/api/kernel/api").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/kernel/api"))
                .header("If-None-Match", etag)
                .GET());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<String> gzipped = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/kernel/api"))
                .header("Accept-Encoding", "gzip")
                .GET());
        assertThat(gzipped.headers().firstValue("Content-Encoding"))
                .as("compressed, as the page's other text")
                .contains("gzip");
    }
}

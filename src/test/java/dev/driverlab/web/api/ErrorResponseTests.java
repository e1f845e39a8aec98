package dev.driverlab.web.api;

import static dev.driverlab.web.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every kind of client error, from Spring or from Tomcat, is the same problem+json and says nothing of Java. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "driverlab.api.max-body-bytes=4096")
@ExtendWith(OutputCaptureExtension.class)
class ErrorResponseTests {
    /** A Java class, package or stack frame, as exception messages and Spring's defaults put them in details. */
    static final Pattern JAVA = Pattern.compile(
            "\\b(java|javax|jakarta|org|dev|tools|com)\\.[a-z]+\\.|\\w+\\.java:\\d+|\\bat [a-z]+\\.|Exception|"
                    + "\\b(Long|Integer|String|Boolean)\\b|\\.[a-z]+\\(\\.\\.\\.\\)");

    @LocalServerPort
    int port;

    static JsonNode assertProblem(HttpResponse<String> r, int status, String code) {
        SessionApiTests.assertProblem(r, status, code);
        JsonNode p = json(r);
        assertThat(p.get("detail").asString())
                .as("detail of %s", r.uri())
                .isNotBlank()
                .doesNotContainPattern(JAVA);
        assertThat(r.body()).doesNotContainPattern(JAVA);
        return p;
    }

    HttpResponse<String> send(String method, String path, String contentType, String body, String accept) {
        ApiClient api = new ApiClient(port);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (accept != null) b.header("Accept", accept);
        return api.send(b);
    }

    @Test
    void unknownPathsAre404EverywhereInTheSameShape() {
        ApiClient api = new ApiClient(port);
        assertThat(assertProblem(api.get("/api/nothing/here"), 404, "not-found")
                        .get("detail")
                        .asString())
                .isEqualTo("there is nothing at GET /api/nothing/here");
        assertProblem(api.get("/no-such-page"), 404, "not-found");
        assertProblem(send("GET", "/no-such-page", null, null, "text/html"), 404, "not-found");
        assertProblem(api.get("/lab/no-such-scenario"), 404, "not-found");
    }

    @Test
    void wrongMethodMediaTypeOrAcceptAre405415And406() {
        JsonNode p =
                assertProblem(send("PUT", "/api/sessions", "application/json", "{}", null), 405, "method-not-allowed");
        assertThat(p.get("detail").asString()).isEqualTo("PUT is not allowed on /api/sessions (allowed: POST)");
        assertProblem(send("POST", "/api/sessions", "text/plain", "hello", null), 415, "unsupported-media-type");
        assertProblem(send("POST", "/api/sessions", null, "{}", null), 415, "unsupported-media-type");
        assertProblem(send("GET", "/api/scenarios", null, null, "image/png"), 406, "not-acceptable");
    }

    @Test
    void badPathSegmentsQueryParametersAndBodiesAre400InTheUsersTerms() {
        ApiClient api = new ApiClient(port);
        String id = api.newSession("devm-irq-tasklet");
        JsonNode from = assertProblem(api.get("/api/sessions/" + id + "/trace?from=abc"), 400, "bad-request");
        assertThat(from.get("detail").asString())
                .isEqualTo("'abc' is not a valid query parameter 'from': expected a whole number");
        assertProblem(api.get("/api/sessions/" + id + "/view?step=x"), 400, "bad-request");
        JsonNode step =
                assertProblem(api.post("/api/sessions/" + id + "/rewind", "{\"step\":\"ten\"}"), 400, "malformed-json");
        assertThat(step.get("detail").asString()).isEqualTo("at \"step\": expected a whole number");
        assertProblem(api.post("/api/sessions/" + id + "/rewind", "{\"step\":-1}"), 400, "invalid");
        assertProblem(api.post("/api/sessions/" + id + "/commands", "{}"), 400, "invalid");
        assertProblem(api.post("/api/sessions/" + id + "/commands", "{\"commands\":[[1]]}"), 400, "malformed-json");
        assertProblem(api.post("/api/sessions", "{\"scenario\": "), 400, "malformed-json");
        assertProblem(send("POST", "/api/sessions", "application/json", null, null), 400, "malformed-json");
        assertProblem(api.post("/api/sessions", "{\"world\": 5}"), 400, "malformed-json");
    }

    @Test
    void theLabsEndpointsAnswerLikeTheRestOfTheApi() {
        ApiClient api = new ApiClient(port);
        assertProblem(api.post("/api/validate", "{\"source\": "), 400, "malformed-json");
        assertProblem(api.post("/api/validate", "{\"source\": [1]}"), 400, "malformed-json");
        assertProblem(api.post("/api/validate", Map.of("source", "x".repeat(5000))), 413, "too-large");
        assertProblem(
                api.post("/api/validate", Map.of("source", "int f(void) { return 1 +; }\n")), 422, "compile-error");
        assertProblem(api.get("/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/view?step=-5"), 404, "not-found");
    }

    @Test
    void clientErrorsLogOneWarningLineAndNoStackTrace(CapturedOutput output) {
        ApiClient api = new ApiClient(port);
        api.post("/api/validate", "{\"source\": ");
        api.get("/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/trace?from=abc");
        api.get("/nowhere");
        assertThat(output.getOut()).contains(" WARN ").doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    /** Requests Tomcat refuses before Spring sees them: sent raw, as java.net.http will not send them. */
    @Test
    void requestsTomcatRefusesAreProblemsToo() throws IOException {
        for (String line :
                new String[] {"GET /api/%zz HTTP/1.1", "GET /api/sessions/%00 HTTP/1.1", "GET /a%2e%2e%2f HTTP/1.1"}) {
            String response = raw(line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(response)
                    .as(line)
                    .startsWith("HTTP/1.1 4")
                    .contains("application/problem+json")
                    .contains("\"code\":")
                    .contains("X-Content-Type-Options: nosniff")
                    .doesNotContain("<html")
                    .doesNotContain("Tomcat");
            assertThat(body(response)).doesNotContainPattern(JAVA);
        }
        String huge = raw("GET /api/scenarios HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(huge)
                .startsWith("HTTP/1.1 4")
                .contains("application/problem+json")
                .doesNotContain("<html")
                .doesNotContain("Tomcat");
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String body(String response) {
        int at = response.indexOf("\r\n\r\n");
        return at < 0 ? "" : response.substring(at + 4);
    }
}

package dev.driverlab.web.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP against a running test server (Boot 4 has no TestRestTemplate): raw bodies, real status codes. Like
 * the lab's browser it keeps the owner capability of every session it creates and sends it on that session's
 * requests ({@link #anonymous()} is a client that keeps none: someone else in the room).
 */
public final class ApiClient {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SESSION_PATH = Pattern.compile("/api/sessions/([A-Za-z0-9_-]+)(/.*)?");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Map<String, String> owned = new ConcurrentHashMap<>();

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        var m = SESSION_PATH.matcher(path);
        if (m.matches() && owned.containsKey(m.group(1))) request.header("X-Session-Owner", owned.get(m.group(1)));
        HttpResponse<String> r = send(request);
        if (path.equals("/api/sessions") && r.statusCode() == 201) {
            JsonNode body = json(r);
            if (body.has("owner"))
                owned.put(body.get("id").asString(), body.get("owner").asString());
        }
        return r;
    }

    /** A client on the same server that owns no session. */
    public ApiClient anonymous() {
        return new ApiClient(base);
    }

    private ApiClient(String base) {
        this.base = base;
    }

    public HttpResponse<String> post(String path, Object body) {
        return post(path, JSON.writeValueAsString(body));
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String base() {
        return base;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Starts a session on a built-in scenario and returns its id. */
    public String newSession(String scenario) {
        HttpResponse<String> r = post("/api/sessions", "{\"scenario\":\"" + scenario + "\"}");
        if (r.statusCode() != 201) throw new IllegalStateException(r.statusCode() + " " + r.body());
        return json(r).get("id").asString();
    }
}

package dev.driverlab.web.push;

import dev.driverlab.web.api.ApiClient;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A watcher of one session's topic, as the page is one: turns compact frames back into whole ones (events as
 * objects, the state whole) by applying each state delta to the state it holds. A delta that does not follow on
 * from the version it holds (a missed frame, a watcher that joined late) makes it fetch the state over REST and go
 * on from that version; {@link #resyncs} counts those fetches. Not thread-safe: one topic's frames, in order.
 */
public final class PushFollower {
    /** The state now and its version, as {@code GET /api/sessions/{id}} gives them. */
    public record Fetched(String version, JsonNode state) {}

    private final Supplier<Fetched> fetch;
    private String version;
    private JsonNode state;
    private int resyncs;

    public PushFollower(Supplier<Fetched> fetch) {
        this.fetch = fetch;
    }

    /** Fetches over {@code api} (the body's {@code state}, the {@code DriverLab-State-Version} header). */
    public static PushFollower rest(ApiClient api, String sessionId) {
        return new PushFollower(() -> {
            HttpResponse<String> r = api.get("/api/sessions/" + sessionId);
            return new Fetched(
                    r.headers().firstValue("DriverLab-State-Version").orElseThrow(),
                    ApiClient.json(r).get("state"));
        });
    }

    public JsonNode state() {
        return state;
    }

    public String version() {
        return version;
    }

    public int resyncs() {
        return resyncs;
    }

    /** The frame as a whole one: {@code events} as a list of objects, {@code state} the whole state. */
    public JsonNode accept(JsonNode frame) {
        ObjectNode whole = ((ObjectNode) frame).deepCopy();
        if (frame.has("columns")) {
            ArrayNode events = whole.putArray("events");
            PushCodec.rows(frame).forEach(events::add);
            whole.remove("columns");
            whole.remove("strings");
            whole.remove("interned");
        }
        if (frame.has("version")) {
            whole.set("state", follow(frame));
            whole.remove("patch");
            whole.remove("base");
        }
        return whole;
    }

    private JsonNode follow(JsonNode frame) {
        String to = frame.get("version").asString();
        if (frame.has("state")) {
            state = frame.get("state");
            version = to;
        } else if (frame.get("base").asString().equals(version)) {
            state = PushCodec.apply(state, frame.get("patch"));
            version = to;
        } else if (!olderThanHeld(to)) {
            resyncs++;
            Fetched f = fetch.get();
            state = f.state();
            version = f.version();
        }
        return state;
    }

    /** Whether {@code v} is a state before the one held (a frame that a fetch overtook): same incarnation, older. */
    private boolean olderThanHeld(String v) {
        if (version == null) return false;
        int a = v.lastIndexOf('-');
        int b = version.lastIndexOf('-');
        return v.substring(0, a).equals(version.substring(0, b))
                && Long.parseLong(v.substring(a + 1)) <= Long.parseLong(version.substring(b + 1));
    }
}
